package io.dsec2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStatusTest {
    static NodeStatus worker(boolean reachable) {
        NodeStatus.Builder b = NodeStatus.builder().nodeId("worker-1").role(NodeRole.WORKER).instanceId("i-1")
                .instanceState("running").availabilityZone("us-east-1a").privateIp("10.0.1.5").sshReachable(reachable)
                .registered(true).heartbeatAge(Duration.ofMillis(4200)).serverStatus("NORMAL");
        if (reachable) {
            b.processRunning(true).health("UP");
        } else {
            b.addReason("ssh unreachable: \"refused\"\tnow");
        }
        return b.build();
    }

    @Test
    void jsonHasEveryFieldNullsForUnknownsAndEscapes() {
        ClusterStatus s = ClusterStatus.of("c1", ClusterStatus.Verdict.DEGRADED, List.of("worker-1: ssh unreachable"),
                List.of(worker(false)), Instant.parse("2026-01-02T03:04:05Z"), Duration.ofMillis(812));
        assertThat(s.toJson()).isEqualTo("{\"cluster\":\"c1\",\"verdict\":\"DEGRADED\",\"reasons\":[\"worker-1: ssh "
                + "unreachable\"],\"checkedAt\":\"2026-01-02T03:04:05Z\",\"durationMs\":812,\"nodes\":[{\"nodeId\":"
                + "\"worker-1\",\"role\":\"worker\",\"instanceId\":\"i-1\",\"instanceState\":\"running\","
                + "\"availabilityZone\":\"us-east-1a\",\"privateIp\":\"10.0.1.5\",\"publicIp\":null,\"sshReachable\":false,"
                + "\"processRunning\":null,\"health\":\"UNKNOWN\",\"registered\":true,\"heartbeatAgeMs\":4200,"
                + "\"serverStatus\":\"NORMAL\",\"targetHealth\":null,\"healthy\":false,"
                + "\"reasons\":[\"ssh unreachable: \\\"refused\\\"\\tnow\"]}]}");
    }

    @Test
    void tableShowsEachNodeAndTheVerdict() {
        ClusterStatus s = ClusterStatus.of("c1", ClusterStatus.Verdict.HEALTHY, List.of(), List.of(worker(true)),
                Instant.now(), Duration.ofMillis(5));
        assertThat(s.toTable()).contains("worker-1").contains("us-east-1a").contains("running").contains("4s")
                .contains("NORMAL").contains("cluster c1: healthy");
        assertThat(s.node("worker-1")).hasValueSatisfying(n -> assertThat(n.healthy()).isTrue());
        assertThat(s.node("worker-9")).isEmpty();
    }

    @Test
    void verdictAndReasonsMustAgree() {
        assertThatThrownBy(() -> ClusterStatus.of("c1", ClusterStatus.Verdict.HEALTHY, List.of("x"), List.of(),
                Instant.now(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterStatus.of("c1", ClusterStatus.Verdict.DOWN, List.of(), List.of(),
                Instant.now(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
