package io.dsec2.internal.ds;

import static io.dsec2.internal.ds.Shell.quote;

import io.dsec2.model.NodeRole;
import java.time.Duration;

/**
 * The idempotent shell steps that install and run DolphinScheduler 3.2.0 on one node. Each script checks
 * before it acts, prints {@code key=value} lines the caller parses, and exits non-zero with a message on
 * stderr when it cannot do its job. Scripts are run with bash as the SSH login user, with sudo where they
 * need root. Stateless and thread-safe.
 *
 * <p>Exit codes: 0 done (or nothing to do), 3 checksum mismatch, 4 unsupported platform or Java, other
 * non-zero codes come from the failing command.
 */
public final class NodeScripts {
    /** Where downloads are cached on a node, so a re-run does not fetch again. */
    public static final String CACHE_DIR = "/opt/ds-ec2/cache";
    /** Where the seed node keeps the package server's pid file and request log ({@link #serveCache}). */
    public static final String FANOUT_DIR = "/opt/ds-ec2/fanout";

    private NodeScripts() {
    }

    /**
     * Detects the OS, makes sure tar, curl, pstree (psmisc) and sudo are there, and finds or installs Java.
     * Prints {@code os=<id>}, {@code java_home=<dir>}, {@code java_major=<n>}, {@code mem_mib=<n>}.
     *
     * @param javaHome the JAVA_HOME the spec names, or null to detect (and on AL2023 install Corretto 11)
     * @return the script
     */
    public static String prepareOs(String javaHome) {
        return """
            set -euo pipefail
            . /etc/os-release 2>/dev/null || ID=unknown
            echo "os=$ID"
            pkgs=""
            command -v tar >/dev/null || pkgs="$pkgs tar"
            command -v curl >/dev/null || pkgs="$pkgs curl"
            command -v pstree >/dev/null || pkgs="$pkgs psmisc"
            command -v sha512sum >/dev/null || pkgs="$pkgs coreutils"
            install_pkgs() {
              case "$ID" in
                amzn|rhel|centos|fedora|rocky|almalinux) sudo -n dnf install -y -q "$@" ;;
                debian|ubuntu) sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
                                 && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" ;;
                *) echo "unsupported OS '$ID': install $* by hand" >&2; exit 4 ;;
              esac
            }
            [ -z "$pkgs" ] || install_pkgs $pkgs
            jh=%s
            if [ -z "$jh" ]; then
              if command -v java >/dev/null; then jh=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
              else
                case "$ID" in
                  amzn) install_pkgs java-11-amazon-corretto-headless ;;
                  ubuntu) install_pkgs openjdk-11-jre-headless ;;
                  debian) install_pkgs openjdk-17-jre-headless ;;
                  *) echo "no Java found and no way to install it on '$ID': set deployment.java_home" >&2; exit 4 ;;
                esac
                jh=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
              fi
            fi
            [ -x "$jh/bin/java" ] || { echo "JAVA_HOME $jh has no bin/java" >&2; exit 4; }
            v=$("$jh/bin/java" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\\1/')
            major=${v%%%%.*}; [ "$major" = 1 ] && major=$(echo "$v" | cut -d. -f2)
            case "$major" in 8|11|17) ;; *) echo "Java $v at $jh: DolphinScheduler 3.2.0 runs on Java 8, 11 or 17" >&2; exit 4 ;; esac
            echo "java_home=$jh"
            echo "java_major=$major"
            echo "mem_mib=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))"
            """.formatted(javaHome == null ? "\"\"" : quote(javaHome));
    }

    /**
     * Creates the deploy user with passwordless sudo (DS workers run tenants' tasks with sudo:
     * {@code sudo.enable} in
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-common/src/main/resources/common.properties).
     *
     * @param user the deploy user, for example {@code dolphinscheduler}
     * @return the script; prints {@code created=true|false}
     */
    public static String ensureDeployUser(String user) {
        String q = quote(user);
        return """
            set -euo pipefail
            if id -u %1$s >/dev/null 2>&1; then echo created=false
            else sudo -n useradd -m -s /bin/bash %1$s; echo created=true; fi
            f=/etc/sudoers.d/90-ds-ec2-%2$s
            line=%3$s
            if [ "$(sudo -n cat "$f" 2>/dev/null)" != "$line" ]; then
              echo "$line" | sudo -n tee "$f" >/dev/null; sudo -n chmod 0440 "$f"
            fi
            """.formatted(q, user.replaceAll("[^A-Za-z0-9_-]", "_"), quote(user + " ALL=(ALL) NOPASSWD: ALL"));
    }

