package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.config.RetrySettings;
import io.dsec2.config.Timeouts;
import io.dsec2.event.TaskEvent;
import io.dsec2.exception.ClusterTimeoutException;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanExecutorRetryTest {
    @TempDir
    Path dir;

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RecordingListener listener = new RecordingListener();

    private ExecutionReport run(PlanExecutorBuilder b, Task task) {
        Plan plan = Plan.builder("op").addStage(Stage.builder("s").addTask(task).build()).build();
        try (PlanExecutor ex = b.build()) {
            return ex.execute(plan, "job-" + task.id(), "d");
        }
    }

    private PlanExecutorBuilder executor() {
        return PlanExecutor.builder("c1").stateStore(StateStore.directory(dir)).sleeper(sleeper).listener(listener);
    }

    private static Task failing(String id, AtomicInteger calls, int failures, RuntimeException error) {
        return Task.builder(id).nodeId("n1").action(ctx -> {
            if (calls.incrementAndGet() <= failures) {
                throw error;
            }
        }).build();
    }

    @Test
    void retryableFailuresAreRetriedWithJitteredBackoffWithoutRealSleeping() {
        AtomicInteger calls = new AtomicInteger();
        RetrySettings retry = RetrySettings.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1000))
                .maxBackoff(Duration.ofSeconds(60)).jitter(0.5).build();
        long t0 = System.nanoTime();
        ExecutionReport report = run(executor().retry(retry),
                failing("t", calls, 2, new DsEc2Exception("throttled", null, true)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(report.outcome("t").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(report.outcome("t").attempts()).isEqualTo(3);
        assertThat(calls).hasValue(3);
        List<Duration> delays = sleeper.delays();
        assertThat(delays).hasSize(2);
        assertThat(delays.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        assertThat(delays.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
        List<TaskEvent> retrying = listener.events().stream().filter(e -> e instanceof TaskEvent)
                .map(TaskEvent.class::cast).filter(e -> e.retryDelay().isPresent()).collect(Collectors.toList());
        assertThat(retrying).extracting(TaskEvent::attempt).containsExactly(1, 2);
        assertThat(retrying).extracting(e -> e.retryDelay().orElseThrow()).isEqualTo(delays);
        assertThat(retrying.get(0).error()).contains("DsEc2Exception: throttled");
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        AtomicInteger calls = new AtomicInteger();
        RetrySettings retry = RetrySettings.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(500)).multiplier(2.0).jitter(0).build();
        ExecutionReport report = run(executor().retry(retry),
                failing("t", calls, 100, new DsEc2Exception("connection reset", null, true)));
        assertThat(report.outcome("t").state()).isEqualTo(TaskState.FAILED);
        assertThat(report.outcome("t").attempts()).isEqualTo(6);
        assertThat(calls).hasValue(6);
        assertThat(sleeper.delays()).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 500L, 500L);
    }

    @Test
    void jitterStaysWithinItsBoundsAndActuallyVaries() {
        RetrySettings retry = RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1000))
                .jitter(0.25).build();
        Stage.Builder stage = Stage.builder("s");
        for (int i = 0; i < 40; i++) {
            stage.addTask(failing("t" + i, new AtomicInteger(), 1, new DsEc2Exception("5xx", null, true)));
        }
        try (PlanExecutor ex = executor().retry(retry).build()) {
            assertThat(ex.execute(Plan.builder("op").addStage(stage.build()).build(), "job-j", "d").succeeded())
                    .isTrue();
        }
        assertThat(sleeper.delays()).hasSize(40)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250)));
        assertThat(sleeper.delays().stream().distinct().count()).isGreaterThan(5);
    }

    @Test
    void nonRetryableFailuresFailAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionReport report = run(executor(), failing("t", calls, 100, new DsEc2Exception("no such AMI")));
        assertThat(report.outcome("t").state()).isEqualTo(TaskState.FAILED);
        assertThat(report.outcome("t").attempts()).isEqualTo(1);
        assertThat(calls).hasValue(1);
        assertThat(sleeper.delays()).isEmpty();
        assertThat(report.outcome("t").error()).isInstanceOf(DsEc2Exception.class).hasMessage("no such AMI");
    }

    @Test
    void otherExceptionsAreNotRetriedAndTheirMessagesAreWithheld() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionReport report = run(executor(),
                failing("t", calls, 100, new IllegalStateException("jdbc:mysql://ds:hunter2@db/ds")));
        assertThat(calls).hasValue(1);
        assertThat(report.outcome("t").errorSummary()).get().asString()
                .contains("IllegalStateException").doesNotContain("hunter2");
        assertThat(report.toException().getMessage()).doesNotContain("hunter2");
        assertThat(listener.events()).noneMatch(e -> e.toString().contains("hunter2"));
    }

    @Test
    void aConfiguredPredicateAddsRetryableFailures() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionReport report = run(executor().retryOn(e -> e instanceof UncheckedIOException),
                failing("t", calls, 1, new UncheckedIOException(new IOException("reset"))));
        assertThat(report.outcome("t").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aTasksOwnRetrySettingsWin() {
        AtomicInteger calls = new AtomicInteger();
        Task task = Task.builder("t").retry(RetrySettings.none()).action(ctx -> {
            calls.incrementAndGet();
            throw new DsEc2Exception("throttled", null, true);
        }).build();
        assertThat(run(executor(), task).outcome("t").attempts()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aTimedOutAttemptIsInterruptedAndFailsWithoutRetry() {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        Task task = Task.builder("start-server/master-1").timeout(Duration.ofMillis(200)).action(ctx -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }).build();
        long t0 = System.nanoTime();
        ExecutionReport report = run(executor().retry(RetrySettings.builder().maxAttempts(5).build()), task);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        TaskOutcome o = report.outcome("start-server/master-1");
        assertThat(o.state()).isEqualTo(TaskState.FAILED);
        assertThat(interrupted).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(o.failure()).get().isInstanceOf(ClusterTimeoutException.class);
        ClusterTimeoutException e = (ClusterTimeoutException) o.failure().orElseThrow();
        assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(200));
        assertThat(e.awaited()).isEqualTo("task start-server/master-1");
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void aCooperativeTaskSeesCancellationAndTheDefaultTimeoutApplies() {
        AtomicBoolean sawCancel = new AtomicBoolean();
        Task task = Task.builder("poll").action(ctx -> {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                if (ctx.cancelled()) {
                    sawCancel.set(true);
                    return; // even returning normally after the timeout counts as a timeout
                }
                Thread.onSpinWait();
            }
        }).build();
        ExecutionReport report = run(executor().timeouts(Timeouts.builder().taskTimeout(Duration.ofMillis(150))
                .build()), task);
        assertThat(sawCancel).isTrue();
        assertThat(report.outcome("poll").failure()).get().isInstanceOf(ClusterTimeoutException.class);
    }

    @Test
    void aTimeoutDoesNotLeakAnInterruptIntoTheNextTaskOnTheSameThread() {
        AtomicBoolean nextInterrupted = new AtomicBoolean(true);
        Plan plan = Plan.builder("op")
                .addStage(Stage.builder("a").addTask(Task.builder("slow").timeout(Duration.ofMillis(100))
                        .action(ctx -> Thread.sleep(10_000)).build()).build())
                .build();
        Plan next = Plan.builder("op2")
                .addStage(Stage.builder("b").addTask(Task.builder("next")
                        .action(ctx -> nextInterrupted.set(Thread.currentThread().isInterrupted())).build()).build())
                .build();
        java.util.concurrent.ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (PlanExecutor ex = executor().executor(single).build()) {
            ex.execute(plan, "job-a", "d");
            ex.execute(next, "job-b", "d");
        } finally {
            single.shutdownNow();
        }
        assertThat(nextInterrupted).isFalse();
    }
}
