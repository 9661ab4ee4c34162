package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes workers out of every worker group for a restart and puts the groups back afterwards: DolphinScheduler
 * 3.2.0 has no drain (facts §7), so leaving the groups the masters dispatch to is the drain. Before the first
 * change the rows of {@code t_ds_worker_group} are saved in the state store ({@code jobs/<job>.groups}), so a
 * resumed job restores what was there before it began; an implicit {@code default} group (no row) is restored by
 * deleting the explicit row ds-ec2 wrote. Writes go through the REST API ({@link WorkerGroupsRest}) of a healthy api
 * node. Not thread-safe: one rollout stage at a time uses it.
 */
final class WorkerGroupGuard {
    private static final String DEFAULT = NodeGroupSpec.DEFAULT_WORKER_GROUP;
    private static final String NO_DEFAULT = "#implicit-default";
    private final CreateContext ctx;
    private final NodeSteps node;
    private final TaskInstances db;

    WorkerGroupGuard(CreateContext ctx, NodeSteps node) {
        this.ctx = ctx;
        this.node = node;
        this.db = new TaskInstances(ctx);
    }

    /** Rewrites every group without the batch's addresses and waits one group-refresh interval of the masters. */
    void leave(List<PlannedNode> batch) {
        snapshot();
        List<String> leaving = batch.stream().map(this::address).toList();
        WorkerGroupsRest rest = rest();
        Map<String, Map.Entry<Long, String>> now = db.groups();
        for (Map.Entry<String, Map.Entry<Long, String>> g : now.entrySet()) {
            List<String> addrs = split(g.getValue().getValue());
            if (addrs.stream().anyMatch(leaving::contains)) {
                rest.save(g.getValue().getKey(), g.getKey(), addrs.stream().filter(a -> !leaving.contains(a)).toList());
            }
        }
        if (!now.containsKey(DEFAULT)) {
            List<String> keep = workers().stream().map(i -> i.privateIp() + ":" + NodeRole.WORKER.rpcPort())
                    .filter(a -> !leaving.contains(a)).toList();
            rest.save(0, DEFAULT, keep);
        }
        CloudSteps.sleep(ScaleIn.GROUP_REFRESH);
    }

    /** Puts every group back as the snapshot holds it; a no-op when nothing was changed. */
    void restore() {
        Optional<byte[]> saved = ctx.wiring.store.read(ctx.clusterId(), key());
        if (saved.isEmpty()) {
            return;
        }
        Map<String, Map.Entry<Long, String>> before = decode(saved.get());
        Map<String, Map.Entry<Long, String>> now = db.groups();
        WorkerGroupsRest rest = rest();
        for (Map.Entry<String, Map.Entry<Long, String>> g : before.entrySet()) {
            if (g.getKey().equals(NO_DEFAULT)) {
                continue;
            }
            Map.Entry<Long, String> cur = now.get(g.getKey());
            if (cur == null || !split(cur.getValue()).equals(split(g.getValue().getValue()))) {
                rest.save(cur == null ? 0 : cur.getKey(), g.getKey(), split(g.getValue().getValue()));
            }
        }
        if (before.containsKey(NO_DEFAULT) && now.containsKey(DEFAULT)) {
            rest.delete(now.get(DEFAULT).getKey());
        }
    }

    /** The groups as they were before this job changed them, saved on first use. */
    private Map<String, Map.Entry<Long, String>> snapshot() {
        Optional<byte[]> saved = ctx.wiring.store.read(ctx.clusterId(), key());
        if (saved.isPresent()) {
            return decode(saved.get());
        }
        Map<String, Map.Entry<Long, String>> groups = new LinkedHashMap<>(db.groups());
        if (!groups.containsKey(DEFAULT)) {
            groups.put(NO_DEFAULT, Map.entry(0L, ""));
        }
        StringBuilder out = new StringBuilder();
        groups.forEach((name, row) -> out.append(name).append('\t').append(row.getKey()).append('\t')
                .append(row.getValue()).append('\n'));
        ctx.wiring.store.write(ctx.clusterId(), key(), out.toString().getBytes(StandardCharsets.UTF_8));
        return groups;
    }

    private static Map<String, Map.Entry<Long, String>> decode(byte[] bytes) {
        Map<String, Map.Entry<Long, String>> out = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3) {
                out.put(f[0], Map.entry(Long.parseLong(f[1]), f[2]));
            }
        }
        return out;
    }

    private String key() {
        return "jobs/" + ctx.jobId + ".groups";
    }

    private List<CloudInstance> workers() {
        return ctx.instances.values().stream().filter(i -> i.running() && i.role() == NodeRole.WORKER)
                .sorted(Comparator.comparingInt(CloudInstance::ordinal)).toList();
    }

    private WorkerGroupsRest rest() {
        List<CloudInstance> apis = ctx.instances.values().stream().filter(i -> i.running() && i.role() == NodeRole.API)
                .sorted(Comparator.comparingInt(CloudInstance::ordinal)).toList();
        for (CloudInstance api : apis) {
            PlannedNode p = new PlannedNode(api.nodeId(), NodeRole.API, api.ordinal(), ctx.spec.apis());
            if (node.healthy(p)) {
                return new WorkerGroupsRest(ctx, node, p);
            }
        }
        throw new DsEc2Exception("no healthy api node: worker groups are written through the DolphinScheduler REST"
                + " API, and workers leave their groups before a restart; start or restart the api servers first", null,
                true);
    }

    private String address(PlannedNode n) {
        return ctx.instance(n).privateIp() + ":" + NodeRole.WORKER.rpcPort();
    }

    private static List<String> split(String addrList) {
        List<String> out = new ArrayList<>();
        Arrays.stream(addrList.split(",")).map(String::trim).filter(a -> !a.isEmpty()).forEach(out::add);
        return out;
    }
}
