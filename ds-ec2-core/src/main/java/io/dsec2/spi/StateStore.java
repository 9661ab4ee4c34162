package io.dsec2.spi;

import io.dsec2.internal.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where ds-ec2 keeps what the cloud cannot hold: config versions, the operation journal and pinned host
 * keys. Values are small byte arrays addressed by cluster id and key.
 *
 * <pre>{@code
 * StateStore store = StateStore.directory(Path.of("/var/lib/ds-ec2"));
 * try (StateLock lock = store.lock("prod", "alice@laptop", Duration.ZERO)) {
 *     store.write("prod", "jobs/create-1.journal", bytes);
 * }
 * }</pre>
 *
 * <p>Keys are relative paths of segments made of letters, digits, {@code .}, {@code _} and {@code -},
 * separated by {@code /}; no segment starts with a dot. Cluster ids follow the same rule for one segment.
 *
 * <p>Contract for implementations: safe for concurrent use by many threads; {@link #write} is atomic (a
 * reader sees the old value or the new one, never a mix); {@link #delete} of a missing key is a no-op;
 * failures are reported as {@link io.dsec2.exception.DsEc2Exception} (retryable if repeating may help).
 * The default is {@link #directory(Path)}; a team store (for example on S3) implements the same interface.
 */
public interface StateStore {

    /**
     * @param clusterId the cluster
     * @param key the key
     * @return the value, or empty if the key does not exist
     */
    Optional<byte[]> read(String clusterId, String key);

    /**
     * Replaces the value of a key atomically, creating it if needed.
     *
     * @param clusterId the cluster
     * @param key the key
     * @param value the new value
     */
    void write(String clusterId, String key, byte[] value);

    /**
     * @param clusterId the cluster
     * @param prefix a key prefix, {@code ""} for all
     * @return the keys of the cluster that start with the prefix, sorted
     */
    List<String> list(String clusterId, String prefix);

    /**
     * The clusters this store holds state for, for listings and shell completion. The default returns an empty
     * list (a store that cannot enumerate); {@link #directory(Path)} stores list their sub-directories.
     *
     * @return cluster ids, sorted
     */
    default List<String> clusters() {
        return List.of();
    }

    /**
     * Removes a key; a missing key is not an error.
     *
     * @param clusterId the cluster
     * @param key the key
     */
    void delete(String clusterId, String key);

    /**
     * Takes the cluster's exclusive lock, so two operators cannot mutate one cluster at once. The lock is
     * released by {@link StateLock#close()} and, for stores that support it, when the holding process dies.
     *
     * @param clusterId the cluster
     * @param owner who takes the lock, shown to others who find it held (e.g. {@code "alice@host pid 42"})
     * @param wait how long to wait for a held lock; {@link Duration#ZERO} fails at once
     * @return the held lock
     * @throws io.dsec2.exception.StateLockedException if the lock is still held by someone else after
     *     {@code wait}, naming the holder and since when
     */
    StateLock lock(String clusterId, String owner, Duration wait);

    /**
     * The default store: a directory per cluster under {@code root}, files readable only by their owner
     * (0600), atomic writes by rename, and a lock file that the operating system releases when the holding
     * process dies.
     *
     * @param root the directory that holds one sub-directory per cluster; created if missing
     * @return the store
     */
    static StateStore directory(Path root) {
        return FileStateStore.create(root);
    }

    /**
     * The store every operation uses when the builder sets none: the directory named by the system property
     * {@code ds-ec2.state-dir}, else {@code ~/.ds-ec2/clusters}, as a {@link #directory(Path)} store.
     *
     * @return the store
     */
    static StateStore standard() {
        return FileStateStore.create(io.dsec2.internal.EnvironmentDefaults.stateRoot());
    }

    /**
     * The per-user default location, {@code <userHome>/.ds-ec2/clusters}, as a {@link #directory(Path)} store.
     * The caller supplies the home directory (ds-ec2 reads environment and system properties in one place
     * only).
     *
     * @param userHome the operator's home directory
     * @return the store
     */
    static StateStore defaultDirectory(Path userHome) {
        return FileStateStore.create(userHome.resolve(".ds-ec2").resolve("clusters"));
    }
}
