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
}
