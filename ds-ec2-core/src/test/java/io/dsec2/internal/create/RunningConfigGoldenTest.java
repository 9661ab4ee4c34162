package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.RenderedFile;
import io.dsec2.spi.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of the running-config marker that every node carries ({@code <install>/.ds-ec2/running}, written by
 * {@link RunningConfig#writeScript}, read by {@link RunningConfig#read}), and of what its digest is checked against:
 * the cluster's digest key in the state store ({@code digest-key}, {@link DigestKey}) and the digest algorithm
 * ({@link RunningConfig#nodeDigest}, {@link RunningConfig#clusterDigest}). A later version must read the markers and
 * key this one left, and compute the same digest for the same rendered files, or it would take every node for
 * drifted.
 *
 * <p>{@code src/test/resources/golden/running-config/v1-marker.txt} was written once by today's script (run with the
 * local bash, {@code sudo} stubbed), {@code v1-digest-key.bin} is a fixed 32-byte key; both are checked in and nothing
 * here regenerates them. The marker has no optional field; its absence (no file: empty output) is the minimal case.
 *
 * <p><b>To change the format</b> (or the digest), do not edit or regenerate a v1 file: add {@code v2-*} files and tests
 * for the new writer, and keep reading v1, because nodes keep the marker they were started with.
 */
class RunningConfigGoldenTest {
    static final String NODE_DIGEST = "dff92c93c41a7d7aac90bb0095b3902f26c5d1b47f47977b8739f152480aa8ee";
    static final String JOB = "update-20261121T080000Z-a3f1";

    @TempDir
    Path dir;

    /** A master's rendered files, the secrets file among them. */
    static List<RenderedFile> files() {
        return List.of(
                RenderedFile.builder().path("bin/env/dolphinscheduler_env.sh").content("export DATABASE=postgresql\n"
                        + "export SPRING_DATASOURCE_URL='jdbc:postgresql://db.internal:5433/ds'\n").build(),
                RenderedFile.builder().path(".ds-ec2/secrets.env").content("export SPRING_DATASOURCE_PASSWORD='S3cr3t'\n")
                        .mode(0600).secret(true).build(),
                RenderedFile.builder().path("master-server/bin/jvm_args_env.sh").content("-Xms6144m\n-Xmx8192m\n").build());
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = RunningConfigGoldenTest.class.getResourceAsStream("/golden/running-config/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    // ---- reading ----

    @Test
    void v1MarkerReadsItsDigestAndJob() throws IOException {
        assertThat(RunningConfig.parse(new String(golden("v1-marker.txt"), StandardCharsets.UTF_8)))
                .hasValueSatisfying(m -> assertThat(m).containsExactlyInAnyOrderEntriesOf(
                        Map.of("digest", NODE_DIGEST, "job", JOB)));
    }

    @Test
    void noMarkerReadsAsNone() {
        assertThat(RunningConfig.parse("")).isEmpty();
    }

    @Test
    void v1DigestKeyIsReadNotReplaced() throws IOException {
        StateStore store = StateStore.directory(dir);
        store.write("analytics", DigestKey.KEY, golden("v1-digest-key.bin"));
        assertThat(DigestKey.of(store, "analytics")).hasSize(32).isEqualTo(golden("v1-digest-key.bin"));
        assertThat(store.read("analytics", DigestKey.KEY)).hasValue(golden("v1-digest-key.bin"));
    }

    @Test
    void todaysDigestOfTheSameFilesUnderTheV1KeyIsTheOneInTheV1Marker() throws IOException {
        String digest = RunningConfig.nodeDigest(files(), golden("v1-digest-key.bin"));
        assertThat(digest).isEqualTo(NODE_DIGEST);
        assertThat(RunningConfig.parse(new String(golden("v1-marker.txt"), StandardCharsets.UTF_8)).orElseThrow())
                .containsEntry("digest", digest);
        assertThat(RunningConfig.nodeDigest(List.of(files().get(2), files().get(0), files().get(1)),
                golden("v1-digest-key.bin"))).as("path order, not list order").isEqualTo(NODE_DIGEST);
        assertThat(RunningConfig.clusterDigest(Map.of("worker-1",
                "e7f6c011776e8db7cd330b54174fd76f7d0216b612387a5ffcfb81e6f0919683", "master-1", NODE_DIGEST)))
                .isEqualTo("1e7eb7d55e73cdc8d90b19c27adf07377b9eb7409547a11ba7092ce2af6b0958");
    }

    // ---- writing ----

    @Test
    void todaysScriptWritesTheV1MarkerByteForByte() throws Exception {
        Path install = Files.createDirectories(dir.resolve("install"));
        Files.createDirectories(install.resolve(".ds-ec2"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("sudo"), "#!/bin/sh\n[ \"$1\" = -n ] && shift\nexec \"$@\"\n");
        assertThat(bin.resolve("sudo").toFile().setExecutable(true)).isTrue();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                RunningConfig.writeScript(install.toString(), NODE_DIGEST, JOB)).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path marker = install.resolve(RunningConfig.MARKER);
        assertThat(Files.readAllBytes(marker)).isEqualTo(golden("v1-marker.txt"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");
    }
}
