package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanExecutorResumeTest {
    @TempDir
    Path dir;

    /** Stands in for the JVM dying: an Error is never caught by the engine. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Work counters per task: how often each task's effect was applied. */
    private final Map<String, AtomicInteger> work = new ConcurrentHashMap<>();
    private volatile String crashAfterWork;
    private volatile String crashBeforeWork;

    private Task task(String id) {
        return Task.builder(id).nodeId(id.substring(id.indexOf('/') + 1))
                .check(ctx -> counter(id).get() > 0)
                .action(ctx -> {
                    if (id.equals(crashBeforeWork)) {
                        throw new SimulatedCrash();
                    }
                    counter(id).incrementAndGet();
                    if (id.equals(crashAfterWork)) {
                        throw new SimulatedCrash();
                    }
                }).build();
    }

    private AtomicInteger counter(String id) {
        return work.computeIfAbsent(id, k -> new AtomicInteger());
    }

    private Plan plan() {
        return Plan.builder("restart")
                .addStage(Stage.builder("masters").maxParallelism(1)
                        .addTask(task("restart/master-1")).addTask(task("restart/master-2")).build())
                .addStage(Stage.builder("workers").maxParallelism(1)
                        .addTask(task("restart/worker-1")).addTask(task("restart/worker-2"))
                        .addTask(task("restart/worker-3")).build())
                .build();
    }

    private ExecutionReport execute(StateStore store, String jobId) {
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).build()) {
            return ex.execute(plan(), jobId, "sha256:abc");
        }
    }

    @Test
    void resumeAfterACrashAppliesEveryTaskExactlyOnce() {
        StateStore store = StateStore.directory(dir);
        crashAfterWork = "restart/worker-1"; // restarted, but the crash comes before SUCCEEDED is journaled
        assertThatThrownBy(() -> execute(store, "job-1")).isInstanceOf(SimulatedCrash.class);
        Journal afterCrash = Journal.open(store, "c1", "job-1", "restart", "sha256:abc", Clock.systemUTC());
        assertThat(afterCrash.state("restart/master-1")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(afterCrash.state("restart/worker-1")).isEqualTo(TaskState.RUNNING);
        assertThat(afterCrash.state("restart/worker-2")).isEqualTo(TaskState.PENDING);

        crashAfterWork = null;
        crashBeforeWork = "restart/worker-3"; // second crash, before this node is touched
        assertThatThrownBy(() -> execute(store, "job-1")).isInstanceOf(SimulatedCrash.class);

        crashBeforeWork = null;
        ExecutionReport report = execute(store, "job-1");
        assertThat(report.succeeded()).isTrue();
        assertThat(work).hasSize(5).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(1));
        assertThat(report.outcome("restart/master-1").attempts()).as("not run again").isZero();
        assertThat(report.outcome("restart/worker-3").state()).isEqualTo(TaskState.SUCCEEDED);

        // a finished job re-run does nothing at all
        ExecutionReport again = execute(store, "job-1");
        assertThat(again.outcomes()).allSatisfy(o -> assertThat(o.attempts()).isZero());
        assertThat(work).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(1));
    }

    @Test
    void runningTaskFoundDoneByItsCheckIsNotRunAgain() {
        StateStore store = StateStore.directory(dir);
        crashAfterWork = "restart/master-2";
        assertThatThrownBy(() -> execute(store, "job-2")).isInstanceOf(SimulatedCrash.class);
        crashAfterWork = null;
        ExecutionReport report = execute(store, "job-2");
        assertThat(counter("restart/master-2")).hasValue(1);
        assertThat(report.outcome("restart/master-2").state()).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void aTaskWhoseCheckSaysDoneIsSkippedWithoutRunningItsBody() {
        AtomicInteger body = new AtomicInteger();
        RecordingListener listener = new RecordingListener();
        Plan plan = Plan.builder("create").addStage(Stage.builder("s").addTask(Task.builder("launch/master-1")
                .check(ctx -> true).action(ctx -> body.incrementAndGet()).build()).build()).build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(StateStore.directory(dir)).listener(listener)
                .build()) {
            ExecutionReport report = ex.execute(plan, "job-3", "d");
            assertThat(report.outcome("launch/master-1").state()).isEqualTo(TaskState.SKIPPED);
        }
        assertThat(body).hasValue(0);
        assertThat(listener.names()).contains("taskSkipped:launch/master-1").doesNotContain(
                "taskSucceeded:launch/master-1");
    }

    @Test
    void journalIsPersistedOnEveryTransition() {
        StateStore store = StateStore.directory(dir);
        Map<String, TaskState> seenWhileRunning = new ConcurrentHashMap<>();
        Plan plan = Plan.builder("create").addStage(Stage.builder("s")
                .addTask(Task.builder("a").action(ctx -> seenWhileRunning.put("a", persistedState(store, "a"))).build())
                .addTask(Task.builder("b").action(ctx -> {
                    throw new DsEc2Exception("nope");
                }).build()).maxParallelism(1).build()).build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).build()) {
            ex.execute(plan, "job-4", "d");
        }
        assertThat(seenWhileRunning).containsEntry("a", TaskState.RUNNING);
        Journal journal = Journal.open(store, "c1", "job-4", "create", "d", Clock.systemUTC());
        List<String> transitions = journal.entries().stream().map(e -> e.taskId() + ":" + e.state())
                .collect(Collectors.toList());
        assertThat(transitions).containsExactly("a:PENDING", "b:PENDING", "a:RUNNING", "a:SUCCEEDED", "b:RUNNING",
                "b:FAILED");
        assertThat(journal.entries().get(5).errorSummary()).get().asString().contains("nope");
        assertThat(journal.entries()).allSatisfy(e -> assertThat(e.time()).isNotNull());
        assertThat(store.list("c1", "jobs/")).containsExactly("jobs/job-4.journal");
    }

    private static TaskState persistedState(StateStore store, String taskId) {
        return Journal.open(store, "c1", "job-4", "create", "d", Clock.systemUTC()).state(taskId);
    }

    @Test
    void resumingWithAnotherSpecIsRefused() {
        StateStore store = StateStore.directory(dir);
        execute(store, "job-5");
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).build()) {
            assertThat(ex.hasJournal("job-5")).isTrue();
            assertThat(ex.hasJournal("job-6")).isFalse();
            assertThatThrownBy(() -> ex.execute(plan(), "job-5", "sha256:other"))
                    .isInstanceOf(DsEc2Exception.class)
                    .hasMessageContaining("sha256:abc").hasMessageContaining("new job id");
        }
    }
}
