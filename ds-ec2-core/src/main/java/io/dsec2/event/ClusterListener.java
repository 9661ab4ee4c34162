package io.dsec2.event;

/**
 * Receives progress of cluster operations: each stage's start and end, and each task's start, retries,
 * skip and end. Every method has a no-op default, so implement only what you need; new callbacks may be
 * added in later versions without breaking you.
 *
 * <pre>{@code
 * ClusterListener progress = new ClusterListener() {
 *     @Override
 *     public void taskFailed(TaskEvent e) {
 *         log.error("{} on {} failed: {}", e.taskId(), e.nodeId().orElse("-"), e.error().orElse(""));
 *     }
 * };
 * }</pre>
 *
 * <p>Contract: callbacks are called from ds-ec2's worker threads, possibly concurrently for tasks of one
 * stage, so implementations must be thread-safe. They must be quick (no I/O that can block), must not throw
 * (an exception thrown by a callback is caught and logged, and the operation goes on), and must not call
 * back into the cluster. Events never carry secrets.
 */
public interface ClusterListener {

    /** A listener that ignores every event. */
    ClusterListener NONE = new ClusterListener() {
        @Override
        public String toString() {
            return "ClusterListener.NONE";
        }
    };

    /**
     * @param event bytes moved by a transfer from this machine to a node (the upload of a local package file),
     *        a few times a second and once at the end
     */
    default void transferProgress(TransferEvent event) {
    }

    /** @param event a stage is starting */
    default void stageStarted(StageEvent event) {
    }

    /** @param event every task of a stage succeeded or was already done */
    default void stageSucceeded(StageEvent event) {
    }

    /** @param event a stage failed; no later stage will start */
    default void stageFailed(StageEvent event) {
    }

    /** @param event a task is starting (its idempotency check is about to run) */
    default void taskStarted(TaskEvent event) {
    }

    /**
     * @param event a task had nothing to do: its check found the work done (after {@code taskStarted}), or the
     *     journal of a resumed job recorded it done (then no {@code taskStarted} precedes it, and the attempt is 0)
     */
    default void taskSkipped(TaskEvent event) {
    }

    /** @param event an attempt failed with a transient error; the task will be tried again after a delay */
    default void taskRetrying(TaskEvent event) {
    }

    /** @param event a task did its work */
    default void taskSucceeded(TaskEvent event) {
    }

    /** @param event a task failed for good */
    default void taskFailed(TaskEvent event) {
    }
}
