package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.ClusterOperationException;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanExecutorOrderingTest {
    @TempDir
    Path dir;

    private PlanExecutorBuilder executor() {
        return PlanExecutor.builder("c1").stateStore(StateStore.directory(dir)).sleeper(new RecordingSleeper());
    }

    @Test
    void stagesRunInOrderAndEachStageWaitsForThePreviousOne() {
        AtomicInteger clock = new AtomicInteger();
        Map<String, int[]> spans = new ConcurrentHashMap<>();
        Plan.Builder plan = Plan.builder("create");
        for (String stage : List.of("a", "b", "c")) {
            Stage.Builder s = Stage.builder(stage).maxParallelism(3);
            for (int i = 1; i <= 3; i++) {
                String id = stage + "/n" + i;
                s.addTask(Task.builder(id).nodeId("n" + i).action(ctx -> {
                    int begin = clock.incrementAndGet();
                    Thread.sleep(20);
                    spans.put(id, new int[] {begin, clock.incrementAndGet()});
                }).build());
            }
            plan.addStage(s.build());
        }
        try (PlanExecutor ex = executor().build()) {
            ExecutionReport report = ex.execute(plan.build(), "job-1", "d1");
            assertThat(report.succeeded()).isTrue();
            assertThat(report.outcomes()).extracting(TaskOutcome::state).containsOnly(TaskState.SUCCEEDED);
        }
        int lastEndA = max(spans, "a/", 1);
        int firstStartB = min(spans, "b/", 0);
        int lastEndB = max(spans, "b/", 1);
        int firstStartC = min(spans, "c/", 0);
        assertThat(firstStartB).isGreaterThan(lastEndA);
        assertThat(firstStartC).isGreaterThan(lastEndB);
    }

    private static int max(Map<String, int[]> spans, String prefix, int i) {
        return spans.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue()[i])
                .max().orElseThrow();
    }

    private static int min(Map<String, int[]> spans, String prefix, int i) {
        return spans.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue()[i])
                .min().orElseThrow();
    }

    @Test
    void tasksOfAStageRunInParallelButNeverAboveTheBound() {
        assertThat(maxConcurrency(3, 0)).isEqualTo(3);
        assertThat(maxConcurrency(1, 0)).isEqualTo(1);
        assertThat(maxConcurrency(0, 2)).as("stage without bound uses the default parallelism").isEqualTo(2);
    }

    private int maxConcurrency(int stageBound, int defaultParallelism) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        int expected = stageBound > 0 ? stageBound : defaultParallelism;
        CountDownLatch full = new CountDownLatch(expected);
        Stage.Builder stage = Stage.builder("s").maxParallelism(stageBound);
        for (int i = 0; i < 10; i++) {
            stage.addTask(Task.builder("t" + i).action(ctx -> {
                max.accumulateAndGet(running.incrementAndGet(), Math::max);
                full.countDown();
                full.await(5, TimeUnit.SECONDS); // the first wave fills the bound before anyone leaves
                Thread.sleep(5);
                running.decrementAndGet();
            }).build());
        }
        PlanExecutorBuilder b = executor();
        if (defaultParallelism > 0) {
            b.defaultParallelism(defaultParallelism);
        }
        try (PlanExecutor ex = b.build()) {
            assertThat(ex.execute(Plan.builder("op").addStage(stage.build()).build(), "job-" + stageBound + "-"
                    + defaultParallelism, "d").succeeded()).isTrue();
        }
        return max.get();
    }

    @Test
    void firstFailureStopsTheStageAndLaterStagesAndReportsEveryTask() {
        AtomicInteger later = new AtomicInteger();
        Plan plan = Plan.builder("restart")
                .addStage(Stage.builder("masters").maxParallelism(1)
                        .addTask(Task.builder("restart/master-1").nodeId("master-1").action(ctx -> { }).build())
                        .addTask(Task.builder("restart/master-2").nodeId("master-2").action(ctx -> {
                            throw new DsEc2Exception("master-2 did not stop: pid 42 still alive");
                        }).build())
                        .addTask(Task.builder("restart/master-3").nodeId("master-3")
                                .action(ctx -> later.incrementAndGet()).build())
                        .build())
                .addStage(Stage.builder("workers")
                        .addTask(Task.builder("restart/worker-1").nodeId("worker-1")
                                .action(ctx -> later.incrementAndGet()).build())
                        .build())
                .build();
        ExecutionReport report;
        try (PlanExecutor ex = executor().build()) {
            report = ex.execute(plan, "job-f", "d");
        }
        assertThat(later).hasValue(0);
        assertThat(report.succeeded()).isFalse();
        assertThat(report.failedStage()).contains("masters");
        assertThat(report.outcomes()).extracting(TaskOutcome::taskId, TaskOutcome::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("restart/master-1", TaskState.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("restart/master-2", TaskState.FAILED),
                org.assertj.core.groups.Tuple.tuple("restart/master-3", TaskState.PENDING),
                org.assertj.core.groups.Tuple.tuple("restart/worker-1", TaskState.PENDING));

        ClusterOperationException e = report.toException();
        assertThat(e.operation()).isEqualTo("restart");
        assertThat(e.jobId()).isEqualTo("job-f");
        assertThat(e.succeededNodes()).containsExactly("master-1");
        assertThat(e.failedNodes()).containsOnlyKeys("master-2");
        assertThat(e.failedNodes().get("master-2")).hasMessageContaining("pid 42 still alive");
        assertThat(e.notStartedTasks()).containsExactly("restart/master-3", "restart/worker-1");
        assertThat(e.rollback()).isEmpty();
        assertThat(e.withRollback("nothing to undo").rollback()).contains("nothing to undo");
        assertThat(e.getMessage()).contains("1 task(s) failed", "restart/master-2",
                "Run the same command again to resume");
        assertThat(e.withRollback("terminated 3 instances").getMessage()).contains("rollback: terminated 3 instances")
                .doesNotContain("again to resume");
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(ClusterOperationException.class);
    }

    @Test
    void ownThreadsAreNamedAfterTheClusterAreDaemonsAndStopOnClose() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Plan plan = Plan.builder("op").addStage(Stage.builder("s")
                .addTask(Task.builder("t").action(ctx -> worker.set(Thread.currentThread())).build()).build()).build();
        try (PlanExecutor ex = executor().build()) {
            ex.execute(plan, "job-t", "d");
        }
        assertThat(worker.get().getName()).matches("ds-ec2-c1-\\d+");
        assertThat(worker.get().isDaemon()).isTrue();
        join(worker.get());
        assertThat(worker.get().isAlive()).as("own pool shut down on close").isFalse();
    }

    private static void join(Thread t) {
        try {
            t.join(5000); // an idle pooled thread would live 60 s if the pool were not shut down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void givenExecutorIsUsedAndNotShutDown() {
        ExecutorService mine = Executors.newFixedThreadPool(2, r -> new Thread(r, "mine"));
        try {
            AtomicReference<String> name = new AtomicReference<>();
            Plan plan = Plan.builder("op").addStage(Stage.builder("s")
                    .addTask(Task.builder("t").action(ctx -> name.set(Thread.currentThread().getName())).build())
                    .build()).build();
            try (PlanExecutor ex = executor().executor(mine).build()) {
                ex.execute(plan, "job-e", "d");
            }
            assertThat(name).hasValue("mine");
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void interruptingTheCallerCancelsRunningTasksAndSaysHowToResume() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Boolean> taskInterrupted = new AtomicReference<>(false);
        Plan plan = Plan.builder("op").addStage(Stage.builder("s").addTask(Task.builder("t").action(ctx -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                taskInterrupted.set(true);
                throw e;
            }
        }).build()).build()).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (PlanExecutor ex = executor().build()) {
            Thread caller = new Thread(() -> {
                try {
                    ex.execute(plan, "job-i", "d");
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            caller.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            caller.join(10_000);
            assertThat(caller.isAlive()).isFalse();
        }
        assertThat(thrown.get()).isInstanceOf(DsEc2Exception.class).hasMessageContaining("job-i")
                .hasMessageContaining("resume");
        assertThat(taskInterrupted.get()).isTrue();
        Journal journal = Journal.open(StateStore.directory(dir), "c1", "job-i", "op", "d", java.time.Clock.systemUTC());
        assertThat(journal.state("t")).as("cancelled task journaled before the lock was released")
                .isEqualTo(TaskState.FAILED);
        StateStore.directory(dir).lock("c1", "next", Duration.ZERO).close();
    }

    @Test
    void clusterIsLockedWhileAPlanRunsAndTheHolderIsNamed() {
        StateStore store = StateStore.directory(dir);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Plan plan = Plan.builder("op").addStage(Stage.builder("s").addTask(Task.builder("t").action(ctx -> {
            try {
                store.lock("c1", "bob", Duration.ZERO).close();
            } catch (StateLockedException e) {
                seen.set(e);
            }
        }).build()).build()).build();
        try (PlanExecutor ex = executor().lockOwner("alice@laptop").build()) {
            ex.execute(plan, "job-l", "d");
        }
        assertThat(seen.get()).isInstanceOf(StateLockedException.class)
                .hasMessageContaining("alice@laptop job job-l");
        store.lock("c1", "bob", Duration.ZERO).close(); // released after the execution
    }
}
