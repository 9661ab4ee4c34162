package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanExecutorEventsTest {
    @TempDir
    Path dir;

    private Plan plan() {
        return Plan.builder("create")
                .addStage(Stage.builder("schema").addTask(Task.builder("upgrade-schema").action(ctx -> { }).build())
                        .build())
                .addStage(Stage.builder("masters").addTask(Task.builder("start/master-1").nodeId("master-1")
                        .action(ctx -> {
                            throw new DsEc2Exception("master-1 never registered in ZooKeeper");
                        }).build()).build())
                .addStage(Stage.builder("workers").addTask(Task.builder("start/worker-1").action(ctx -> { }).build())
                        .build())
                .build();
    }

    @Test
    void listenerHearsStartEndAndFailureInOrderWithDurations() {
        RecordingListener listener = new RecordingListener();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(StateStore.directory(dir)).listener(listener)
                .clock(new StepClock(Duration.ofSeconds(1))).build()) {
            ex.execute(plan(), "job-1", "d");
        }
        assertThat(listener.names()).containsExactly(
                "stageStarted:schema", "taskStarted:upgrade-schema", "taskSucceeded:upgrade-schema",
                "stageSucceeded:schema",
                "stageStarted:masters", "taskStarted:start/master-1", "taskFailed:start/master-1",
                "stageFailed:masters");
        StageEvent masterStart = (StageEvent) listener.events().get(4);
        assertThat(masterStart.stageIndex()).isEqualTo(2);
        assertThat(masterStart.stageCount()).isEqualTo(3);
        assertThat(masterStart.taskCount()).isEqualTo(1);
        assertThat(masterStart.duration()).isZero();
        assertThat(masterStart.operation()).isEqualTo("create");
        TaskEvent failed = (TaskEvent) listener.events().get(6);
        assertThat(failed.clusterId()).isEqualTo("c1");
        assertThat(failed.jobId()).isEqualTo("job-1");
        assertThat(failed.nodeId()).contains("master-1");
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.duration()).isPositive();
        assertThat(failed.error()).get().asString().contains("never registered in ZooKeeper");
        StageEvent stageFailed = (StageEvent) listener.events().get(7);
        assertThat(stageFailed.duration()).isPositive();
        assertThat(stageFailed.error()).get().asString().contains("start/master-1");
        TaskEvent ok = (TaskEvent) listener.events().get(2);
        assertThat(ok.duration()).isPositive();
        assertThat(ok.error()).isEmpty();
    }

    @Test
    void aThrowingListenerDoesNotBreakExecution() {
        AtomicInteger calls = new AtomicInteger();
        ClusterListener rude = new ClusterListener() {
            @Override
            public void stageStarted(StageEvent e) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }

            @Override
            public void taskStarted(TaskEvent e) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }

            @Override
            public void taskSucceeded(TaskEvent e) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }
        };
        AtomicInteger ran = new AtomicInteger();
        Plan plan = Plan.builder("op").addStage(Stage.builder("s")
                .addTask(Task.builder("a").action(ctx -> ran.incrementAndGet()).build())
                .addTask(Task.builder("b").action(ctx -> ran.incrementAndGet()).build()).build()).build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(StateStore.directory(dir)).listener(rude).build()) {
            ExecutionReport report = ex.execute(plan, "job-2", "d");
            assertThat(report.succeeded()).isTrue();
        }
        assertThat(ran).hasValue(2);
        assertThat(calls).hasValue(5);
    }

    @Test
    void noneListenerIgnoresEverything() {
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(StateStore.directory(dir))
                .listener(ClusterListener.NONE).build()) {
            assertThat(ex.execute(plan(), "job-3", "d").failedStage()).contains("masters");
        }
        assertThat(ClusterListener.NONE).hasToString("ClusterListener.NONE");
    }
}
