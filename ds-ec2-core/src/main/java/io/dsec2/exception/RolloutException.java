package io.dsec2.exception;

import io.dsec2.model.RolloutResult;
import java.util.Objects;

/**
 * A rolling restart stopped at a node that failed its health gate: with {@link io.dsec2.model.FailureAction#PAUSE}
 * (nodes not reached keep the old version; re-running the same command resumes), with
 * {@link io.dsec2.model.FailureAction#ROLL_BACK} (changed nodes were returned to the previous version), or with
 * {@link io.dsec2.model.FailureAction#CONTINUE} once more nodes failed than allowed. {@link #result()} tells which
 * nodes were restarted, failed (with causes) and rolled back. Not retryable. Immutable and thread-safe.
 */
public class RolloutException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    private final transient RolloutResult result;

    /**
     * @param message what stopped, naming the node and the cause
     * @param result what the rollout did up to then
     */
    public RolloutException(String message, RolloutResult result) {
        super(message);
        this.result = Objects.requireNonNull(result, "result must not be null");
    }

    /** @return what the rollout did */
    public RolloutResult result() {
        return result;
    }
}
