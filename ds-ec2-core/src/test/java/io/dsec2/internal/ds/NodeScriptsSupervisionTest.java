package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dsec2.model.NodeRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link NodeScripts#start} and {@link NodeScripts#stop} with the local bash inside fresh mount and PID
 * namespaces ({@code unshare}, as root). The systemd case mounts a tmpfs over {@code /run} holding
 * {@code systemd/system} (the real marker the scripts read) and one over {@code /etc/systemd/system}, and puts a
 * fake {@code systemctl} first on PATH that records its arguments and runs the installed unit's ExecStartPre,
 * ExecStart and ExecStop lines the way systemd would (cwd = WorkingDirectory, {@code $MAINPID}, {@code $$}). The
 * daemon case mounts an empty tmpfs over {@code /run}. The "JVM" is a {@code sleep} whose argv[0] carries the main
 * class, a child of the server's {@code bin/start.sh} as the real JVM is. The PID namespace keeps pgrep/pkill away
 * from every other process on the machine, and the kernel ends whatever is left when it ends.
 */
class NodeScriptsSupervisionTest {
    private static final NodeRole ROLE = NodeRole.MASTER;
    private static final String USER = "root";

    @TempDir
    Path tmp;
    private Path install;
    private Path bin;

    @BeforeEach
    void layout() throws IOException {
        install = tmp.resolve("install");
        Path server = install.resolve(ROLE.serverDir());
        Files.createDirectories(server.resolve("bin"));
        Files.createDirectories(server.resolve("conf"));
        Files.createDirectories(server.resolve("logs"));
        Files.createDirectories(install.resolve("bin/env"));
        Files.writeString(install.resolve(Ds320Profile.ENV_FILE), "export FROM_SHARED_ENV=yes\n");
        // like DS: sources its conf env, runs the JVM as a child (no exec), writes nothing else
        write(server.resolve("bin/start.sh"), """
                . conf/dolphinscheduler_env.sh
                pwd > started-in.txt
                echo "$FROM_SHARED_ENV" > env-seen.txt
                (exec -a "java -cp conf %s" sleep 300)
                """.formatted(Ds320Profile.mainClass(ROLE)));
        // a minimal DS daemon: copy the env, start.sh in the background from the server dir, pid file; stop = pkill -P
        write(install.resolve(Ds320Profile.DAEMON), """
                cd "$(dirname "$0")/.."
                case "$1" in
                  start) cp -f bin/env/dolphinscheduler_env.sh "$2/conf/dolphinscheduler_env.sh"
                         cd "$2"; nohup bash bin/start.sh > logs/daemon.out 2>&1 < /dev/null & echo $! > pid ;;
                  stop)  p=$(cat "$2/pid"); pkill -P "$p"; sleep 1; rm -f "$2/pid" ;;
                esac
                """);
        bin = tmp.resolve("fakebin");
        Files.createDirectories(bin);
        Path log = tmp.resolve("systemctl.log");
        Path mainPid = tmp.resolve("mainpid");
        write(bin.resolve("systemctl"), """
                #!/bin/bash
                echo "$*" >> %1$s
                get() { sed -n "s/^$1=//p" "/etc/systemd/system/$2"; }
                unit="${@: -1}"
                case "$1" in
                  daemon-reload|reset-failed) ;;
                  enable)
                    [ -f "/etc/systemd/system/$unit" ] || { echo "no unit $unit" >&2; exit 5; }
                    case " $* " in *" --now "*)
                      cd "$(get WorkingDirectory "$unit")"
                      eval "$(get ExecStartPre "$unit")"
                      eval "$(get ExecStart "$unit") > /dev/null 2>&1 < /dev/null &"
                      echo $! > %2$s ;;
                    esac ;;
                  stop)
                    [ -s %2$s ] || exit 0
                    cmd=$(get ExecStop "$unit"); cmd=${cmd//\\$MAINPID/$(cat %2$s)}; cmd=${cmd//\\$\\$/\\$}
                    eval "$cmd"; : > %2$s ;;
                  *) echo "fake systemctl: unexpected $*" >&2; exit 1 ;;
                esac
                """.formatted(Shell.quote(log.toString()), Shell.quote(mainPid.toString())));
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Runs start, start again, stop, stop again in one fresh mount+PID namespace; returns the combined outputs.
     * {@code systemd} decides whether {@code /run} gets the {@code systemd/system} marker.
     */
    private String runInNamespace(boolean systemd) throws Exception {
        Path d = tmp.resolve("scripts");
        Files.createDirectories(d);
        Files.writeString(d.resolve("start"), NodeScripts.start(ROLE, install.toString(), USER));
        Files.writeString(d.resolve("stop"), NodeScripts.stop(ROLE, install.toString(), USER, Duration.ofSeconds(5)));
        Files.writeString(d.resolve("driver"), """
                set -u
                mount -t tmpfs ds-ec2-test-run /run || exit 90
                %s
                mount -t tmpfs ds-ec2-test-units /etc/systemd/system || exit 91
                export PATH=%s:$PATH
                d=%s
                for step in start start stop stop; do
                  echo "== $step"; bash "$d/$step" 2>&1; echo "rc=$?"
                done
                echo "== left"; pgrep -af %s || true
                echo "== unit"; cat %s 2>/dev/null || true
                """.formatted(systemd ? "mkdir -p /run/systemd/system" : "", Shell.quote(bin.toString()),
                Shell.quote(d.toString()), Shell.quote(NodeScripts.mainPattern(ROLE)),
                Shell.quote(SystemdUnits.unitPath(ROLE))));
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--pid", "--fork",
                "--mount-proc", "bash", d.resolve("driver").toString()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail("this test needs unshare (Debian package util-linux) and root", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("namespace driver did not finish: " + out);
        }
        assertThat(p.exitValue()).as("unshare needs root; output:%n%s", out).isZero();
        return out;
    }

    private static String section(String out, String name, int nth) {
        int at = -1;
        for (int i = 0; i < nth; i++) {
            at = out.indexOf("== " + name + "\n", at + 1);
            assertThat(at).as("section %s #%d in%n%s", name, nth, out).isNotNegative();
        }
        int end = out.indexOf("\n== ", at + 1);
        return end < 0 ? out.substring(at) : out.substring(at, end);
    }

    @Test
    void withSystemdTheUnitIsInstalledOnceEnabledStartedAndStoppedThroughSystemctl() throws Exception {
        String out = runInNamespace(true);
        String unitName = SystemdUnits.unitName(ROLE);

        assertThat(section(out, "start", 1)).contains("supervisor=systemd", "started=true", "rc=0").containsPattern("pid=\\d+");
        assertThat(section(out, "start", 2)).contains("supervisor=systemd", "started=false", "rc=0").containsPattern("pid=\\d+");
        assertThat(section(out, "stop", 1)).contains("stopped=true", "escalated=none", "rc=0");
        assertThat(section(out, "stop", 2)).contains("stopped=false", "escalated=none", "rc=0");
        assertThat(section(out, "left", 1).strip()).isEqualTo("== left");
        assertThat(section(out, "unit", 1)).isEqualTo("== unit\n" + SystemdUnits.unit(ROLE, install.toString(), USER));

        // reload only when the unit changed; enable --now once; enable again while running; stop twice
        assertThat(Files.readAllLines(tmp.resolve("systemctl.log"))).containsExactly(
                "daemon-reload", "reset-failed " + unitName, "enable -q --now " + unitName, "enable -q " + unitName,
                "stop " + unitName, "stop " + unitName);
        Path server = install.resolve(ROLE.serverDir());
        assertThat(server.resolve("started-in.txt")).hasContent(server.toString());
        assertThat(server.resolve("env-seen.txt")).hasContent("yes");
        assertThat(server.resolve("conf/dolphinscheduler_env.sh")).hasSameTextualContentAs(install.resolve(Ds320Profile.ENV_FILE));
        assertThat(server.resolve("pid")).doesNotExist();
    }

    @Test
    void withoutSystemdTheDaemonStartsAndStopsAndSystemctlIsNeverCalled() throws Exception {
        String out = runInNamespace(false);

        assertThat(section(out, "start", 1)).contains("supervisor=daemon", "started=true", "rc=0").containsPattern("pid=\\d+");
        assertThat(section(out, "start", 2)).contains("supervisor=daemon", "started=false", "rc=0");
        assertThat(section(out, "stop", 1)).contains("stopped=true", "escalated=none", "rc=0");
        assertThat(section(out, "stop", 2)).contains("stopped=false", "rc=0");
        assertThat(section(out, "left", 1).strip()).isEqualTo("== left");
        assertThat(section(out, "unit", 1).strip()).isEqualTo("== unit");
        assertThat(tmp.resolve("systemctl.log")).doesNotExist();
        Path server = install.resolve(ROLE.serverDir());
        assertThat(server.resolve("started-in.txt")).hasContent(server.toString());
        assertThat(server.resolve("env-seen.txt")).hasContent("yes");
        assertThat(server.resolve("pid")).as("the daemon's pid file goes with the server").doesNotExist();
    }
}
