package io.dsec2.internal.create;

import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.internal.engine.TaskCheck;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan of a rollout: roles in the policy's order, each role's pending nodes (by ordinal) cut into batches of
 * {@link RollingPolicy#batchSizeFor} (masters: at most one fewer than there are masters), three stages per batch:
 * <pre>
 * &lt;role&gt;-batch-&lt;k&gt;-pre   check the role's invariants; workers leave their groups; api nodes leave the target group
 * &lt;role&gt;-batch-&lt;k&gt;       per node, in parallel: drain, stop, configure, start, gate
 * &lt;role&gt;-batch-&lt;k&gt;-post  api targets back once healthy; monitor window; workers rejoin; pause
 * </pre>
 * Task ids name the nodes of their batch, so a resumed job whose batches came out differently (nodes already done
 * drop out) never mistakes one batch's finished edge task for another's.
 */
final class RolloutPlanner {
    private RolloutPlanner() {
    }

    static Plan plan(String operation, RolloutSteps steps, RollingPolicy policy, Map<NodeRole, List<PlannedNode>> all,
                     Map<NodeRole, List<PlannedNode>> pending) {
        Plan.Builder p = Plan.builder(operation);
        List<List<PlannedNode>> batches = new ArrayList<>();
        List<NodeRole> roles = new ArrayList<>();
        for (NodeRole role : policy.roleOrder()) {
            List<PlannedNode> todo = pending.getOrDefault(role, List.of());
            if (todo.isEmpty()) {
                continue;
            }
            int size = policy.batchSizeFor(all.get(role).size());
            if (role == NodeRole.MASTER) {
                size = Math.max(1, Math.min(size, all.get(role).size() - 1));
            }
            for (int i = 0; i < todo.size(); i += size) {
                batches.add(todo.subList(i, Math.min(todo.size(), i + size)));
                roles.add(role);
            }
        }
        Duration drain = policy.drainTimeout();
        Duration health = policy.healthTimeout();
        for (int b = 0; b < batches.size(); b++) {
            List<PlannedNode> batch = batches.get(b);
            NodeRole role = roles.get(b);
            List<PlannedNode> ofRole = all.get(role);
            int k = (int) roles.subList(0, b + 1).stream().filter(r -> r == role).count();
            String name = role.id() + "-batch-" + k;
            String members = members(batch);
            boolean last = b == batches.size() - 1;
            p.addStage(Stage.builder(name + "-pre").addTask(Task.builder("pre/" + members)
                    .description(pre(role, batch)).timeout(Duration.ofMinutes(5).plus(drain.isZero() ? Duration.ZERO
                            : WorkerGroupSync.GROUP_REFRESH))
                    .check(TaskCheck.NEVER_DONE).action(c -> steps.beforeBatch(role, batch, ofRole)).build()).build());
            Stage.Builder roll = Stage.builder(name).maxParallelism(batch.size());
            for (PlannedNode n : batch) {
                roll.addTask(Task.builder("roll/" + n.nodeId()).nodeId(n.nodeId())
                        .description((role == NodeRole.WORKER ? "drain, " : "") + "stop, "
                                + (operation.equals("restart") ? "" : "configure, ") + "start " + role.serverDir()
                                + ", then health UP" + (role == NodeRole.API ? "" : " and a new registration"))
                        .timeout(drain.plus(health).plus(health).plusMinutes(5))
                        .check(c -> !steps.pending(n)).action(c -> steps.roll(n)).build());
            }
            p.addStage(roll.build());
            p.addStage(Stage.builder(name + "-post").addTask(Task.builder("post/" + members)
                    .description(post(role, policy, last)).timeout(policy.monitorWindow().plus(health)
                            .plus(policy.pauseBetweenBatches()).plusMinutes(5))
                    .check(TaskCheck.NEVER_DONE).action(c -> steps.afterBatch(role, batch, last)).build()).build());
        }
        return p.build();
    }

    /** The batch's node ids joined by {@code :}; long batches by first and last id, count and a hash of all. */
    static String members(List<PlannedNode> batch) {
        String all = batch.stream().map(PlannedNode::nodeId).collect(Collectors.joining(":"));
        if (all.length() <= 150) {
            return all;
        }
        return batch.get(0).nodeId() + ".." + batch.get(batch.size() - 1).nodeId() + ".n" + batch.size() + "."
                + RunningConfig.sha256(all).substring(0, 12);
    }

    private static String pre(NodeRole role, List<PlannedNode> batch) {
        return switch (role) {
            case WORKER -> "the other workers up; " + batch.size() + " worker(s) leave every worker group, wait "
                    + WorkerGroupSync.GROUP_REFRESH.toSeconds() + " s for the masters to reload them";
            case API -> "the other api nodes up; " + batch.size() + " api node(s) leave the target group, wait the"
                    + " deregistration delay";
            case MASTER -> "the other masters up and registered";
            case ALERT -> "the other alert servers up";
        };
    }

    private static String post(NodeRole role, RollingPolicy policy, boolean last) {
        return (role == NodeRole.API ? "back into the target group once healthy; " : "") + "monitor "
                + policy.monitorWindow().toMillis() + " ms, check again" + (role == NodeRole.WORKER
                ? "; rejoin the worker groups" : "") + (last || policy.pauseBetweenBatches().isZero() ? ""
                : "; pause " + policy.pauseBetweenBatches());
    }
}
