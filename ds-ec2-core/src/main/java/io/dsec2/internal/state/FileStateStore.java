package io.dsec2.internal.state;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The default {@link StateStore}: {@code <root>/<clusterId>/<key>}. Directories are 0700 and files 0600
 * (where the file system is POSIX); a write goes to a temporary file in the same directory, is forced to
 * disk and renamed over the target with {@code ATOMIC_MOVE}. Reads and writes use streams, not interruptible
 * channels, so a journal entry can still be written by a thread that is being cancelled. Names starting with a dot are reserved for
 * temporary files and the lock file, and are never listed. Thread-safe.
 */
public final class FileStateStore implements StateStore {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    private FileStateStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * @param root the directory holding one sub-directory per cluster
     * @return the store
     */
    public static FileStateStore create(Path root) {
        return new FileStateStore(Objects.requireNonNull(root, "root must not be null"));
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String clusterId, String key) {
        Path file = file(clusterId, key);
        try (InputStream in = new FileInputStream(file.toFile())) { // streams, unlike channels, survive interrupts
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            if (Files.notExists(file)) {
                return Optional.empty();
            }
            throw failure("read", clusterId, key, e);
        } catch (IOException e) {
            throw failure("read", clusterId, key, e);
        }
    }

    @Override
    public void write(String clusterId, String key, byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
        Path file = file(clusterId, key);
        Path tmp = null;
        try {
            createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp", fileMode());
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) { // not closed by an interrupt
                out.write(value);
                out.getFD().sync();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new DsEc2Exception("The file system of state directory " + root
                    + " cannot rename atomically; choose another state directory", e);
        } catch (IOException e) {
            throw failure("write", clusterId, key, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public List<String> list(String clusterId, String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        Path dir = clusterDir(clusterId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace(dir.getFileSystem().getSeparator(), "/"))
                    .filter(k -> !k.startsWith(".") && !k.contains("/."))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw failure("list", clusterId, prefix, e);
        }
    }

    @Override
    public List<String> clusters() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw failure("list", "*", "", e);
        }
    }

    @Override
    public void delete(String clusterId, String key) {
        try {
            Files.deleteIfExists(file(clusterId, key));
        } catch (IOException e) {
            throw failure("delete", clusterId, key, e);
        }
    }

    @Override
    public StateLock lock(String clusterId, String owner, Duration wait) {
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(wait, "wait must not be null");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        Path dir = clusterDir(clusterId);
        try {
            createDirectories(dir);
        } catch (IOException e) {
            throw failure("lock", clusterId, ".lock", e);
        }
        return FileStateLock.acquire(clusterId, dir.resolve(".lock"), owner, wait, fileMode());
    }

    @Override
    public String toString() {
        return "FileStateStore{" + root + "}";
    }

    private Path clusterDir(String clusterId) {
        return root.resolve(StateKeys.clusterId(clusterId));
    }

    private Path file(String clusterId, String key) {
        return clusterDir(clusterId).resolve(StateKeys.key(key));
    }

    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX && dir.startsWith(root)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    static FileAttribute<?>[] fileMode() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover dot-file is never listed or read
            }
        }
    }

    private DsEc2Exception failure(String op, String clusterId, String key, IOException e) {
        return new DsEc2Exception("Could not " + op + " state '" + key + "' of cluster '" + clusterId + "' under "
                + root + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
}