    /**
     * Downloads a file into {@link #CACHE_DIR} unless a copy with the right SHA-512 is there, and checks the
     * SHA-512 of what arrives. When {@code sha512} is null, the checksum is taken from {@code <url>.sha512}
     * (the ASF convention; both the {@code sha512sum} and the {@code gpg --print-md} layouts are read).
     *
     * @param url http(s), or file:// for a file already on the node
     * @param fileName the name in the cache
     * @param sha512 the expected hex digest, or null
     * @return the script; prints {@code path=<file>}, {@code sha512=<verified hex digest, lower case>} and
     *     {@code fetched=true|false}
     */
    public static String fetch(String url, String fileName, String sha512) {
        return """
            set -euo pipefail
            dir=%1$s; f="$dir/"%2$s; url=%3$s; sum=%4$s
            sudo -n mkdir -p "$dir"; sudo -n chown "$(id -u):$(id -g)" "$dir"
            if [ -z "$sum" ]; then
              sum=$(curl -fsSL --retry 5 --retry-connrefused --max-time 60 "$url.sha512" | tr -d '\\n' \
                    | sed -E 's/^[^:]*:[[:space:]]*//; s/[[:space:]]+/ /g' | grep -oE '[0-9A-Fa-f ]{128,}' | tr -d ' ' \
                    | head -c 128 | tr 'A-F' 'a-f')
              [ ${#sum} -eq 128 ] || { echo "no SHA-512 found at $url.sha512: give the checksum in the spec" >&2; exit 3; }
            fi
            if [ -f "$f" ] && echo "$sum  $f" | sha512sum -c --status; then echo fetched=false
            else
              curl -fsSL --retry 5 --retry-connrefused --connect-timeout 20 -o "$f.part" "$url"
              if ! echo "$sum  $f.part" | sha512sum -c --status; then
                got=$(sha512sum "$f.part" | cut -d' ' -f1); rm -f "$f.part"
                echo "SHA-512 mismatch for $url: expected $sum, got $got" >&2; exit 3
              fi
              mv -f "$f.part" "$f"; echo fetched=true
            fi
            echo "path=$f"
            echo "sha512=$(printf '%%s' "$sum" | tr 'A-F' 'a-f')"
            """.formatted(quote(CACHE_DIR), quote(fileName), quote(url), sha512 == null ? "\"\"" : quote(sha512));
    }

    /**
     * Makes {@link #CACHE_DIR} exist and belong to the login user, and tells whether it holds {@code fileName} with
     * the given SHA-512.
     *
     * @param fileName the name in the cache
     * @param sha512 the expected hex digest
     * @return the script; prints {@code cached=true|false} and {@code path=<file>}
     */
    public static String cached(String fileName, String sha512) {
        return """
            set -euo pipefail
            dir=%1$s; f="$dir/"%2$s; sum=%3$s
            sudo -n mkdir -p "$dir"; sudo -n chown "$(id -u):$(id -g)" "$dir"
            if [ -f "$f" ] && echo "$sum  $f" | sha512sum -c --status; then echo cached=true; else echo cached=false; fi
            echo "path=$f"
            """.formatted(quote(CACHE_DIR), quote(fileName), quote(sha512));
    }

