package io.dsec2.model;

/** What a rolling restart does when a node fails its health gate ({@link RollingPolicy#failureAction()}). */
public enum FailureAction {
    /** Stop at the failed node and report it; nodes not yet restarted keep the old version. The default. */
    PAUSE,
    /** Go on with the next nodes, until more than {@link RollingPolicy#maxFailures()} nodes failed. */
    CONTINUE,
    /** Stop and re-apply the previous version to the nodes already changed, with the same policy. */
    ROLL_BACK
}
