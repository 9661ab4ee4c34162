package io.dsec2.internal.create;

import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the spec's named worker groups in DolphinScheduler's own table ({@code t_ds_worker_group}) through its REST
 * API, because the {@code host:group} syntax of install_env.sh does nothing in 3.2.0 (facts §4). A worker group of
 * the spec named {@code g} becomes a row {@code g} listing its workers' {@code ip:1234}; the spec's {@code default}
 * group stays implicit (DS puts every worker in it while no {@code default} row exists). Rows are written only when
 * inserted when missing and otherwise updated in place by id, so a re-run leaves one row per group.
 */
final class SpecWorkerGroups {
    private SpecWorkerGroups() {
    }

    /** @return group name to the addresses of its workers, for the spec's named (non-default) worker groups */
    static Map<String, List<String>> desired(CreateContext ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PlannedNode n : ctx.nodes) {
            NodeGroupSpec g = n.group();
            if (n.role() == NodeRole.WORKER && !"default".equals(g.name())) {
                out.computeIfAbsent(g.name(), k -> new ArrayList<>())
                        .add(ctx.instance(n).privateIp() + ":" + NodeRole.WORKER.rpcPort());
            }
        }
        return out;
    }

    /** Inserts each named group that has no row yet and updates the others in place. */
    static void apply(CreateContext ctx, NodeSteps node) {
        Map<String, List<String>> desired = desired(ctx);
        if (desired.isEmpty()) {
            return;
        }
        PlannedNode api = ctx.nodes.stream().filter(n -> n.role() == NodeRole.API).findFirst().orElseThrow(
                () -> new IllegalStateException("worker groups are written through an api server; the spec has none"));
        WorkerGroupsRest rest = new WorkerGroupsRest(ctx, node, api);
        Map<String, Long> ids = rest.ids();
        desired.forEach((name, addresses) -> rest.save(ids.getOrDefault(name, 0L), name, addresses));
    }
}