    /**
     * Serves {@link #CACHE_DIR} over HTTP on {@code bindIp:port} with {@code python3 -m http.server} unless something
     * answers there already (calls from several nodes at once start one server: they take a lock). The server runs
     * in its own session under {@code timeout}, so it ends by itself after {@code lifetime} even if nobody stops it;
     * its pid is in {@link #FANOUT_DIR}{@code /http.pid} and its request log in {@code http.log} there. Exits 4 with
     * a message if python3 is missing, 9 if the server does not answer within 10 s.
     *
     * @param bindIp the node's private IP
     * @param port the TCP port
     * @param lifetime the longest the server runs, at least 1 s
     * @return the script; prints {@code serving=started|running}
     */
    public static String serveCache(String bindIp, int port, Duration lifetime) {
        return """
            set -euo pipefail
            dir=%1$s; run=%2$s; ip=%3$s; port=%4$d
            %6$s
            sudo -n mkdir -p "$dir" "$run"; sudo -n chown "$(id -u):$(id -g)" "$dir" "$run"
            up() { curl -fsS -o /dev/null -m 2 "http://$ip:$port/"; }
            exec 9>"$run/http.lock"
            command -v flock >/dev/null && flock -w 30 9 || true
            if up 2>/dev/null; then echo serving=running; exit 0; fi
            setsid timeout --signal=TERM %5$ds python3 -m http.server --bind "$ip" --directory "$dir" "$port" \\
              >>"$run/http.log" 2>&1 </dev/null 9>&- &
            echo $! >"$run/http.pid"
            for i in $(seq 1 100); do up 2>/dev/null && break; sleep 0.1; done
            up 2>/dev/null || { echo "the package server on $ip:$port did not start:" >&2
              tail -n 20 "$run/http.log" >&2; exit 9; }
            echo serving=started
            """.formatted(quote(CACHE_DIR), quote(FANOUT_DIR), quote(bindIp), port, Math.max(1, lifetime.toSeconds()),
                requireServer().strip());
    }

    /**
     * Checks that the node can run the package server of {@link #serveCache}, so the seed fails before the upload,
     * not after it.
     *
     * @return the script; exits 4 with a message naming python3 if it is missing
     */
    public static String requireServer() {
        return """
            command -v python3 >/dev/null || { echo "python3 is missing on $(hostname): the seed node serves" \
              "deployment.package_file to the other nodes with python3 -m http.server;" \
              "install python3 there or use deployment.package_url" >&2; exit 4; }
            """;
    }

    /**
     * Stops the server {@link #serveCache} started (the pid in its pid file, if that process is still an
     * {@code http.server}), waiting up to 5 s for it to end. Its request log stays.
     *
     * @return the script; prints {@code stopped=true|false}
     */
    public static String stopServing() {
        return """
            set -uo pipefail
            run=%1$s
            pid=$(cat "$run/http.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && tr '\\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'http[.]server'; then
              kill -TERM "$pid" 2>/dev/null || true
              for i in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
              echo stopped=true
            else echo stopped=false; fi
            rm -f "$run/http.pid"
            """.formatted(quote(FANOUT_DIR));
    }

    /**
     * Extracts the distribution into the install directory unless the same package (by SHA-512) is already
     * there. Extraction goes to a sibling temporary directory first and is moved into place, so a failure
     * leaves no half-extracted install; ds-ec2's own files ({@code .ds-ec2/}) survive. The marker is written last,
     * after the ownership change, so a script cut off anywhere (a reset SSH connection) is redone in full.
     *
     * @param tarball the cached tarball on the node
     * @param sha512 its digest, recorded as the install's marker
     * @param installPath absolute install directory
     * @param user owner of the installed files
     * @return the script; prints {@code extracted=true|false}
     */
    public static String extract(String tarball, String sha512, String installPath, String user) {
        return """
            set -euo pipefail
            dst=%1$s; tgz=%2$s; sum=%3$s; owner=%4$s
            marker="$dst/%5$s/package.sha512"
            if [ -f "$marker" ] && [ "$(cat "$marker")" = "$sum" ]; then echo extracted=false; exit 0; fi
            if [ -d "$dst/master-server" ] && [ -f "$marker" ]; then
              echo "$dst holds another DolphinScheduler package; upgrading in place is not supported" >&2; exit 5
            fi
            tmp="$dst.ds-ec2-tmp"; sudo -n rm -rf "$tmp"; sudo -n mkdir -p "$tmp" "$dst/%5$s"
            sudo -n tar -xzf "$tgz" -C "$tmp" --strip-components=1
            for d in "$tmp"/* "$tmp"/.[!.]*; do [ -e "$d" ] || continue; sudo -n rm -rf "$dst/$(basename "$d")"; sudo -n mv "$d" "$dst/"; done
            sudo -n rm -rf "$tmp"
            sudo -n chown -R "$owner:$owner" "$dst"
            echo "$sum" | sudo -n tee "$marker" >/dev/null
            sudo -n chown "$owner:$owner" "$marker"
            echo extracted=true
            """.formatted(quote(installPath), quote(tarball), quote(sha512), quote(user), Ds320Profile.DS_EC2_DIR);
    }

