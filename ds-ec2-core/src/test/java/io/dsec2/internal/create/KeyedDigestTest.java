package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.RenderedFile;
import io.dsec2.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node configuration digests cover the secrets file, so they are keyed and their marker is private (issue 10). */
class KeyedDigestTest {
    @TempDir
    Path dir;

    static List<RenderedFile> files(String password) {
        return List.of(RenderedFile.builder().path("bin/env/dolphinscheduler_env.sh").content("export X='1'\n").build(),
                RenderedFile.builder().path(".ds-ec2/secrets.env")
                        .content("export SPRING_DATASOURCE_PASSWORD='" + password + "'\n").mode(0600).secret(true).build());
    }

    @Test
    void theDigestCannotBeRecomputedWithoutTheClusterKey() throws Exception {
        StateStore store = StateStore.directory(dir);
        byte[] key = DigestKey.of(store, "c1");
        assertThat(key).hasSize(32).isEqualTo(DigestKey.of(store, "c1"));
        assertThat(DigestKey.of(store, "c2")).isNotEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c1").resolve("digest-key"))))
                .isEqualTo("rw-------");

        String digest = RunningConfig.nodeDigest(files("hunter2"), key);
        // what anyone holding the digest could compute for a guess if it were unkeyed
        StringBuilder unkeyed = new StringBuilder();
        files("hunter2").stream().sorted(java.util.Comparator.comparing(RenderedFile::path))
                .forEach(f -> unkeyed.append(f.path()).append('\0').append(RunningConfig.sha256(f.content())).append('\n'));
        assertThat(digest).isNotEqualTo(RunningConfig.sha256(unkeyed.toString()))
                .isNotEqualTo(RunningConfig.nodeDigest(files("hunter2"), DigestKey.of(store, "c2")))
                .isEqualTo(RunningConfig.nodeDigest(files("hunter2"), key))
                .isNotEqualTo(RunningConfig.nodeDigest(files("hunter3"), key)); // a rotated password still shows
    }

    @Test
    void theMarkerIsWrittenMode0600BeforeItIsMovedIntoPlace() {
        String script = RunningConfig.writeScript("/opt/ds", "d", "job-1");
        assertThat(script).contains("chmod 0600 '/opt/ds/.ds-ec2/running.tmp'");
        assertThat(script.indexOf("chmod 0600")).isLessThan(script.indexOf("mv -f"));
    }
}
