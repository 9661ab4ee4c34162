package io.dsec2.internal.engine;

import io.dsec2.event.ClusterListener;
import io.dsec2.exception.DsEc2Exception;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the tasks of one stage in parallel, never more than the stage's bound at once.
 *
 * <p>Tasks the journal records as done are skipped without running. On the first failure no further task
 * of the stage is started; tasks already running are left to finish (never interrupted half-way through a
 * node change), and every task's outcome is reported: never-started ones as PENDING. Interrupting the
 * calling thread cancels (interrupts) the running tasks. Thread-safe.
 */
final class StageRunner {
    private final ExecutionScope scope;
    private final Journal journal;
    private final ClusterListener listener;
    private final TaskRunner runner;

    StageRunner(ExecutionScope scope, Journal journal, ClusterListener listener) {
        this.scope = scope;
        this.journal = journal;
        this.listener = listener;
        this.runner = new TaskRunner(scope, journal, listener);
    }

    List<TaskOutcome> run(Stage stage) {
        List<Task> tasks = stage.tasks();
        TaskOutcome[] out = new TaskOutcome[tasks.size()];
        int bound = stage.maxParallelism() > 0 ? stage.maxParallelism() : scope.defaultParallelism();
        Semaphore permits = new Semaphore(bound);
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < tasks.size(); i++) {
                Task task = tasks.get(i);
                TaskState recorded = journal.state(task.id());
                if (recorded.done()) {
                    out[i] = new TaskOutcome(task.id(), stage.name(), task.nodeId().orElse(null), recorded, 0,
                            Duration.ZERO, null);
                    listener.taskSkipped(runner.event(stage, task, 0, Duration.ZERO).build());
                    continue;
                }
                permits.acquire();
                if (failed.get()) {
                    permits.release();
                    break;
                }
                int index = i;
                futures.add(scope.executor().submit(() -> {
                    try {
                        out[index] = runSafely(stage, task);
                        if (out[index].state() == TaskState.FAILED) {
                            failed.set(true);
                        }
                    } catch (Error e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                awaitOrCrash(f, futures);
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new DsEc2Exception("Interrupted in stage '" + stage.name() + "' of job " + journal.jobId()
                    + "; run the same operation with the same job id to resume", e);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = TaskOutcome.notStarted(tasks.get(i), stage);
            }
        }
        return Arrays.asList(out);
    }

    private TaskOutcome runSafely(Stage stage, Task task) {
        try {
            return runner.run(stage, task);
        } catch (RuntimeException e) { // e.g. the journal could not be written
            return new TaskOutcome(task.id(), stage.name(), task.nodeId().orElse(null), TaskState.FAILED, 0,
                    Duration.ZERO, e);
        }
    }

    private static void awaitOrCrash(Future<?> f, List<Future<?>> all) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            all.forEach(other -> other.cancel(true));
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException("task runner failed unexpectedly", e.getCause());
        }
    }
}
