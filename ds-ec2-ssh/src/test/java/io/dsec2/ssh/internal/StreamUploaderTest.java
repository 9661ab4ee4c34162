package io.dsec2.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamUploaderTest {
    @TempDir
    Path tmp;

    @Test
    void checksumCommandPrintsTheSha256FirstWithOpensslAndWithSha256sumAsFallback() throws Exception {
        byte[] data = "it's some data\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("it's a file"), data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String command = StreamUploader.checksumCommand(file.toString());

        assertThat(firstWord(run(command, System.getenv("PATH")))).isEqualTo(expected);
        // a PATH without openssl: only sha256sum
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("sha256sum"), Path.of("/usr/bin/sha256sum"));
        assertThat(firstWord(run(command, bin.toString()))).isEqualTo(expected);
    }

    @Test
    void receiveCommandCreatesExclusivelyWithMode0600() {
        assertThat(StreamUploader.receiveCommand("/d/it's")).isEqualTo("umask 077 && set -C && exec cat > '/d/it'\\''s'");
    }

    private static String run(String command, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static String firstWord(String s) {
        return s.strip().split("\\s+")[0];
    }
}
