package io.dsec2.internal.engine;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** What a task's check and action know about the attempt they run in. Immutable; for one attempt only. */
public final class TaskContext {
    private final String clusterId;
    private final String jobId;
    private final String stage;
    private final Task task;
    private final int attempt;
    private final Sleeper sleeper;
    private final BooleanSupplier cancelled;

    TaskContext(String clusterId, String jobId, String stage, Task task, int attempt, Sleeper sleeper,
                BooleanSupplier cancelled) {
        this.clusterId = clusterId;
        this.jobId = jobId;
        this.stage = stage;
        this.task = task;
        this.attempt = attempt;
        this.sleeper = sleeper;
        this.cancelled = cancelled;
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the job id */
    public String jobId() {
        return jobId;
    }

    /** @return the stage name */
    public String stage() {
        return stage;
    }

    /** @return the task id */
    public String taskId() {
        return task.id();
    }

    /** @return the node the task works on, if any */
    public Optional<String> nodeId() {
        return task.nodeId();
    }

    /** @return the attempt, from 1 */
    public int attempt() {
        return attempt;
    }

    /** @return the engine's sleeper, for tasks that poll (fake in tests) */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return true once the attempt timed out or the job is being cancelled */
    public boolean cancelled() {
        return Thread.currentThread().isInterrupted() || cancelled.getAsBoolean();
    }

    /** @throws CancellationException if {@link #cancelled()} */
    public void throwIfCancelled() {
        if (cancelled()) {
            throw new CancellationException("task " + task.id() + " was cancelled");
        }
    }

    @Override
    public String toString() {
        return "TaskContext{cluster=" + clusterId + ", job=" + jobId + ", task=" + task.id() + ", attempt=" + attempt
                + "}";
    }
}
