package io.dsec2.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of the body of the {@link FileStateStore}'s lock file ({@code <root>/<cluster>/.lock}, written by
 * {@link FileStateLock#body}, read with {@link java.util.Properties} by whoever finds the lock held, to name the
 * holder). The lock itself is the operating system's; the body only tells who holds it, but a later version must still
 * name the holder of a lock taken by this one (two versions may share a state directory).
 *
 * <p>{@code src/test/resources/golden/file-lock/v1-*.lock} are what today's writer writes and are checked in; nothing
 * here regenerates them. {@code v1-full} has an owner as the operations build it (with a backslash, an escaped
 * {@code \n} look-alike and a non-ASCII letter) and a fractional {@code since}; {@code v1-minimal} the shortest owner;
 * {@code v1-released} is the empty file a released lock leaves.
 *
 * <p><b>To change the format</b>, do not edit a v1 file: add {@code v2-*} files and tests for the new writer, and keep
 * reading v1.
 */
class FileStateLockGoldenTest {
    static final String FULL_OWNER = "CORP\\nina@build-host.example.com (update) job update-20261121T080000Z-a3f1 \u00e9";

    @TempDir
    Path root;

    static byte[] golden(String name) throws IOException {
        try (InputStream in = FileStateLockGoldenTest.class.getResourceAsStream("/golden/file-lock/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** @return what someone who finds the lock held with {@code body} in its file is told */
    private StateLockedException heldWith(byte[] body) throws IOException {
        StateStore store = StateStore.directory(root);
        store.lock("prod", "setup", Duration.ZERO).close(); // creates the cluster directory and the lock file
        Path file = root.resolve("prod/.lock");
        Files.write(file, body);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assertThat(held.isValid()).isTrue();
            Throwable t = catchThrowable(() -> store.lock("prod", "bob", Duration.ZERO));
            assertThat(t).isInstanceOf(StateLockedException.class);
            assertThat(Files.readAllBytes(file)).as("finding the lock held leaves its file alone").isEqualTo(body);
            return (StateLockedException) t;
        }
    }

    // ---- reading ----

    @Test
    void v1FullNamesTheHolderItsPidAndSince() throws IOException {
        StateLockedException e = heldWith(golden("v1-full.lock"));
        assertThat(e.clusterId()).isEqualTo("prod");
        assertThat(e.owner()).isEqualTo(FULL_OWNER + " (pid 4242)");
        assertThat(e.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00.123456Z"));
    }

    @Test
    void v1MinimalNamesTheHolderItsPidAndSince() throws IOException {
        StateLockedException e = heldWith(golden("v1-minimal.lock"));
        assertThat(e.owner()).isEqualTo("me (pid 1)");
        assertThat(e.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
    }

    @Test
    void v1ReleasedReadsAsAnUnknownHolder() throws IOException {
        assertThat(golden("v1-released.lock")).isEmpty();
        StateLockedException e = heldWith(golden("v1-released.lock"));
        assertThat(e.owner()).isEqualTo("unknown");
        assertThat(e.since()).isEqualTo(Instant.EPOCH);
    }

    // ---- writing ----

    @Test
    void todaysWriterWritesV1ByteForByte() throws IOException {
        assertThat(FileStateLock.body(FULL_OWNER, Instant.parse("2026-11-21T08:00:00.123456Z"), 4242)
                .getBytes(StandardCharsets.UTF_8)).isEqualTo(golden("v1-full.lock"));
        assertThat(FileStateLock.body("me", Instant.parse("2026-11-21T08:00:00Z"), 1)
                .getBytes(StandardCharsets.UTF_8)).isEqualTo(golden("v1-minimal.lock"));
    }

    @Test
    void aHeldLockFileHoldsTodaysBodyAndAReleasedOneIsEmpty() throws IOException {
        StateStore store = StateStore.directory(root);
        Path file = root.resolve("prod/.lock");
        try (StateLock lock = store.lock("prod", FULL_OWNER, Duration.ZERO)) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                    .isEqualTo(FileStateLock.body(FULL_OWNER, lock.since(), ProcessHandle.current().pid()));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(golden("v1-released.lock"));
    }
}
