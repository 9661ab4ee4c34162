package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The progress display off a terminal (as in tests and CI logs): stage lines, and the slowest node of a stage. */
class ConsoleProgressTest {
    @Test
    void theSlowestNodeIsTheRunningTaskThatStartedFirst() {
        long now = TimeUnit.SECONDS.toNanos(1000);
        assertThat(ConsoleProgress.slowest(Map.of("package-worker-1", now - TimeUnit.SECONDS.toNanos(12),
                "package-worker-3", now - TimeUnit.SECONDS.toNanos(41), "package-api-1", now), now))
                .isEqualTo("waiting for package-worker-3 (41 s)");
        assertThat(ConsoleProgress.slowest(Map.of(), now)).isEmpty();
    }

    @Test
    void plainOutputHasOneLineWhenAStageStartsAndOneWhenItEnds() {
        StringWriter buf = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(buf));
        StageEvent stage = StageEvent.builder().clusterId("c").jobId("j").operation("create").stage("package").stageIndex(3).stageCount(12)
                .taskCount(2).duration(Duration.ZERO).build();
        p.stageStarted(stage);
        for (String node : new String[] {"worker-1", "worker-2"}) {
            TaskEvent t = TaskEvent.builder().clusterId("c").jobId("j").stage("package").taskId("package-" + node)
                    .nodeId(node).duration(Duration.ZERO).build();
            p.taskStarted(t);
            p.taskSucceeded(t);
        }
        p.stageSucceeded(StageEvent.builder().clusterId("c").jobId("j").operation("create").stage("package").stageIndex(3).stageCount(12)
                .taskCount(2).duration(Duration.ofMillis(1500)).build());
        assertThat(buf.toString().lines()).containsExactly("[ 3/12] package       2 task(s)",
                "[ 3/12] package       done in 1.5 s");
    }

    @Test
    void theTransferBarNameLeavesRoomForBytesRateAndTimeLeftOnAnEightyColumnTerminal() {
        io.dsec2.event.TransferEvent e = io.dsec2.event.TransferEvent.builder().clusterId("c").jobId("j")
                .nodeId("master-1").what("package apache-dolphinscheduler-3.2.0-bin.tar.gz").bytesDone(1)
                .bytesTotal(2).elapsed(Duration.ZERO).build();
        assertThat(ConsoleProgress.transferName(e)).isEqualTo("  master-1 <- package");
    }
}
