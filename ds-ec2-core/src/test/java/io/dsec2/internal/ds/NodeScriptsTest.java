package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the node scripts with the local bash (as root, like the LocalCloud's sudo) against file:// URLs. */
class NodeScriptsTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String sha512(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(f)));
    }

    private Path tarball() throws Exception {
        Path src = tmp.resolve("src/" + Ds320Profile.TARBALL_TOP_DIR);
        for (String d : Ds320Profile.DRIVER_LIBS_DIRS) {
            Files.createDirectories(src.resolve(d));
        }
        Files.writeString(src.resolve("master-server/marker.txt"), "v1");
        Path tgz = tmp.resolve(Ds320Profile.TARBALL_NAME);
        assertThat(bash("tar -czf " + tgz + " -C " + tmp.resolve("src") + " " + Ds320Profile.TARBALL_TOP_DIR).exit()).isZero();
        return tgz;
    }

    @Test
    void fetchChecksAndCachesAndRejectsAWrongChecksum() throws Exception {
        Path tgz = tarball();
        String name = "nodescripts-test-" + ProcessHandle.current().pid() + ".tar.gz";
        try {
            Run first = bash(NodeScripts.fetch("file://" + tgz, name, sha512(tgz)));
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("fetched=true", "path=" + NodeScripts.CACHE_DIR + "/" + name);
            assertThat(bash(NodeScripts.fetch("file://" + tgz, name, sha512(tgz))).out()).contains("fetched=false");

            Files.writeString(tmp.resolve(name + ".sha512"), sha512(tgz) + "  " + name + "\n");
            Files.copy(tgz, tmp.resolve(name));
            Run fromSidecar = bash(NodeScripts.fetch("file://" + tmp.resolve(name), name, null));
            assertThat(fromSidecar.exit()).as(fromSidecar.err()).isZero();
            assertThat(fromSidecar.out()).contains("sha512=" + sha512(tgz));

            Run bad = bash(NodeScripts.fetch("file://" + tgz, name + ".bad", "0".repeat(128)));
            assertThat(bad.exit()).isEqualTo(3);
            assertThat(bad.err()).contains("SHA-512 mismatch");
            assertThat(Path.of(NodeScripts.CACHE_DIR, name + ".bad")).doesNotExist();
        } finally {
            bash("rm -f " + NodeScripts.CACHE_DIR + "/" + name + "*");
        }
    }

    @Test
    void extractIsIdempotentAndDriverLandsInTheFiveLibsDirs() throws Exception {
        Path tgz = tarball();
        Path install = tmp.resolve("install");
        String sum = sha512(tgz);
        Run first = bash(NodeScripts.extract(tgz.toString(), sum, install.toString(), "root"));
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("extracted=true");
        assertThat(install.resolve("master-server/marker.txt")).hasContent("v1");
        assertThat(bash(NodeScripts.extract(tgz.toString(), sum, install.toString(), "root")).out()).contains("extracted=false");

        Path jar = tmp.resolve(Ds320Profile.MYSQL_DRIVER_JAR);
        Files.writeString(jar, "driver");
        assertThat(bash(NodeScripts.installDriver(jar.toString(), install.toString(), "root")).out()).contains("copied=5");
        assertThat(bash(NodeScripts.installDriver(jar.toString(), install.toString(), "root")).out()).contains("copied=0");
        for (String d : Ds320Profile.DRIVER_LIBS_DIRS) {
            assertThat(install.resolve(d).resolve(Ds320Profile.MYSQL_DRIVER_JAR)).hasContent("driver");
        }
    }

    /** An extract cut off during its ownership change (a reset SSH connection) is redone in full by the retry. */
    @Test
    void anExtractCutOffBeforeItsChownIsRedoneByTheRetry() throws Exception {
        Path tgz = tarball();
        Path install = tmp.resolve("cut-install");
        String sum = sha512(tgz);
        Path shim = Files.createDirectories(tmp.resolve("shim"));
        Path sudo = shim.resolve("sudo");
        Files.writeString(sudo, "#!/bin/bash\n[ \"$1\" = -n ] && shift\n"
                + "if [ \"$1\" = chown ] && [ \"$2\" = -R ]; then exit 137; fi\nexec \"$@\"\n");
        assertThat(sudo.toFile().setExecutable(true)).isTrue();
        Run cut = bash("export PATH=" + shim + ":$PATH\n" + NodeScripts.extract(tgz.toString(), sum,
                install.toString(), "root"));
        assertThat(cut.exit()).as("the cut-off run fails").isNotZero();
        assertThat(install.resolve(Ds320Profile.DS_EC2_DIR).resolve("package.sha512"))
                .as("no marker before the ownership change").doesNotExist();
        Run retry = bash(NodeScripts.extract(tgz.toString(), sum, install.toString(), "root"));
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("extracted=true");
    }

    @Test
    void prepareOsReportsJavaAndMemory() throws Exception {
        Run r = bash(NodeScripts.prepareOs(null));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("java_major=(8|11|17)").containsPattern("mem_mib=\\d+").contains("os=");
        Run bad = bash(NodeScripts.prepareOs(tmp.toString()));
        assertThat(bad.exit()).isEqualTo(4);
        assertThat(bad.err()).contains("has no bin/java");
    }

    @Test
    void processPatternDoesNotMatchItsOwnText() {
        String pattern = NodeScripts.mainPattern(NodeRole.MASTER);
        assertThat("org.apache.dolphinscheduler.server.master.MasterServer").matches(pattern);
        assertThat(pattern).doesNotMatch(pattern.replace(".", "\\."));
    }

    @Test
    void awaitHealthyFailsWithTheLastAnswerWhenNothingListens() throws Exception {
        // in a network namespace of its own, so a server another test runs on this machine's loopback cannot answer
        Path script = tmp.resolve("await.sh");
        Files.writeString(script, NodeScripts.awaitHealthy(NodeRole.ALERT, Duration.ofSeconds(1)));
        Run r = bash("unshare --net bash -c 'ip link set lo up && exec bash \"$0\"' " + Shell.quote(script.toString()));
        assertThat(r.exit()).as("needs root, unshare (util-linux) and ip (iproute2); stderr: %s", r.err()).isEqualTo(8);
        assertThat(r.err()).contains("not healthy after 1 s at http://127.0.0.1:50053/actuator/health");
    }

    @Test
    void theCacheIsServedOnceToOtherNodesAndStopped() throws Exception {
        Path tgz = tarball();
        String sum = sha512(tgz);
        String name = "nodescripts-fanout-" + ProcessHandle.current().pid() + ".tar.gz";
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try {
            Run missing = bash(NodeScripts.cached(name, sum));
            assertThat(missing.exit()).as(missing.err()).isZero();
            assertThat(missing.out()).contains("cached=false", "path=" + NodeScripts.CACHE_DIR + "/" + name);
            Files.copy(tgz, Path.of(NodeScripts.CACHE_DIR, name));
            assertThat(bash(NodeScripts.cached(name, sum)).out()).contains("cached=true");
            assertThat(bash(NodeScripts.cached(name, "0".repeat(128))).out()).contains("cached=false");

            Run started = bash(NodeScripts.serveCache("127.0.0.1", port, Duration.ofSeconds(60)));
            assertThat(started.exit()).as(started.err()).isZero();
            assertThat(started.out()).contains("serving=started");
            assertThat(bash(NodeScripts.serveCache("127.0.0.1", port, Duration.ofSeconds(60))).out())
                    .contains("serving=running");

            Run pulled = bash(NodeScripts.fetch("http://127.0.0.1:" + port + "/" + name, name + ".pulled", sum));
            assertThat(pulled.exit()).as(pulled.err()).isZero();
            assertThat(pulled.out()).contains("fetched=true");
            assertThat(sha512(Path.of(NodeScripts.CACHE_DIR, name + ".pulled"))).isEqualTo(sum);
            assertThat(Files.readString(Path.of(NodeScripts.FANOUT_DIR, "http.log")))
                    .contains("\"GET /" + name + " HTTP/1.1\" 200");

            Run stopped = bash(NodeScripts.stopServing());
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).contains("stopped=true");
            assertThat(bash("curl -fsS -m 2 http://127.0.0.1:" + port + "/").exit()).isNotZero();
            assertThat(bash(NodeScripts.stopServing()).out()).contains("stopped=false");
        } finally {
            bash(NodeScripts.stopServing());
            bash("rm -f " + NodeScripts.CACHE_DIR + "/" + name + "*");
        }
    }

    @Test
    void theServerEndsByItselfAfterItsLifetime() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try {
            Run started = bash(NodeScripts.serveCache("127.0.0.1", port, Duration.ofSeconds(2)));
            assertThat(started.exit()).as(started.err()).isZero();
            String pid = Files.readString(Path.of(NodeScripts.FANOUT_DIR, "http.pid")).strip();
            assertThat(Path.of("/proc", pid)).exists();
            Run gone = bash("for i in $(seq 1 80); do [ -d /proc/" + pid + " ] || { echo gone; exit 0; }; sleep 0.1; done;"
                    + " echo still-there");
            assertThat(gone.out()).contains("gone");
        } finally {
            bash(NodeScripts.stopServing());
        }
    }

    @Test
    void theSeedWithoutPython3FailsWithAMessageSayingSo() throws Exception {
        Run ok = bash(NodeScripts.requireServer());
        assertThat(ok.exit()).as(ok.err()).isZero();
        Run missing = bash("PATH=" + tmp + "\n" + NodeScripts.requireServer());
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).contains("python3 is missing").contains("deployment.package_url");
    }
}
