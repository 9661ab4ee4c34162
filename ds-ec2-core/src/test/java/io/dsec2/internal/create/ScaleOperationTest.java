package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.ScaleOptions;
import io.dsec2.model.Secret;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What scale decides before it touches any cloud: counts of the scale-out spec, safe minimums, options. */
class ScaleOperationTest {
    static ClusterSpec spec() {
        return ClusterSpec.builder().name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b").masters(2)
                .database(db -> db.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
                .registry(zk -> zk.connectString("10.0.1.10:2181"))
                .workerGroups(List.of(NodeGroupSpec.builder(NodeRole.WORKER).name("etl").count(2).build(),
                        NodeGroupSpec.builder(NodeRole.WORKER).name("ml").count(1).build()))
                .build();
    }

    @Test
    void theScaleOutSpecKeepsRunningCountsAndTheLastGroupAbsorbsTheChange() {
        Map<NodeRole, Integer> counts = new EnumMap<>(NodeRole.class);
        counts.put(NodeRole.MASTER, 1);
        counts.put(NodeRole.WORKER, 6);
        counts.put(NodeRole.API, 2);
        counts.put(NodeRole.ALERT, 0);
        ClusterSpec s = ScaleOperation.withCounts(spec(), counts);
        assertThat(s.count(NodeRole.MASTER)).isEqualTo(1);
        assertThat(s.count(NodeRole.API)).isEqualTo(2);
        assertThat(s.count(NodeRole.ALERT)).isZero();
        assertThat(s.workerGroups()).extracting(NodeGroupSpec::name, NodeGroupSpec::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("etl", 2), org.assertj.core.groups.Tuple.tuple("ml", 4));
        assertThat(s.nodeIds()).contains("worker-6").doesNotContain("worker-7", "alert-1");
    }

    @Test
    void refusesToGoBelowOneMasterWithoutForceBeforeAnyCloudCall() {
        ScaleOperation op = new ScaleOperation(spec(), new Settings(), NodeRole.MASTER, 0, ScaleOptions.defaults());
        assertThatThrownBy(op::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("--force")
                .hasMessageContaining("at least one master");
    }

    @Test
    void rejectsNegativeCountsAndDrainTimeouts() {
        assertThatThrownBy(() -> new ScaleOperation(spec(), new Settings(), NodeRole.WORKER, -1, ScaleOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> ScaleOptions.builder().drainTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTimeout");
        ScaleOptions o = ScaleOptions.defaults();
        assertThat(o.drainTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.force()).isFalse();
        assertThat(o.remove()).isEmpty();
        assertThat(o.copy(b -> b.remove(List.of("worker-3")).force(true)).toString())
                .isEqualTo("ScaleOptions{drainTimeout=PT5M, force=true, remove=[worker-3]}");
    }
}
