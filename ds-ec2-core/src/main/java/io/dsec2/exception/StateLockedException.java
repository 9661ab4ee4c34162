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

    /**
     * For subclasses that explain the lock situation in their own words.
     *
     * @param message the message
     * @param clusterId the locked cluster
     * @param owner who holds the lock ({@code "unknown"} if not known)
     * @param since when the holder took the lock ({@link Instant#EPOCH} if unknown)
     */
    protected StateLockedException(String message, String clusterId, String owner, Instant since) {
        super(Objects.requireNonNull(message, "message must not be null"));
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        this.owner = Objects.requireNonNull(owner, "owner must not be null");
        this.since = Objects.requireNonNull(since, "since must not be null");
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
