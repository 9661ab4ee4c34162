package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DolphinScheduler's worker groups equal to the workers the cluster has ({@link WorkerGroupPlan}): reads the
 * rows and writes them through the REST API of a healthy api node ({@link WorkerGroupsRest}), reads the registered
 * workers from ZooKeeper and the running ones from the cloud. What it takes out of the operator's own groups is kept
 * in the state store ({@code worker-groups.held}) before the rows change, so the next operation puts it back when
 * this one is interrupted. DolphinScheduler 3.2.0 has no drain: leaving every group the masters dispatch to is the
 * drain, and the masters reload the groups every {@code master.worker-group-refresh-interval} (10 s; see
 * dolphinscheduler-master/src/main/resources/application.yaml at tag 3.2.0). Not thread-safe: one stage at a time.
 */
final class WorkerGroupSync {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroupSync.class);
    static final String HELD_KEY = "worker-groups.held";
    /** One refresh interval of the masters plus a margin. */
    static final Duration GROUP_REFRESH = Duration.ofSeconds(11);
    private final CreateContext ctx;
    private final NodeSteps node;

    WorkerGroupSync(CreateContext ctx, NodeSteps node) {
        this.ctx = ctx;
        this.node = node;
    }

    /**
     * Takes these workers out of every group (restoring whatever an earlier, interrupted operation left out), then
     * waits one refresh interval of the masters if anything changed.
     *
     * @param addresses workers {@code ip:1234}
     */
    void leave(Collection<String> addresses) {
        if (apply(addresses, List.of(), "leave")) {
            CloudSteps.sleep(GROUP_REFRESH);
        }
    }

    /** Puts every group back to the workers the cluster has: the restore after a drain, and the repair of one. */
    void restore() {
        apply(List.of(), List.of(), "restore");
    }

    /**
     * Takes workers out for good (scale-in, delete): out of every group and never put back.
     *
     * @param addresses workers {@code ip:1234}
     * @param waitRefresh whether to wait one refresh interval of the masters when anything changed
     */
    void remove(Collection<String> addresses, boolean waitRefresh) {
        if (apply(addresses, addresses, "remove") && waitRefresh) {
            CloudSteps.sleep(GROUP_REFRESH);
        }
    }

    private boolean apply(Collection<String> leaving, Collection<String> removed, String why) {
        Optional<WorkerGroupsRest> rest = rest();
        Map<String, Set<String>> held = readHeld();
        if (rest.isEmpty()) {
            if (leaving.isEmpty() && held.isEmpty()) {
                LOG.info("worker groups: no api node runs; nothing to {}", why);
                return false;
            }
            throw new DsEc2Exception("no healthy api node: worker groups are written through the DolphinScheduler REST"
                    + " API, and workers leave their groups before they stop; start or restart the api servers first",
                    null, true);
        }
        Map<String, WorkerGroupPlan.Row> rows = rest.get().rows();
        WorkerGroupPlan.Result plan = WorkerGroupPlan.plan(rows, registeredWorkers(), leaving, removed, held);
        Map<String, Set<String>> union = new TreeMap<>(held);
        plan.held().forEach((g, a) -> union.merge(g, a, (x, y) -> {
            Set<String> s = new TreeSet<>(x);
            s.addAll(y);
            return s;
        }));
        writeHeld(union);
        for (WorkerGroupPlan.Write w : plan.writes()) {
            rest.get().save(w.id(), w.name(), w.addresses());
            LOG.info("worker group {} now {} ({}{})", w.name(), w.addresses(), why,
                    leaving.isEmpty() ? "" : ": " + leaving);
        }
        writeHeld(plan.held());
        return !plan.writes().isEmpty();
    }

    /** @return running, registered workers: address to the name of the spec worker group of their node */
    private Map<String, String> registeredWorkers() {
        Map<String, String> groupByIp = new HashMap<>();
        String fallback = ctx.spec.workerGroups().isEmpty() ? NodeGroupSpec.DEFAULT_WORKER_GROUP
                : ctx.spec.workerGroups().get(0).name();
        for (CloudInstance i : ctx.instances.values()) {
            if (i.running() && i.role() == NodeRole.WORKER) {
                String g = ctx.nodes.stream().filter(n -> n.nodeId().equals(i.nodeId())).findFirst()
                        .map(n -> n.group().name()).orElse(fallback);
                groupByIp.put(i.privateIp() + ":" + NodeRole.WORKER.rpcPort(), g);
            }
        }
        Map<String, String> out = new TreeMap<>();
        try (RegistryProbe probe = RegistryProbe.connect(ctx.spec.registry().connectString(), Duration.ofSeconds(30))) {
            for (RegistryProbe.RegisteredServer s : probe.servers(ctx.spec.registry().namespace(), NodeRole.WORKER)) {
                String g = groupByIp.get(s.address());
                if (g != null) {
                    out.put(s.address(), g);
                }
            }
        }
        return out;
    }

    private Optional<WorkerGroupsRest> rest() {
        List<CloudInstance> apis = ctx.instances.values().stream().filter(i -> i.running() && i.role() == NodeRole.API)
                .sorted(Comparator.comparingInt(CloudInstance::ordinal)).toList();
        for (CloudInstance api : apis) {
            PlannedNode p = new PlannedNode(api.nodeId(), NodeRole.API, api.ordinal(), ctx.spec.apis());
            if (node.healthy(p)) {
                return Optional.of(new WorkerGroupsRest(ctx, node, p));
            }
        }
        return Optional.empty();
    }

    private Map<String, Set<String>> readHeld() {
        Map<String, Set<String>> out = new TreeMap<>();
        ctx.wiring.store.read(ctx.clusterId(), HELD_KEY).ifPresent(b -> {
            for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length == 2 && !f[0].isBlank()) {
                    Set<String> a = new TreeSet<>();
                    for (String x : f[1].split(",")) {
                        if (!x.isBlank()) {
                            a.add(x.trim());
                        }
                    }
                    out.put(f[0], a);
                }
            }
        });
        return out;
    }

    private void writeHeld(Map<String, Set<String>> held) {
        StringBuilder sb = new StringBuilder();
        held.forEach((g, a) -> sb.append(g).append('\t').append(String.join(",", a)).append('\n'));
        ctx.wiring.store.write(ctx.clusterId(), HELD_KEY, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
