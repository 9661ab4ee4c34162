package io.dsec2.internal.create;

import io.dsec2.DsClusterHandle;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.engine.ExecutionReport;
import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.PlanExecutor;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.ScaleOptions;
import io.dsec2.model.ScaleResult;
import io.dsec2.spi.CloudInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code scale(role, count)}. The cloud is the inventory: running instances of the role are discovered by tag.
 * Out: a create of the same spec with every role at its running count and the scaled role at {@code count}; the
 * create plan adopts the existing instances and skips healthy servers, so only new nodes are launched (in the
 * least-populated zones, {@link ZonePlacement}), installed, started and verified. In: {@link ScaleIn}, journaled
 * under the cluster lock.
 */
public final class ScaleOperation {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOperation.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final ClusterSpec spec;
    private final Settings settings;
    private final NodeRole role;
    private final int count;
    private final ScaleOptions options;

    public ScaleOperation(ClusterSpec spec, Settings settings, NodeRole role, int count, ScaleOptions options) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        this.spec = spec;
        this.settings = settings;
        this.role = java.util.Objects.requireNonNull(role, "role must not be null");
        this.count = count;
        this.options = java.util.Objects.requireNonNull(options, "options must not be null");
    }

    public ScaleResult run() {
        Instant start = Instant.now();
        List<String> warnings = new ArrayList<>();
        if (role == NodeRole.MASTER && count < 1 && !options.force()) {
            throw new IllegalStateException("refusing to scale masters to " + count + ": a cluster needs at least one"
                    + " master; pass --force (ScaleOptions.force(true)) to do it anyway");
        }
        if (role == NodeRole.MASTER && count < 2) {
            warnings.add(count + " master(s): no master failover; run at least two");
        }
        if (role == NodeRole.WORKER && count == 0) {
            warnings.add("0 workers: no task can run");
        }
        if (role == NodeRole.API && count == 0) {
            warnings.add("0 api servers: no UI or REST API");
        }
        if (role == NodeRole.ALERT && count == 0) {
            warnings.add("0 alert servers: no alert is sent");
        }
        if (role == NodeRole.ALERT && count > 1) {
            warnings.add("DolphinScheduler 3.2.0 runs one active alert server; the other " + (count - 1)
                    + " stand by");
        }
        Map<NodeRole, List<CloudInstance>> running;
        Wiring wiring = Wiring.resolve(spec, settings);
        try {
            ResolvedSecrets secrets = ResolvedSecrets.resolve(spec, wiring.secrets);
            String jobId = "scale-" + JOB_TIME.format(start) + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            CreateContext ctx = new CreateContext(spec, wiring, secrets, jobId);
            new CloudSteps(ctx).discover();
            running = byRole(ctx.instances.values());
            List<CloudInstance> current = running.get(role);
            int previous = current.size();
            ScaleResult.Builder result = ScaleResult.builder().role(role).previousCount(previous).count(count);
            if (count < previous) {
                List<CloudInstance> victims = victims(current, previous - count);
                LOG.info("scale {} {} {} -> {}: removing {}", spec.name(), role.id(), previous, count,
                        victims.stream().map(CloudInstance::nodeId).toList());
                ScaleIn in = new ScaleIn(ctx, role, victims, options);
                ExecutionReport report;
                try (PlanExecutor executor = wiring.planExecutor(spec, settings, null)) {
                    report = executor.execute(in.plan(), jobId, Integer.toHexString(spec.toString().hashCode()));
                }
                if (!report.succeeded()) {
                    throw report.toException();
                }
                result.removed(victims.stream().map(CloudInstance::nodeId).toList()).tasksFinished(in.tasksFinished())
                        .tasksKilled(in.tasksKilled());
                warnings.addAll(in.warnings());
            } else if (count > previous) {
                if (!options.remove().isEmpty()) {
                    throw new IllegalArgumentException("remove " + options.remove() + " given, but " + role.id()
                            + " scales out from " + previous + " to " + count);
                }
                int highest = current.stream().mapToInt(CloudInstance::ordinal).max().orElse(0);
                if (highest > previous) {
                    throw new DsEc2Exception(role.id() + " ordinals have gaps (" + ids(current) + "): scale-out adds "
                            + role.id() + "-" + (previous + 1) + ".. and would clash; remove the highest ones first");
                }
                result.added(scaleOut(running));
            } else if (!options.remove().isEmpty()) {
                throw new IllegalArgumentException("remove " + options.remove() + " given, but " + role.id()
                        + " already has " + count + " node(s)");
            } else if (interruptedScaleOut(wiring, running).isPresent()) {
                // a scale-out to this count was cut short after its instances were launched (the count already
                // matches): its create plan runs again and finishes the new nodes; every task checks first
                LOG.info("scale {} {} -> {}: finishing interrupted job {}", spec.name(), role.id(), count,
                        interruptedScaleOut(wiring, running).get());
                result.added(scaleOut(running));
            }
            return result.warnings(warnings).duration(Duration.between(start, Instant.now())).build();
        } finally {
            wiring.close();
        }
    }

    /** The spec a scale-out to {@code count} creates: every other role at its running count. */
    private ClusterSpec scaleOutTarget(Map<NodeRole, List<CloudInstance>> running) {
        Map<NodeRole, Integer> counts = new LinkedHashMap<>();
        for (NodeRole r : NodeRole.values()) {
            counts.put(r, r == role ? count : running.get(r).isEmpty() ? spec.count(r) : running.get(r).size());
        }
        return withCounts(spec, counts);
    }

    /** @return the unfinished create job of a scale-out to this very target, if one was cut short */
    private java.util.Optional<String> interruptedScaleOut(Wiring wiring, Map<NodeRole, List<CloudInstance>> running) {
        ClusterSpec target = scaleOutTarget(running);
        return io.dsec2.internal.engine.Journal.findUnfinished(wiring.store, spec.name(), "create",
                CreateOperation.specDigest(target));
    }

    private List<String> scaleOut(Map<NodeRole, List<CloudInstance>> running) {
        ClusterSpec target = scaleOutTarget(running);
        Set<String> before = running.get(role).stream().map(CloudInstance::nodeId).collect(Collectors.toSet());
        try (DsClusterHandle h = new CreateOperation(target, settings).run()) {
            return h.nodes().stream().filter(n -> n.role() == role).map(ClusterNode::nodeId)
                    .filter(id -> !before.contains(id)).toList();
        }
    }

    /** The spec with each role at the given count: groups of a role keep their order, the last absorbs the change. */
    static ClusterSpec withCounts(ClusterSpec spec, Map<NodeRole, Integer> counts) {
        return spec.copy(b -> {
            b.masters(g -> g.count(counts.get(NodeRole.MASTER)));
            b.apis(g -> g.count(counts.get(NodeRole.API)));
            b.alerts(g -> g.count(counts.get(NodeRole.ALERT)));
            List<NodeGroupSpec> groups = spec.workerGroups();
            int left = counts.get(NodeRole.WORKER);
            List<NodeGroupSpec> out = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                int n = i == groups.size() - 1 ? left : Math.min(left, groups.get(i).count());
                left -= n;
                out.add(groups.get(i).copy(g -> g.count(n)));
            }
            b.workerGroups(out);
        });
    }

    /**
     * The named nodes, else the newest keeping zones balanced: repeatedly the highest ordinal of the zone that
     * holds the most nodes of the role (ties: the zone holding the highest ordinal).
     */
    private List<CloudInstance> victims(List<CloudInstance> current, int howMany) {
        if (!options.remove().isEmpty()) {
            List<CloudInstance> named = new ArrayList<>();
            for (String id : options.remove()) {
                CloudInstance i = current.stream().filter(c -> c.nodeId().equals(id)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("remove: " + id + " is no running " + role.id()
                                + " of " + spec.name() + " (running: " + ids(current) + ")"));
                if (!named.contains(i)) {
                    named.add(i);
                }
            }
            if (named.size() != howMany) {
                throw new IllegalArgumentException("remove names " + named.size() + " node(s), but scaling " + role.id()
                        + " from " + current.size() + " to " + count + " removes " + howMany);
            }
            return named;
        }
        List<CloudInstance> left = new ArrayList<>(current);
        List<CloudInstance> out = new ArrayList<>();
        Comparator<CloudInstance> newest = Comparator.comparingInt(CloudInstance::ordinal);
        for (int k = 0; k < howMany; k++) {
            Map<String, List<CloudInstance>> byZone = left.stream()
                    .collect(Collectors.groupingBy(CloudInstance::availabilityZone));
            List<CloudInstance> zone = byZone.values().stream().max(Comparator.<List<CloudInstance>>comparingInt(List::size)
                    .thenComparing(l -> l.stream().max(newest).orElseThrow(), newest)).orElseThrow();
            CloudInstance v = zone.stream().max(newest).orElseThrow();
            out.add(v);
            left.remove(v);
        }
        return out;
    }

    private static String ids(List<CloudInstance> l) {
        return l.stream().map(CloudInstance::nodeId).toList().toString();
    }

    private static Map<NodeRole, List<CloudInstance>> byRole(java.util.Collection<CloudInstance> all) {
        Map<NodeRole, List<CloudInstance>> out = new LinkedHashMap<>();
        for (NodeRole r : NodeRole.values()) {
            out.put(r, all.stream().filter(i -> i.running() && i.role() == r)
                    .sorted(Comparator.comparingInt(CloudInstance::ordinal)).toList());
        }
        return out;
    }


    static Set<String> nodeIds(List<CloudInstance> l) {
        return new HashSet<>(l.stream().map(CloudInstance::nodeId).toList());
    }
}