    /**
     * Copies the MySQL driver into the five libs directories
     * (https://github.com/apache/dolphinscheduler/blob/3.2.0/docs/docs/en/guide/howto/datasource-setting.md)
     * where it is missing or different.
     *
     * @param jar the cached driver jar on the node
     * @param installPath the install directory
     * @param user owner of the copies
     * @return the script; prints {@code copied=<n>}
     */
    public static String installDriver(String jar, String installPath, String user) {
        StringBuilder dirs = new StringBuilder();
        for (String d : Ds320Profile.DRIVER_LIBS_DIRS) {
            dirs.append(' ').append(quote(d));
        }
        return """
            set -euo pipefail
            jar=%1$s; dst=%2$s; owner=%3$s; n=0
            for d in%4$s; do
              t="$dst/$d/$(basename "$jar")"
              if ! cmp -s "$jar" "$t"; then sudo -n install -m 0644 -o "$owner" -g "$owner" "$jar" "$t"; n=$((n+1)); fi
            done
            echo "copied=$n"
            """.formatted(quote(jar), quote(installPath), quote(user), dirs);
    }

    /**
     * Initialises or upgrades the schema with {@code tools/bin/upgrade-schema.sh}
     * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-tools/src/main/dist-bin/upgrade-schema.sh),
     * as the deploy
     * user; the script sources the rendered env file itself (which sources the secrets file).
     *
     * @return the script
     */
    public static String upgradeSchema(String installPath, String user) {
        return "set -euo pipefail\ncd " + quote(installPath) + "\nsudo -n -u " + quote(user) + " bash "
                + Ds320Profile.UPGRADE_SCHEMA + "\n";
    }

    /**
     * A shell condition that holds where systemd supervises the host: the {@code /run/systemd/system} directory
     * that {@code sd_booted(3)} checks, and a {@code systemctl} to talk to it. LocalCloud hosts have neither.
     */
    static final String SYSTEMD_RUNS = "[ -d /run/systemd/system ] && command -v systemctl >/dev/null";

    /**
     * Starts a server unless its JVM already runs. Where systemd runs, it installs the unit
     * {@link SystemdUnits#unit} renders (reloading systemd only when the file changed), enables it, and starts
     * it; elsewhere it uses the DS daemon. Prints {@code supervisor=systemd|daemon}, {@code started=true|false}
     * and {@code pid=<java pid>} once the JVM is up; exits 6 with the last log lines when it does not come up
     * within 10 s.
     */
    public static String start(NodeRole role, String installPath, String user) {
        return """
            set -euo pipefail
            cd %1$s
            main=%2$s
            pid=$(pgrep -u %3$s -f "$main" | head -1 || true)
            if %6$s; then
              echo supervisor=systemd
              sc=$(command -v systemctl); unit=%7$s; f=%8$s; text=%9$s
              if ! printf '%%s' "$text" | sudo -n cmp -s - "$f"; then
                printf '%%s' "$text" | sudo -n tee "$f" >/dev/null; sudo -n chmod 0644 "$f"; sudo -n "$sc" daemon-reload
              fi
              if [ -n "$pid" ]; then sudo -n "$sc" enable -q "$unit"; echo started=false; echo "pid=$pid"; exit 0; fi
              sudo -n "$sc" reset-failed "$unit" >/dev/null 2>&1 || true
              sudo -n "$sc" enable -q --now "$unit"
            else
              echo supervisor=daemon
              if [ -n "$pid" ]; then echo started=false; echo "pid=$pid"; exit 0; fi
              sudo -n -u %3$s bash %4$s start %5$s >/dev/null
            fi
            for i in $(seq 1 100); do pid=$(pgrep -u %3$s -f "$main" | head -1 || true); [ -n "$pid" ] && break; sleep 0.1; done
            if [ -z "$pid" ]; then
              echo "%5$s did not start; last log lines:" >&2; tail -n 30 %5$s/logs/*.out %5$s/logs/*.log 2>/dev/null >&2 || true
              if %6$s; then sudo -n journalctl -u %7$s -n 30 --no-pager >&2 2>/dev/null || true; fi
              exit 6
            fi
            echo started=true; echo "pid=$pid"
            """.formatted(quote(installPath), quote(mainPattern(role)), quote(user), Ds320Profile.DAEMON,
                role.serverDir(), SYSTEMD_RUNS, quote(SystemdUnits.unitName(role)),
                quote(SystemdUnits.unitPath(role)), quote(SystemdUnits.unit(role, installPath, user)));
    }

