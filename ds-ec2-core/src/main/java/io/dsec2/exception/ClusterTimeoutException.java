package io.dsec2.exception;

import java.time.Duration;
import java.util.Objects;

/**
 * A wait or a task did not finish in time: an instance that never reached {@code running}, an sshd that
 * never answered, a server that never became healthy, or a task that overran its timeout.
 *
 * <pre>{@code
 * } catch (ClusterTimeoutException e) {
 *     log.warn("{} not reached after {} (last seen: {})", e.awaited(), e.elapsed(), e.lastObservedState());
 * }
 * }</pre>
 *
 * <p>Not retryable by default: a task that timed out is failed at once rather than retried with the same
 * timeout (the "timeout trips the task" rule of the job/stage/task model). Immutable and thread-safe.
 */
public class ClusterTimeoutException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    private final String awaited;
    private final Duration elapsed;
    private final String lastObservedState;

    /**
     * @param awaited what was awaited, e.g. {@code "task start-server/master-1"}; must hold no secret
     * @param elapsed how long was waited
     * @param lastObservedState the last state seen, e.g. {@code "pending"}; must hold no secret
     */
    public ClusterTimeoutException(String awaited, Duration elapsed, String lastObservedState) {
        this(awaited, elapsed, lastObservedState, false);
    }

    /**
     * @param awaited what was awaited; must hold no secret
     * @param elapsed how long was waited
     * @param lastObservedState the last state seen; must hold no secret
     * @param retryable whether repeating the wait may succeed
     */
    public ClusterTimeoutException(String awaited, Duration elapsed, String lastObservedState, boolean retryable) {
        super("Timed out after " + Objects.requireNonNull(elapsed, "elapsed must not be null")
                + " waiting for " + Objects.requireNonNull(awaited, "awaited must not be null")
                + " (last observed state: " + Objects.requireNonNull(lastObservedState,
                "lastObservedState must not be null") + ")", null, retryable);
        this.awaited = awaited;
        this.elapsed = elapsed;
        this.lastObservedState = lastObservedState;
    }

    /** @return what was awaited, e.g. {@code "task start-server/master-1"} */
    public String awaited() {
        return awaited;
    }

    /** @return how long was waited before giving up */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return the last state observed before giving up */
    public String lastObservedState() {
        return lastObservedState;
    }
}
