package io.dsec2.internal.create;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.exception.RolloutException;
import io.dsec2.internal.config.ChangeSets;
import io.dsec2.internal.config.ConfigHistory;
import io.dsec2.internal.engine.ExecutionReport;
import io.dsec2.internal.engine.Journal;
import io.dsec2.internal.engine.PlanExecutor;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.FailureAction;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.VersionStatus;
import io.dsec2.model.Violation;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.StateLock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code update}, {@code rollback} and {@code restart}: under the cluster's lock, discover the running nodes, work
 * out each node's target configuration digest, record the version, and execute the {@link RolloutPlanner} plan as a
 * journaled job; an unfinished job of the same operation and target is resumed instead of started anew.
 */
public final class RolloutOperation {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutOperation.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final ClusterSpec current;
    private final Settings settings;

    /**
     * @param current the operator's spec: wiring (region, endpoints, key file), and the literal secrets of
     *     recorded versions
     * @param settings the wiring
     */
    public RolloutOperation(ClusterSpec current, Settings settings) {
        this.current = current;
        this.settings = settings;
    }

    /**
     * @return the change set from the newest recorded version to {@code desired}; reads the state store, and
     *     describes the cluster's instances only when a node count differs
     */
    public ChangeSet plan(ClusterSpec desired) {
        requireSameCluster(desired);
        try (Wiring wiring = Wiring.resolve(desired, settings)) {
            ChangeSet changes = changeSet(new ConfigHistory(wiring.store, current.name(), current), desired);
            if (changes.changes().stream().noneMatch(c -> c.key().endsWith(".count"))) {
                return changes;
            }
            CreateContext ctx = new CreateContext(desired, wiring, ResolvedSecrets.none(), "plan");
            new CloudSteps(ctx).discover();
            return countsAsRunning(changes, desired, ctx);
        }
    }

    /** @return every recorded version, oldest first */
    public List<ConfigVersion> history() {
        try (Wiring wiring = Wiring.resolve(current, settings)) {
            return new ConfigHistory(wiring.store, current.name(), current).all();
        }
    }

    /** @return the changes from version {@code from} to {@code to} */
    public ChangeSet diff(int from, int to) {
        try (Wiring wiring = Wiring.resolve(current, settings)) {
            ConfigHistory h = new ConfigHistory(wiring.store, current.name(), current);
            return ChangeSets.between(from, h.get(from).spec(), h.get(to).spec());
        }
    }

    /** Rolls out {@code desired} as a new version. */
    public RolloutResult update(ClusterSpec desired, io.dsec2.model.UpdateOptions options) {
        requireSameCluster(desired);
        return rollout(desired, options.policy(), options.note(), "update", 0);
    }

    /** Rolls out a copy of version {@code number} as a new version. */
    public RolloutResult rollback(int number, io.dsec2.model.UpdateOptions options) {
        ClusterSpec target;
        try (Wiring wiring = Wiring.resolve(current, settings)) {
            target = new ConfigHistory(wiring.store, current.name(), current).deployableSpec(number);
        }
        String note = options.note().isEmpty() ? "rollback to version " + number : options.note();
        return rollout(target, options.policy(), note, "rollback", number);
    }