    /**
     * Stops a server, then makes sure the JVM is really gone. Where systemd runs and the server's unit is
     * installed, {@code systemctl stop} stops it (the unit's ExecStop SIGTERMs the JVM and waits, bounded by
     * {@link SystemdUnits#stopTimeout}); this also ends a pending automatic restart. Elsewhere ds-ec2 sends the
     * JVM the SIGTERM that the DS daemon's stop would send ({@code pkill -P <wrapper pid>}) and polls until it is
     * gone, instead of calling the daemon, whose stop then sleeps a fixed {@code STOP_TIMEOUT=5} s whether or not
     * the JVM has exited (https://github.com/apache/dolphinscheduler/blob/3.2.0/script/dolphinscheduler-daemon.sh);
     * the daemon's pid file ({@code <server>/pid}) is removed as the daemon's stop removes it. Either way a JVM still
     * there after {@code graceful} gets SIGTERM again and then SIGKILL from ds-ec2.
     * Prints {@code stopped=true|false} and {@code escalated=none|term|kill}; exits 7 if the JVM survives SIGKILL.
     * Under systemd, {@code systemctl stop} can take up to twice {@link SystemdUnits#stopTimeout} (ExecStop, then
     * the signals), so a caller's limit on this script should exceed that plus {@code graceful} and 6 s.
     */
    public static String stop(NodeRole role, String installPath, String user, Duration graceful) {
        return """
            set -uo pipefail
            cd %1$s
            main=%2$s
            running=false; pgrep -u %3$s -f "$main" >/dev/null && running=true
            if %7$s && [ -f %8$s ]; then sudo -n "$(command -v systemctl)" stop %9$s || true
            elif [ "$running" = true ]; then sudo -n pkill -TERM -u %3$s -f "$main" || true; fi
            if [ "$running" = false ] && ! pgrep -u %3$s -f "$main" >/dev/null; then echo stopped=false; echo escalated=none; exit 0; fi
            esc=none
            for i in $(seq 1 %6$d); do pgrep -u %3$s -f "$main" >/dev/null || break; sleep 0.1; done
            if pgrep -u %3$s -f "$main" >/dev/null; then esc=term; sudo -n pkill -TERM -u %3$s -f "$main" || true
              for i in $(seq 1 50); do pgrep -u %3$s -f "$main" >/dev/null || break; sleep 0.1; done; fi
            if pgrep -u %3$s -f "$main" >/dev/null; then esc=kill; sudo -n pkill -KILL -u %3$s -f "$main" || true; sleep 0.5; fi
            if pgrep -u %3$s -f "$main" >/dev/null; then echo "%5$s JVM survived SIGKILL" >&2; exit 7; fi
            sudo -n rm -f %4$s
            echo stopped=true; echo "escalated=$esc"
            """.formatted(quote(installPath), quote(mainPattern(role)), quote(user),
                quote(role.serverDir() + "/pid"),
                role.serverDir(), Math.max(1, graceful.toMillis() / 100), SYSTEMD_RUNS,
                quote(SystemdUnits.unitPath(role)), quote(SystemdUnits.unitName(role)));
    }

    /**
     * A pgrep pattern for the server's JVM that does not match the shell running the script (whose command
     * line contains the pattern text): the class name's first letter is written as a bracket expression.
     */
    public static String mainPattern(NodeRole role) {
        String main = Ds320Profile.mainClass(role);
        int i = main.lastIndexOf('.') + 1;
        return main.substring(0, i) + "[" + main.charAt(i) + "]" + main.substring(i + 1);
    }

    /**
     * Polls the server's actuator health on the node itself until it says UP.
     * Prints {@code health=UP} or exits 8 with the last answer.
     */
    public static String awaitHealthy(NodeRole role, Duration timeout) {
        return """
            set -uo pipefail
            url=%1$s; last=""
            end=$(( $(date +%%s) + %2$d ))
            while [ "$(date +%%s)" -lt "$end" ]; do
              last=$(curl -fsS -m 3 "$url" 2>&1) && echo "$last" | grep -q '"status":"UP"' && { echo health=UP; exit 0; }
              sleep 1
            done
            echo "not healthy after %2$d s at $url: $last" >&2; exit 8
            """.formatted(quote("http://127.0.0.1:" + role.httpPort() + Ds320Profile.healthPath(role)),
                Math.max(1, timeout.toSeconds()));
    }
}
