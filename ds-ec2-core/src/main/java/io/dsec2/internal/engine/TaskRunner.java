package io.dsec2.internal.engine;

import io.dsec2.config.RetrySettings;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.TaskEvent;
import io.dsec2.exception.ClusterTimeoutException;
import io.dsec2.spi.StateLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs one task on the calling thread: each attempt checks, then acts, under the task's timeout; transient
 * failures are retried after a backoff; every state change is journaled before listeners hear of it.
 * A {@link java.lang.Error} is not caught: it leaves the task RUNNING in the journal, as a crash would.
 * Before each attempt the cluster's lock is checked; a {@link io.dsec2.exception.StateLockLostException} propagates
 * before anything is journaled or acted on.
 * Thread-safe (one instance serves all tasks of one execution).
 */
final class TaskRunner {
    private final ExecutionScope scope;
    private final Journal journal;
    private final ClusterListener listener;
    private final StateLock lock;

    TaskRunner(ExecutionScope scope, Journal journal, ClusterListener listener, StateLock lock) {
        this.scope = scope;
        this.journal = journal;
        this.listener = listener;
        this.lock = lock;
    }

    TaskOutcome run(Stage stage, Task task) {
        Clock clock = scope.clock();
        Instant start = clock.instant();
        RetrySettings settings = task.retry().orElse(scope.retry());
        RetryPolicy.Attempts attempts = RetryPolicy.of(task.id(), settings, scope.retryable()).begin();
        Duration timeout = task.timeout().orElse(scope.taskTimeout());
        lock.checkHeld();
        listener.taskStarted(event(stage, task, 1, Duration.ZERO).build());
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                lock.checkHeld();
            }
            journal.transition(task.id(), TaskState.RUNNING, attempt, null);
            Throwable failure = null;
            boolean done = false;
            boolean timedOut;
            Watchdog.Guard guard = scope.watchdog().arm(timeout);
            try {
                TaskContext ctx = new TaskContext(scope.clusterId(), journal.jobId(), stage.name(), task, attempt,
                        scope.sleeper(), guard::fired);
                done = task.check().done(ctx);
                if (!done) {
                    task.action().run(ctx);
                }
            } catch (InterruptedException | RuntimeException e) {
                failure = e;
            } finally {
                timedOut = guard.disarm();
            }
            if (timedOut) {
                ClusterTimeoutException t = new ClusterTimeoutException("task " + task.id(), timeout,
                        "attempt " + attempt + " still running");
                if (failure != null) {
                    t.addSuppressed(failure);
                }
                failure = t;
            }
            Duration elapsed = Duration.between(start, clock.instant());
            if (failure == null) {
                attempts.onSuccess();
                TaskState state = done && attempt == 1 ? TaskState.SKIPPED : TaskState.SUCCEEDED;
                journal.transition(task.id(), state, attempt, null);
                TaskEvent e = event(stage, task, attempt, elapsed).build();
                if (state == TaskState.SKIPPED) {
                    listener.taskSkipped(e);
                } else {
                    listener.taskSucceeded(e);
                }
                return outcome(stage, task, state, attempt, elapsed, null);
            }
            boolean cancelled = failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Optional<Duration> delay = timedOut || cancelled ? Optional.empty() : attempts.onFailure(failure);
            if (delay.isPresent()) {
                listener.taskRetrying(event(stage, task, attempt, elapsed).error(Redaction.summary(failure))
                        .retryDelay(delay.get()).build());
                try {
                    scope.sleeper().sleep(delay.get());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = e;
                }
            }
            return failed(stage, task, attempt, Duration.between(start, clock.instant()), failure);
        }
    }

    private TaskOutcome failed(Stage stage, Task task, int attempt, Duration elapsed, Throwable failure) {
        String summary = Redaction.summary(failure);
        journal.transition(task.id(), TaskState.FAILED, attempt, summary);
        listener.taskFailed(event(stage, task, attempt, elapsed).error(summary).build());
        return outcome(stage, task, TaskState.FAILED, attempt, elapsed, failure);
    }

    private static TaskOutcome outcome(Stage stage, Task task, TaskState state, int attempts, Duration elapsed,
                                       Throwable error) {
        return new TaskOutcome(task.id(), stage.name(), task.nodeId().orElse(null), state, attempts, elapsed, error);
    }

    TaskEvent.Builder event(Stage stage, Task task, int attempt, Duration elapsed) {
        return TaskEvent.builder().clusterId(scope.clusterId()).jobId(journal.jobId()).stage(stage.name())
                .taskId(task.id()).nodeId(task.nodeId().orElse(null)).attempt(attempt).duration(elapsed);
    }
}
