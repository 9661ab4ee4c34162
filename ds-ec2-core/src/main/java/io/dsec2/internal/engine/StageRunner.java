package io.dsec2.internal.engine;

import io.dsec2.event.ClusterListener;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.spi.StateLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one stage in parallel, never more than the stage's bound at once.
 *
 * <p>Tasks the journal records as done are skipped without running. On the first failure no further task
 * of the stage is started; tasks already running are left to finish (never interrupted half-way through a
 * node change), and every task's outcome is reported: never-started ones as PENDING. A task that finds the cluster's
 * lock lost counts as such a failure. Interrupting the
 * calling thread cancels (interrupts) the running tasks and waits up to 10 s for them to journal their end.
 * Thread-safe.
 */
final class StageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
    private static final long CANCEL_GRACE_SECONDS = 10;

    private final ExecutionScope scope;
    private final Journal journal;
    private final ClusterListener listener;
    private final TaskRunner runner;

    StageRunner(ExecutionScope scope, Journal journal, ClusterListener listener, StateLock lock) {
        this.scope = scope;
        this.journal = journal;
        this.listener = listener;
        this.runner = new TaskRunner(scope, journal, listener, lock);
    }

    List<TaskOutcome> run(Stage stage) {
        List<Task> tasks = stage.tasks();
        TaskOutcome[] out = new TaskOutcome[tasks.size()];
        int bound = stage.maxParallelism() > 0 ? stage.maxParallelism() : scope.defaultParallelism();
        Semaphore permits = new Semaphore(bound);
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        Inflight inflight = new Inflight();
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
                    inflight.enter();
                    try {
                        out[index] = runSafely(stage, task);
                        if (out[index].state() == TaskState.FAILED) {
                            failed.set(true);
                        }
                    } catch (Error e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        inflight.exit();
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                awaitOrCrash(f, futures);
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            awaitCancelled(inflight);
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

    /** Gives cancelled tasks a bounded time to journal their end before the cluster lock is released. */
    private static void awaitCancelled(Inflight inflight) {
        try {
            if (!inflight.awaitNone(TimeUnit.SECONDS.toNanos(CANCEL_GRACE_SECONDS))) {
                LOG.warn("Cancelled tasks still running after {} s; they ignore interrupts", CANCEL_GRACE_SECONDS);
            }
        } catch (InterruptedException again) {
            LOG.debug("Interrupted again while waiting for cancelled tasks");
        }
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

    /** Counts task bodies that have started and not yet ended (a task cancelled before it starts never counts). */
    private static final class Inflight {
        private int running;

        synchronized void enter() {
            running++;
        }

        synchronized void exit() {
            if (--running == 0) {
                notifyAll();
            }
        }

        synchronized boolean awaitNone(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
