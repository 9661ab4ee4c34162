package io.dsec2.internal.state;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster lock held through an operating-system lock ({@link FileChannel#tryLock()}) on the cluster's
 * {@code .lock} file. The file also records owner, time and pid so that someone who finds the lock held can
 * be told who holds it. The OS drops the lock when the holding process dies, so a crashed operator never
 * leaves the cluster locked. Thread-safe.
 */
final class FileStateLock implements StateLock {
    private static final Logger LOG = LoggerFactory.getLogger(FileStateLock.class);
    private static final long POLL_MILLIS = 100;

    private final String clusterId;
    private final String owner;
    private final Instant since;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private FileStateLock(String clusterId, String owner, Instant since, FileChannel channel, FileLock lock) {
        this.clusterId = clusterId;
        this.owner = owner;
        this.since = since;
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(String clusterId, Path file, String owner, Duration wait, FileAttribute<?>[] mode) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            StateLock held = tryAcquire(clusterId, file, owner, mode);
            if (held != null) {
                return held;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw locked(clusterId, file);
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DsEc2Exception("Interrupted while waiting for the state lock of cluster '" + clusterId + "'", e);
            }
        }
    }

    private static StateLock tryAcquire(String clusterId, Path file, String owner, FileAttribute<?>[] mode) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), mode);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another channel of this JVM
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            Instant since = Instant.now();
            String clean = owner.replaceAll("[\\r\\n\\t]", " ");
            String content = body(clean, since, ProcessHandle.current().pid());
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new FileStateLock(clusterId, clean, since, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DsEc2Exception("Could not lock the state of cluster '" + clusterId + "' (" + file + "): "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /**
     * @return the lock file's text, {@code owner}, {@code since} and {@code pid} lines that {@link Properties#load}
     *     reads back: backslashes doubled, and a leading space or form feed of the owner escaped, since the reader
     *     would drop it
     */
    static String body(String owner, Instant since, long pid) {
        String value = owner.replace("\\", "\\\\");
        if (value.startsWith(" ")) {
            value = "\\" + value;
        } else if (value.startsWith("\f")) {
            value = "\\f" + value.substring(1);
        }
        return "owner=" + value + "\nsince=" + since + "\npid=" + pid + "\n";
    }

    private static StateLockedException locked(String clusterId, Path file) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("Could not read lock file {}", file, e);
        }
        String owner = p.getProperty("owner", "unknown");
        String pid = p.getProperty("pid");
        Instant since;
        try {
            since = Instant.parse(p.getProperty("since", Instant.EPOCH.toString()));
        } catch (DateTimeParseException e) {
            since = Instant.EPOCH;
        }
        return new StateLockedException(clusterId, pid == null ? owner : owner + " (pid " + pid + ")", since);
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Instant since() {
        return since;
    }

    /**
     * @return false once closed, or if the operating system no longer holds the lock for this process (the channel was
     *     closed, for instance by an interrupt during I/O)
     */
    @Override
    public synchronized boolean held() {
        return !closed && lock.isValid();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // an interrupt would close the channel before the truncate
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            LOG.warn("Could not cleanly release the state lock of cluster '{}'", clusterId, e);
        } finally {
            closeQuietly(channel);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("Could not close lock file channel", e);
            }
        }
    }

    @Override
    public String toString() {
        return "StateLock{cluster=" + clusterId + ", owner=" + owner + ", since=" + since + "}";
    }
}
