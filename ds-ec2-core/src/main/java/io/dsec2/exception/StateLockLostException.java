package io.dsec2.exception;

import java.time.Instant;
import java.util.Objects;

/**
 * An operation lost the cluster's state lock while it ran, so it stopped before its next change. A lease lock (the
 * S3 state store's) is lost when its lease ran out without a successful renewal, or when the lock object no longer
 * carries this operation's token (another operator took the lock over, or someone deleted it). Nothing was started
 * after the loss was noticed; steps already running when it happened were left to finish.
 *
 * <p>{@link #owner()} and {@link #since()} name the new holder when it is known ({@code "unknown"} and
 * {@link Instant#EPOCH} otherwise); {@link #lostOwner()} is this operation's own lock owner. Re-running the same
 * operation once the cluster is free resumes it: every step checks before it acts, so nothing done is done twice.
 *
 * <p>Not retryable by the engine's automatic retries. Immutable and thread-safe.
 *
 * <pre>{@code
 * try {
 *     cluster.update(desired, UpdateOptions.defaults());
 * } catch (StateLockLostException e) {
 *     log.warn("stopped: {} now holds {}", e.owner(), e.clusterId());
 * }
 * }</pre>
 */
public class StateLockLostException extends StateLockedException {
    private static final long serialVersionUID = 1L;
    private final String lostOwner;
    private final String reason;

    /**
     * @param clusterId the cluster whose lock was lost
     * @param lostOwner the owner description of the lost lock (this operation's)
     * @param reason why the lock counts as lost, e.g. {@code "its lease ran out at 2024-05-01T10:00:00Z"}
     * @param owner who holds the lock now, {@code "unknown"} if not known, {@code "nobody"} if it is free
     * @param since when that holder took it, {@link Instant#EPOCH} if unknown
     */
    public StateLockLostException(String clusterId, String lostOwner, String reason, String owner, Instant since) {
        super("Lost the state lock of cluster '" + Objects.requireNonNull(clusterId, "clusterId must not be null")
                + "' (held as " + Objects.requireNonNull(lostOwner, "lostOwner must not be null") + "): "
                + Objects.requireNonNull(reason, "reason must not be null") + "; it is now held by " + owner
                + (Instant.EPOCH.equals(since) ? "" : " since " + since) + ". Stopped before the next change; "
                + "re-run the same operation once the cluster is free to resume", clusterId, owner, since);
        this.lostOwner = lostOwner;
        this.reason = reason;
    }

    /** @return the owner description of the lock this operation held and lost */
    public String lostOwner() {
        return lostOwner;
    }

    /** @return why the lock counts as lost */
    public String reason() {
        return reason;
    }
}