    /** Restarts the running servers of {@code roles}, configuration unchanged. */
    public RolloutResult restart(java.util.Collection<NodeRole> roles, RollingPolicy policy) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("roles must name at least one of master, worker, api, alert");
        }
        java.util.Set<NodeRole> only = java.util.EnumSet.copyOf(roles);
        return rollout(current, policy.copy(b -> b.roleOrder(policy.roleOrder().stream().filter(only::contains).toList())),
                "", "restart", 0, only);
    }

    private RolloutResult rollout(ClusterSpec target, RollingPolicy policy, String note, String operation, int basedOn) {
        return rollout(target, policy, note, operation, basedOn, null);
    }

    private RolloutResult rollout(ClusterSpec target, RollingPolicy policy, String note, String operation, int basedOn,
                                  java.util.Set<NodeRole> restartRoles) {
        Instant start = Instant.now();
        boolean restart = restartRoles != null;
        Wiring wiring = Wiring.resolve(target, settings);
        try (StateLock lock = wiring.store.lock(current.name(), owner(operation), settings.timeouts.lockWait())) {
            ConfigHistory history = new ConfigHistory(wiring.store, current.name(), current);
            Optional<ConfigVersion> base = baseline(history);
            ChangeSet changes = restart ? ChangeSet.of(base.map(ConfigVersion::number).orElse(0), List.of())
                    : changeSet(history, target);
            ResolvedSecrets secrets = ResolvedSecrets.resolve(target, wiring.secrets);
            CreateContext ctx = new CreateContext(target, wiring, secrets, "pending");
            CloudSteps cloud = new CloudSteps(ctx);
            cloud.discover();
            changes = countsAsRunning(changes, target, ctx);
            List<ConfigChange> unsupported = changes.unsupported();
            if (!unsupported.isEmpty()) {
                throw new InvalidClusterSpecException(operation + " of " + current.name(), unsupported.stream()
                        .map(c -> Violation.error(c.key(), c.reason())).toList());
            }
            if (target.loadBalancer().enabled() || io.dsec2.internal.config.ChangeSets.changesNetworkRules(changes)) {
                lock.checkHeld();
                cloud.ensureNetwork();   // adds and revokes rules to match the target's CIDRs
            }
            if (target.loadBalancer().enabled()) {
                cloud.ensureLoadBalancer();
            }
            NodeSteps node = new NodeSteps(ctx);
            Map<NodeRole, List<PlannedNode>> all = running(ctx, restartRoles);
            if (!restart && TagSync.changesTags(changes)) {
                lock.checkHeld();
                TagSync.apply(ctx, base.map(ConfigVersion::spec).orElse(null),
                        all.values().stream().flatMap(List::stream).toList());
            }
            if (!restart && io.dsec2.internal.config.ChangeSets.changesAdminPassword(changes)) {
                lock.checkHeld();
                new VerifySteps(ctx, node).setAdminPassword();
            }
            List<PlannedNode> nodes = all.values().stream().flatMap(List::stream).toList();
            nodes.parallelStream().forEach(node::facts);
            Map<String, String> digests = new LinkedHashMap<>();
            for (PlannedNode n : nodes) {
                digests.put(n.nodeId(), node.renderedDigest(n));
            }
            String clusterDigest = RunningConfig.clusterDigest(digests);
            String journalDigest = restart ? RunningConfig.sha256("restart " + restartRoles + " " + clusterDigest)
                    : clusterDigest;
            Optional<String> unfinished = Journal.findUnfinished(wiring.store, current.name(), operation, journalDigest);
            ctx.jobId = unfinished.orElseGet(() -> operation + "-" + JOB_TIME.format(start) + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)));
            lock.checkHeld(); // the version record is a change of the shared state
            ConfigVersion version = restart ? null : version(history, base, target, note, operation, basedOn, digests,
                    clusterDigest, unfinished.isPresent());
            if (unfinished.isPresent()) {
                LOG.info("{} of {}: resuming unfinished job {}", operation, current.name(), ctx.jobId);
            }
            try (RegistryProbe registry = RegistryProbe.connect(target.registry().connectString(), Duration.ofSeconds(30))) {
                RolloutSteps steps = new RolloutSteps(ctx, node, policy, registry, restart ? null : digests);
                Map<NodeRole, List<PlannedNode>> pending = pending(all, steps);
                RolloutResult.Builder result = RolloutResult.builder().jobId(ctx.jobId).resumed(unfinished.isPresent())
                        .version(version).changeSet(changes);
                ExecutionReport report = execute(wiring, lock, RolloutPlanner.plan(operation, steps, policy, all, pending),
                        ctx.jobId, journalDigest);
                result.restarted(List.copyOf(steps.restarted)).failed(Map.copyOf(steps.failed))
                        .unchanged(nodes.stream().map(PlannedNode::nodeId)
                                .filter(id -> !steps.restarted.contains(id) && !steps.failed.containsKey(id)).toList());
                lock.checkHeld();
                if (report.succeeded() && !all.getOrDefault(NodeRole.WORKER, List.of()).isEmpty()) {
                    // a run cut short between a worker's restart and its batch's rejoin left it out of its groups,
                    // and a re-run finds that worker current: every rollout of workers ends with the groups whole
                    new WorkerGroupSync(ctx, node).restore();
                }
                if (report.succeeded()) {
                    Journal.closeResumable(wiring.store, current.name(), restart ? java.util.Set.of("restart")
                            : java.util.Set.of("update", "rollback"), "SUPERSEDED by " + ctx.jobId,
                            java.time.Clock.systemUTC());
                    if (version != null) {
                        history.status(version.number(), VersionStatus.APPLIED);
                        version = history.get(version.number());
                    }
                    boolean any = pending.values().stream().anyMatch(l -> !l.isEmpty());
                    return result.version(version).outcome(!steps.failed.isEmpty()
                            ? RolloutResult.Outcome.COMPLETED_WITH_FAILURES : any ? RolloutResult.Outcome.COMPLETED
                            : RolloutResult.Outcome.NOTHING_TO_DO).duration(Duration.between(start, Instant.now())).build();
                }
                steps.recover();
                String cause = report.toException().getMessage();
                if (policy.failureAction() == FailureAction.ROLL_BACK && version != null && base.isPresent()) {
                    List<String> back = rollBack(wiring, lock, ctx, registry, policy, base.get(), all,
                            Map.copyOf(steps.failed));
                    Journal.closeResumable(wiring.store, current.name(), java.util.Set.of("update", "rollback"),
                            "ROLLED BACK to version " + base.get().number(), java.time.Clock.systemUTC());
                    history.status(version.number(), VersionStatus.ROLLED_BACK);
                    RolloutResult r = result.version(history.get(version.number())).rolledBack(back)
                            .outcome(RolloutResult.Outcome.ROLLED_BACK).duration(Duration.between(start, Instant.now()))
                            .build();
                    throw new RolloutException(operation + " of " + current.name() + " stopped (" + cause
                            + ") and was rolled back to version " + base.get().number() + ": " + back
                            + " restarted on the previous configuration", r);
                }
                RolloutResult r = result.outcome(RolloutResult.Outcome.PAUSED).duration(Duration.between(start, Instant.now()))
                        .build();
                throw new RolloutException(operation + " of " + current.name() + " paused: " + cause + ". Nodes not"
                        + " reached keep their configuration; fix the cause and run the same command again (it resumes"
                        + " with the nodes still pending)" + (version != null && base.isPresent()
                        ? ", or roll back with `ds-ec2 config rollback --version " + base.get().number() + "`" : ""), r);
            }
        } finally {
            wiring.close();
        }
    }

    private List<String> rollBack(Wiring wiring, StateLock lock, CreateContext failed, RegistryProbe registry,
                                  RollingPolicy policy, ConfigVersion previous, Map<NodeRole, List<PlannedNode>> all,
                                  Map<String, String> failedNodes) {
        ClusterSpec spec = new ConfigHistory(wiring.store, current.name(), current).deployableSpec(previous.number());
        CreateContext ctx = new CreateContext(spec, wiring, ResolvedSecrets.resolve(spec, wiring.secrets),
                failed.jobId + "-rollback-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)));
        ctx.instances.putAll(failed.instances);
        ctx.facts.putAll(failed.facts);
        ctx.loadBalancer = failed.loadBalancer;
        ctx.network = failed.network;
        ctx.vpcId = failed.vpcId;
        ctx.subnets = failed.subnets;
        NodeSteps node = new NodeSteps(ctx);
        Map<NodeRole, List<PlannedNode>> nodes = new EnumMap<>(NodeRole.class);
        Map<String, String> digests = new LinkedHashMap<>();
        all.forEach((role, list) -> nodes.put(role, list.stream().map(n -> regroup(spec, n)).toList()));
        nodes.values().stream().flatMap(List::stream).forEach(n -> digests.put(n.nodeId(),
                RunningConfig.nodeDigest(node.render(n), ctx.digestKey())));
        RolloutSteps steps = new RolloutSteps(ctx, node, policy.copy(b -> b.failureAction(FailureAction.PAUSE)),
                registry, digests);
        Map<NodeRole, List<PlannedNode>> pending = pending(nodes, steps);
        LOG.warn("rolling {} back to version {}: {}", current.name(), previous.number(), pending);
        ExecutionReport report = execute(wiring, lock, RolloutPlanner.plan("rollback", steps, policy, nodes, pending), ctx.jobId,
                RunningConfig.clusterDigest(digests));
        if (!report.succeeded()) {
            steps.recover();
            throw new RolloutException("the update failed and so did the rollback to version " + previous.number() + ": "
                    + report.toException().getMessage() + "; check the nodes with `ds-ec2 status`",
                    RolloutResult.builder().jobId(ctx.jobId).outcome(RolloutResult.Outcome.PAUSED)
                            .restarted(List.copyOf(steps.restarted)).failed(merged(failedNodes, steps.failed)).build());
        }
        return List.copyOf(steps.restarted);
    }

    /**
     * The version to roll out: the unfinished one this job resumes, the applied one when nothing differs, else a
     * new one (an unfinished newest version is superseded by it).
     */
    private ConfigVersion version(ConfigHistory history, Optional<ConfigVersion> base, ClusterSpec target, String note,
                                  String operation, int basedOn, Map<String, String> digests, String clusterDigest,
                                  boolean resumed) {
        Optional<ConfigVersion> latest = history.latest();
        if (resumed && latest.isPresent() && latest.get().status() == VersionStatus.IN_PROGRESS
                && latest.get().renderedDigest().equals(clusterDigest)) {
            return latest.get();
        }
        if (base.isPresent() && latest.equals(base) && base.get().status() == VersionStatus.APPLIED
                && base.get().renderedDigest().equals(clusterDigest) && base.get().spec().equals(target)) {
            return base.get();
        }
        latest.filter(v -> v.status() == VersionStatus.IN_PROGRESS)
                .ifPresent(v -> history.status(v.number(), VersionStatus.SUPERSEDED));
        return history.record(ConfigVersion.builder().createdAt(Instant.now()).createdBy(who()).note(note)
                .operation(operation).basedOn(basedOn).spec(target).renderedDigest(clusterDigest).nodeDigests(digests));
    }

    /**
     * A node count that differs from the recorded version but equals what runs (the cluster was scaled since) is
     * no change for an update: it becomes {@link io.dsec2.model.UpdatePolicy#NONE}. Other count changes stay
     * unsupported (scale does them).
     */
    static ChangeSet countsAsRunning(ChangeSet changes, ClusterSpec desired, CreateContext ctx) {
        List<ConfigChange> out = new ArrayList<>();
        for (ConfigChange c : changes.changes()) {
            if (c.key().endsWith(".count") && c.policy() == io.dsec2.model.UpdatePolicy.UNSUPPORTED && c.roles().size() == 1) {
                NodeRole role = c.roles().iterator().next();
                long running = ctx.instances.values().stream().filter(i -> i.running() && i.role() == role).count();
                if (running == desired.count(role)) {
                    out.add(ConfigChange.of(c.key(), c.oldValue().orElse(null), c.newValue().orElse(null), c.roles(),
                            io.dsec2.model.UpdatePolicy.NONE, "matches the " + running + " running " + role.id()
                                    + " node(s): the cluster was scaled since the version was recorded"));
                    continue;
                }
            }
            out.add(c);
        }
        return ChangeSet.of(changes.fromVersion(), out);
    }

    /**
     * The version a change set starts from and a failed rollout returns to: the newest one every node ran
     * (APPLIED), not a paused or rolled-back one; the newest of all when none was applied.
     */
    private static Optional<ConfigVersion> baseline(ConfigHistory history) {
        Optional<ConfigVersion> applied = history.latestApplied();
        return applied.isPresent() ? applied : history.latest();
    }

    private ChangeSet changeSet(ConfigHistory history, ClusterSpec desired) {
        Optional<ConfigVersion> base = baseline(history);
        return base.map(v -> ChangeSets.between(v.number(), v.spec(), desired)).orElse(ChangeSet.of(0, List.of()));
    }

    /** The running nodes of each role (of {@code only}, if given), by ordinal, with the target spec's groups. */
    private static Map<NodeRole, List<PlannedNode>> running(CreateContext ctx, java.util.Set<NodeRole> only) {
        Map<NodeRole, List<PlannedNode>> out = new EnumMap<>(NodeRole.class);
        for (NodeRole role : NodeRole.values()) {
            if (only != null && !only.contains(role)) {
                continue;
            }
            out.put(role, ctx.instances.values().stream().filter(i -> i.running() && i.role() == role)
                    .sorted(Comparator.comparingInt(CloudInstance::ordinal))
                    .map(i -> regroup(ctx.spec, new PlannedNode(i.nodeId(), role, i.ordinal(), null))).toList());
        }
        return out;
    }

    /** The node with the group the spec gives its ordinal (the role's last group beyond the spec's count). */
    static PlannedNode regroup(ClusterSpec spec, PlannedNode n) {
        List<PlannedNode> planned = PlannedNode.of(spec).stream().filter(p -> p.role() == n.role()).toList();
        io.dsec2.model.NodeGroupSpec group = planned.stream().filter(p -> p.ordinal() == n.ordinal()).findFirst()
                .map(PlannedNode::group).orElseGet(() -> spec.nodeGroups().stream().filter(g -> g.role() == n.role())
                        .reduce((a, b) -> b).orElseThrow());
        return new PlannedNode(n.nodeId(), n.role(), n.ordinal(), group);
    }

    private static Map<NodeRole, List<PlannedNode>> pending(Map<NodeRole, List<PlannedNode>> all, RolloutSteps steps) {
        Map<NodeRole, List<PlannedNode>> out = new EnumMap<>(NodeRole.class);
        all.forEach((role, list) -> out.put(role, list.parallelStream().filter(steps::pending).toList()));
        return out;
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, (x, y) -> x + "; then, rolling back: " + y));
        return out;
    }

    private ExecutionReport execute(Wiring wiring, StateLock lock, io.dsec2.internal.engine.Plan plan, String jobId,
                                    String digest) {
        try (PlanExecutor executor = wiring.planExecutor(current, settings, lock)) {
            return executor.execute(plan, jobId, digest);
        }
    }

    private void requireSameCluster(ClusterSpec desired) {
        if (!desired.name().equals(current.name())) {
            throw new IllegalArgumentException("the desired spec names cluster '" + desired.name() + "', not '"
                    + current.name() + "'; an update cannot rename a cluster");
        }
    }

    private static String owner(String operation) {
        return who() + " (" + operation + ")";
    }

    static String who() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return io.dsec2.internal.EnvironmentDefaults.userName() + "@" + host;
    }
}
