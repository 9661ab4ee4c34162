package io.dsec2.internal.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How one task ended in one execution.
 *
 * @param taskId the task
 * @param stage its stage
 * @param nodeId its node, or null
 * @param state SUCCEEDED, SKIPPED (already done), FAILED, or PENDING (never started)
 * @param attempts attempts made in this execution (0 if none)
 * @param duration time spent in this execution
 * @param error the failure, for FAILED only, or null
 */
public record TaskOutcome(String taskId, String stage, String nodeId, TaskState state, int attempts,
                          Duration duration, Throwable error) {

    /** @return the node, if the task works on one */
    public Optional<String> node() {
        return Optional.ofNullable(nodeId);
    }

    /** @return the failure, for a FAILED task */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(error);
    }

    /** @return the redacted failure summary, for a FAILED task */
    public Optional<String> errorSummary() {
        return failure().map(Redaction::summary);
    }

    @Override
    public String toString() {
        return "TaskOutcome{" + taskId + " " + state + ", attempts=" + attempts + ", duration=" + duration
                + errorSummary().map(s -> ", error=" + s).orElse("") + "}";
    }

    static TaskOutcome notStarted(Task task, Stage stage) {
        return new TaskOutcome(task.id(), stage.name(), task.nodeId().orElse(null), TaskState.PENDING, 0,
                Duration.ZERO, null);
    }
}
