package io.dsec2.internal.engine;

import io.dsec2.exception.ClusterOperationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of every task of a plan in one execution, in plan order, and the stage that failed, if any.
 * Immutable.
 */
public final class ExecutionReport {
    private final String jobId;
    private final String operation;
    private final List<TaskOutcome> outcomes;
    private final String failedStage;
    private final Duration duration;

    ExecutionReport(String jobId, String operation, List<TaskOutcome> outcomes, String failedStage,
                    Duration duration) {
        this.jobId = jobId;
        this.operation = operation;
        this.outcomes = List.copyOf(outcomes);
        this.failedStage = failedStage;
        this.duration = duration;
    }

    /** @return the job id */
    public String jobId() {
        return jobId;
    }

    /** @return the operation kind */
    public String operation() {
        return operation;
    }

    /** @return true if every task succeeded or was already done */
    public boolean succeeded() {
        return failedStage == null;
    }

    /** @return the stage that failed, if one did */
    public Optional<String> failedStage() {
        return Optional.ofNullable(failedStage);
    }

    /** @return every task's outcome, in plan order */
    public List<TaskOutcome> outcomes() {
        return outcomes;
    }

    /**
     * @param taskId a task of the plan
     * @return its outcome
     * @throws IllegalArgumentException if the plan has no such task
     */
    public TaskOutcome outcome(String taskId) {
        return outcomes.stream().filter(o -> o.taskId().equals(taskId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task '" + taskId + "' in job " + jobId));
    }

    /** @return wall time of the execution */
    public Duration duration() {
        return duration;
    }

    /**
     * @return the failure as the public exception, with per-task and per-node outcomes
     * @throws IllegalStateException if the execution succeeded
     */
    public ClusterOperationException toException() {
        if (succeeded()) {
            throw new IllegalStateException("job " + jobId + " succeeded");
        }
        ClusterOperationException.Builder b = ClusterOperationException.builder().operation(operation).jobId(jobId);
        Map<String, Boolean> nodeOk = new LinkedHashMap<>();
        for (TaskOutcome o : outcomes) {
            if (o.state().done()) {
                b.addSucceededTask(o.taskId());
                o.node().ifPresent(n -> nodeOk.putIfAbsent(n, true));
            } else if (o.state() == TaskState.FAILED) {
                b.putFailedTask(o.taskId(), Redaction.asDsEc2(o.taskId(), o.error()));
                o.node().ifPresent(n -> {
                    nodeOk.put(n, false);
                    b.putFailedNode(n, Redaction.asDsEc2(o.taskId(), o.error()));
                });
            } else {
                b.addNotStartedTask(o.taskId());
            }
        }
        Set<String> ok = new LinkedHashSet<>();
        nodeOk.forEach((n, fine) -> {
            if (fine) {
                ok.add(n);
            }
        });
        ok.forEach(b::addSucceededNode);
        return b.build();
    }

    /** @throws ClusterOperationException if any task failed */
    public void throwIfFailed() {
        if (!succeeded()) {
            throw toException();
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ExecutionReport{job=" + jobId + ", operation=" + operation + ", "
                + (succeeded() ? "succeeded" : "failed in stage " + failedStage) + ", duration=" + duration);
        outcomes.forEach(o -> s.append("\n  ").append(o));
        return s.append("}").toString();
    }
}
