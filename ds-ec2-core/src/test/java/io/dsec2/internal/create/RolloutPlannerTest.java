package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {
    private static List<PlannedNode> nodes(NodeRole role, int n) {
        List<PlannedNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new PlannedNode(role.id() + "-" + i, role, i, NodeGroupSpec.builder(role).build()));
        }
        return out;
    }

    private static Map<NodeRole, List<PlannedNode>> cluster(int masters, int workers, int apis, int alerts) {
        Map<NodeRole, List<PlannedNode>> m = new EnumMap<>(NodeRole.class);
        m.put(NodeRole.MASTER, nodes(NodeRole.MASTER, masters));
        m.put(NodeRole.WORKER, nodes(NodeRole.WORKER, workers));
        m.put(NodeRole.API, nodes(NodeRole.API, apis));
        m.put(NodeRole.ALERT, nodes(NodeRole.ALERT, alerts));
        return m;
    }

    private static List<String> stageNames(Plan p) {
        return p.stages().stream().map(Stage::name).toList();
    }

    private static List<List<String>> rollBatches(Plan p) {
        return p.stages().stream().filter(s -> s.tasks().stream().allMatch(t -> t.id().startsWith("roll/")))
                .map(s -> s.tasks().stream().map(t -> t.nodeId().orElseThrow()).toList()).toList();
    }

    @Test
    void rolesInDefaultOrderBatchByBatchWithEdgesAroundEach() {
        Map<NodeRole, List<PlannedNode>> all = cluster(2, 3, 2, 1);
        Plan p = RolloutPlanner.plan("update", null, RollingPolicy.defaults(), all, all);
        assertThat(rollBatches(p)).containsExactly(List.of("worker-1"), List.of("worker-2"), List.of("worker-3"),
                List.of("master-1"), List.of("master-2"), List.of("api-1"), List.of("api-2"), List.of("alert-1"));
        assertThat(stageNames(p)).startsWith("worker-batch-1-pre", "worker-batch-1", "worker-batch-1-post",
                "worker-batch-2-pre");
        assertThat(stageNames(p)).hasSize(8 * 3);
    }

    @Test
    void batchSizeAndPercentCutTheRoleAndMastersKeepOneRegistered() {
        Map<NodeRole, List<PlannedNode>> all = cluster(3, 6, 0, 0);
        Plan byCount = RolloutPlanner.plan("restart", null, RollingPolicy.builder().batchSize(4).build(), all, all);
        assertThat(rollBatches(byCount)).containsExactly(List.of("worker-1", "worker-2", "worker-3", "worker-4"),
                List.of("worker-5", "worker-6"), List.of("master-1", "master-2"), List.of("master-3"));
        Plan byPercent = RolloutPlanner.plan("restart", null, RollingPolicy.builder().batchPercent(50).build(), all, all);
        assertThat(rollBatches(byPercent)).containsExactly(List.of("worker-1", "worker-2", "worker-3"),
                List.of("worker-4", "worker-5", "worker-6"), List.of("master-1", "master-2"), List.of("master-3"));
        assertThat(byPercent.stages().stream().filter(s -> s.name().equals("worker-batch-1")).findFirst().orElseThrow()
                .maxParallelism()).isEqualTo(3);
    }

    @Test
    void onlyPendingNodesAreRolledAndEdgeTaskIdsNameTheirBatch() {
        Map<NodeRole, List<PlannedNode>> all = cluster(2, 3, 1, 1);
        Map<NodeRole, List<PlannedNode>> pending = new EnumMap<>(NodeRole.class);
        pending.put(NodeRole.WORKER, List.of(all.get(NodeRole.WORKER).get(1), all.get(NodeRole.WORKER).get(2)));
        Plan p = RolloutPlanner.plan("update", null, RollingPolicy.builder().batchSize(2).build(), all, pending);
        assertThat(rollBatches(p)).containsExactly(List.of("worker-2", "worker-3"));
        assertThat(p.tasks().stream().map(Task::id).toList())
                .containsExactly("pre/worker-2:worker-3", "roll/worker-2", "roll/worker-3", "post/worker-2:worker-3");
    }

    @Test
    void aBatchOfManyNodesGetsAShortStableTaskId() {
        Map<NodeRole, List<PlannedNode>> all = cluster(1, 40, 0, 0);
        Plan p = RolloutPlanner.plan("restart", null, RollingPolicy.builder().batchSize(40).build(), all, all);
        String id = p.tasks().get(0).id();
        assertThat(id).startsWith("pre/worker-1..worker-40.n40.").hasSizeLessThan(60);
        assertThat(RolloutPlanner.plan("restart", null, RollingPolicy.builder().batchSize(40).build(), all, all)
                .tasks().get(0).id()).isEqualTo(id);
    }

    @Test
    void roleOrderOfThePolicyIsFollowed() {
        Map<NodeRole, List<PlannedNode>> all = cluster(2, 1, 1, 1);
        Plan p = RolloutPlanner.plan("restart", null, RollingPolicy.builder().roleOrder(List.of(NodeRole.ALERT,
                NodeRole.MASTER)).build(), all, all);
        assertThat(rollBatches(p)).containsExactly(List.of("alert-1"), List.of("master-1"), List.of("master-2"),
                List.of("worker-1"), List.of("api-1"));
    }
}
