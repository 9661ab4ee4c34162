package io.dsec2.testkit.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StandInDistributionTest {
    private Path dir;

    @AfterEach
    void cleanUp() throws IOException {
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void paddingMakesTheTarballAsBigAsAskedAndTheChecksumMatches() throws IOException {
        dir = Files.createTempDirectory("standin-dist-");
        Path small = StandInDistribution.build(dir.resolve("a"), 0);
        long base = Files.size(small);
        assertThat(base).isBetween(100_000L, 30_000_000L);
        Path padded = StandInDistribution.build(dir.resolve("b"), 16L << 20);
        long size = Files.size(padded);
        assertThat(size).isBetween(base + (16L << 20), base + (17L << 20));
        String line = Files.readString(dir.resolve("b/" + StandInDistribution.TARBALL + ".sha512"));
        assertThat(line).isEqualTo(StandInDistribution.sha512Hex(padded) + "  " + StandInDistribution.TARBALL + "\n");
    }

    @Test
    void buildsAreCachedByContent() throws IOException {
        dir = Files.createTempDirectory("standin-dist-");
        Path t = StandInDistribution.build(dir, 1 << 20);
        String sha = StandInDistribution.sha512Hex(t);
        long mtime = Files.getLastModifiedTime(t).toMillis();
        assertThat(StandInDistribution.build(dir, 1 << 20)).isEqualTo(t);
        assertThat(Files.getLastModifiedTime(t).toMillis()).isEqualTo(mtime);
        StandInDistribution.build(dir, 2 << 20);
        assertThat(StandInDistribution.sha512Hex(t)).isNotEqualTo(sha);
        StandInDistribution.build(dir, 1 << 20);
        assertThat(StandInDistribution.sha512Hex(t)).as("reproducible").isEqualTo(sha);
    }
}
