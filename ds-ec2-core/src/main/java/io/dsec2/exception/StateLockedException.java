package io.dsec2.exception;

import java.time.Instant;
import java.util.Objects;

/**
 * Another operator (or another process of the same operator) holds the lock of a cluster's state, so this
 * one may not mutate the cluster now. The message names the holder and since when it holds the lock.
 *
 * <p>Not retryable by the engine's automatic retries: waiting is the caller's decision (see
 * {@code Timeouts.lockWait()}). Immutable and thread-safe.
 */
public class StateLockedException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    private final String clusterId;
    private final String owner;
    private final Instant since;

    /**
     * @param clusterId the locked cluster
     * @param owner who holds the lock, as that holder described itself ({@code "unknown"} if unreadable)
     * @param since when the holder took the lock ({@link Instant#EPOCH} if unknown)
     */
    public StateLockedException(String clusterId, String owner, Instant since) {
        super("State of cluster '" + Objects.requireNonNull(clusterId, "clusterId must not be null")
                + "' is locked by " + Objects.requireNonNull(owner, "owner must not be null") + " since "
                + Objects.requireNonNull(since, "since must not be null")
                + "; wait for that operation to finish, or stop it");
        this.clusterId = clusterId;
        this.owner = owner;
        this.since = since;
    }

    /** @return the id of the locked cluster */
    public String clusterId() {
        return clusterId;
    }

    /** @return the lock holder's self-description, e.g. {@code "alice@host1 pid 4242 job create-7f3a"} */
    public String owner() {
        return owner;
    }

    /** @return when the holder took the lock */
    public Instant since() {
        return since;
    }
}
