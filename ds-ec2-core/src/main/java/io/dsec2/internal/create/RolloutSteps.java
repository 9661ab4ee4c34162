package io.dsec2.internal.create;

import io.dsec2.exception.ClusterTimeoutException;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.FailureAction;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.spi.TargetsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rollout does to one batch and one node. Node cycle: (master) make sure another master stays registered →
 * (worker) wait until no task instance runs on it → stop (the JVM is verified gone) → (update) write the new
 * configuration → start and record the marker ({@link RunningConfig}) → gate: actuator health UP, and for master,
 * worker and a lone alert server a new ZooKeeper registration (another session than before the stop). Batch
 * edges: workers leave and rejoin their worker groups ({@link WorkerGroupSync}); api nodes leave the target group
 * (then the deregistration delay) and rejoin once healthy; after each batch a monitor window and a second check.
 * Thread-safe: per-node tasks of one batch run in parallel.
 */
final class RolloutSteps {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutSteps.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private final CreateContext ctx;
    private final NodeSteps node;
    private final RollingPolicy policy;
    private final RegistryProbe registry;
    private final WorkerGroupSync groups;
    /** Node id to the digest it must run; null in restart mode, where the configuration stays. */
    private final Map<String, String> targets;
    /** Node id to its marker as the task's check just read it (empty if none), taken by the action that follows. */
    private final Map<String, Map<String, String>> markers = new ConcurrentHashMap<>();
    /** Node id to the digest its marker last showed: what a restart (configuration unchanged) records again. */
    private final Map<String, String> markerDigests = new ConcurrentHashMap<>();
    final List<String> restarted = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> failed = new ConcurrentHashMap<>();
    private final AtomicInteger tolerated = new AtomicInteger();

    RolloutSteps(CreateContext ctx, NodeSteps node, RollingPolicy policy, RegistryProbe registry,
                 Map<String, String> targets) {
        this.ctx = ctx;
        this.node = node;
        this.policy = policy;
        this.registry = registry;
        this.groups = new WorkerGroupSync(ctx, node);
        this.targets = targets == null ? null : new ConcurrentHashMap<>(targets);
    }

    /**
     * @return whether the node still needs this job: another configuration than the target (update), not yet
     *     restarted by this job (restart), or restarted by it but not healthy
     */
    boolean pending(PlannedNode n) {
        Optional<Map<String, String>> marker = RunningConfig.read(node, n, installPath());
        markers.put(n.nodeId(), marker.orElse(Map.of()));
        marker.ifPresent(m -> markerDigests.put(n.nodeId(), m.get("digest")));
        boolean mine = marker.map(m -> ctx.jobId.equals(m.get("job"))).orElse(false);
        if (mine) {
            return !node.healthy(n);
        }
        return targets == null || resize(n)
                || !targets.get(n.nodeId()).equals(marker.map(m -> m.get("digest")).orElse(""));
    }

    /** @return whether the node runs on another instance type than its group asks for (update mode only) */
    private boolean resize(PlannedNode n) {
        return targets != null && !ctx.instance(n).instanceType().equals(n.group().instanceType());
    }

    /** Before a batch: the role's invariants, then workers leave their groups and api nodes the target group. */
    void beforeBatch(NodeRole role, List<PlannedNode> batch, List<PlannedNode> ofRole) {
        List<String> down = new ArrayList<>();
        for (PlannedNode other : ofRole) {
            if (!batch.contains(other) && !failed.containsKey(other.nodeId()) && !up(other)) {
                down.add(other.nodeId());
            }
        }
        if (!down.isEmpty()) {
            throw new DsEc2Exception("refusing to stop " + ids(batch) + ": " + down + " of the other " + role.id()
                    + " nodes are down already, and at most " + batch.size() + " " + role.id() + " node(s) may be down"
                    + " at once; bring them back (ds-ec2 status) and run again");
        }
        if (role == NodeRole.WORKER) {
            groups.leave(batch.stream().map(n -> ctx.instance(n).privateIp() + ":" + NodeRole.WORKER.rpcPort())
                    .toList());
        }
        if (role == NodeRole.API && ctx.spec.loadBalancer().enabled()) {
            ctx.wiring.loadBalancer.deregisterTargets(TargetsRequest.of(ctx.loadBalancer.targetGroupArn(),
                    batch.stream().map(n -> ctx.instance(n).instanceId()).toList()));
            LOG.info("{} out of the target group; waiting the deregistration delay {}", ids(batch),
                    ctx.spec.loadBalancer().deregistrationDelay());
            CloudSteps.sleep(ctx.spec.loadBalancer().deregistrationDelay());
        }
    }

    /** One node's cycle; with {@link FailureAction#CONTINUE} a failure within the limit is recorded, not thrown. */
    void roll(PlannedNode n) {
        try {
            Map<String, String> cached = markers.remove(n.nodeId());
            Optional<Map<String, String>> marker = cached != null ? Optional.of(cached).filter(m -> !m.isEmpty())
                    : RunningConfig.read(node, n, installPath());
            boolean mine = marker.map(m -> ctx.jobId.equals(m.get("job"))).orElse(false);
            long session = mine ? -1 : session(n);
            if (!mine) {
                if (n.role() == NodeRole.MASTER) {
                    requireAnotherMaster(n);
                }
                if (n.role() == NodeRole.WORKER) {
                    drain(n);
                }
                // the marker says what the running server was started with: gone with the server, so a node whose
                // start fails is never taken for one running its old configuration (a rollback then redoes it)
                node.run(n, RunningConfig.removeScript(installPath()), Duration.ofSeconds(30));
                node.run(n, NodeScripts.stop(n.role(), installPath(), ctx.spec.deployment().deployUser(), STOP_GRACE),
                        STOP_GRACE.plusMinutes(2));
                String digest = markerDigests.getOrDefault(n.nodeId(), marker.map(m -> m.get("digest")).orElse("unknown"));
                if (resize(n)) {
                    changeInstanceType(n);
                }
                if (targets != null) {
                    node.configure(n);
                    digest = targets.get(n.nodeId());
                }
                node.run(n, NodeScripts.start(n.role(), installPath(), ctx.spec.deployment().deployUser()),
                        Duration.ofMinutes(2));
                node.run(n, RunningConfig.writeScript(installPath(), digest, ctx.jobId), Duration.ofSeconds(30));
                restarted.add(n.nodeId());
                LOG.info("{} restarted ({})", n.nodeId(), targets != null ? "new configuration" : "same configuration");
            }
            gate(n, session);
            failed.remove(n.nodeId());
        } catch (RuntimeException e) {
            failed.put(n.nodeId(), summary(e));
            if (policy.failureAction() == FailureAction.CONTINUE && tolerated.incrementAndGet() <= policy.maxFailures()) {
                LOG.warn("{} failed its gate ({}); continuing ({} of {} tolerated failures)", n.nodeId(), summary(e),
                        tolerated.get(), policy.maxFailures());
                return;
            }
            throw new DsEc2Exception(n.nodeId() + " failed its health gate: " + summary(e), e);
        }
    }

    /**
     * Stop, new type, start; then the node's facts again (its memory sizes the heap) and its target digest for
     * them.
     */
    private void changeInstanceType(PlannedNode n) {
        io.dsec2.spi.CloudInstance before = ctx.instance(n);
        io.dsec2.spi.CloudInstance after = ctx.wiring.provisioner.changeInstanceType(ctx.clusterId(),
                before.instanceId(), n.group().instanceType(), Duration.ofMinutes(10));
        ctx.instances.put(n.nodeId(), after);
        ctx.facts.remove(n.nodeId());
        ctx.wiring.remote.awaitReachable(node.host(n), ctx.wiring.timeouts().sshReady());
        node.prepare(n);
        targets.put(n.nodeId(), node.renderedDigest(n));
        LOG.info("{}: instance type {} -> {}", n.nodeId(), before.instanceType(), after.instanceType());
    }

    /** After a batch: api nodes back into the target group once healthy, the monitor window, workers rejoin. */
    void afterBatch(NodeRole role, List<PlannedNode> batch, boolean lastBatch) {
        List<PlannedNode> ok = batch.stream().filter(n -> !failed.containsKey(n.nodeId())).toList();
        if (role == NodeRole.API && ctx.spec.loadBalancer().enabled() && !ok.isEmpty()) {
            registerHealthyTargets(ok);
        }
        if (!policy.monitorWindow().isZero()) {
            CloudSteps.sleep(policy.monitorWindow());
        }
        for (PlannedNode n : ok) {
            if (!up(n)) {
                failed.put(n.nodeId(), "unhealthy at the end of the " + policy.monitorWindow() + " monitor window");
                if (!(policy.failureAction() == FailureAction.CONTINUE
                        && tolerated.incrementAndGet() <= policy.maxFailures())) {
                    throw new DsEc2Exception(n.nodeId() + " was healthy after its restart but not at the end of the "
                            + policy.monitorWindow() + " monitor window");
                }
            }
        }
        if (role == NodeRole.WORKER) {
            groups.restore();
        }
        if (!lastBatch && !policy.pauseBetweenBatches().isZero()) {
            CloudSteps.sleep(policy.pauseBetweenBatches());
        }
    }

    /** After a stopped rollout: worker groups and target group back for the nodes that are healthy. */
    void recover() {
        try {
            groups.restore();
        } catch (RuntimeException e) {
            LOG.warn("restoring worker groups after the failed rollout failed: {}", e.getMessage());
        }
        if (ctx.spec.loadBalancer().enabled() && ctx.loadBalancer != null) {
            List<PlannedNode> apis = new ArrayList<>();
            ctx.instances.values().stream().filter(i -> i.running() && i.role() == NodeRole.API)
                    .forEach(i -> apis.add(new PlannedNode(i.nodeId(), NodeRole.API, i.ordinal(), ctx.spec.apis())));
            List<String> healthy = apis.stream().filter(node::healthy).map(n -> ctx.instance(n).instanceId()).toList();
            if (!healthy.isEmpty()) {
                ctx.wiring.loadBalancer.registerTargets(TargetsRequest.of(ctx.loadBalancer.targetGroupArn(), healthy));
            }
        }
    }

    /** @param sessionBefore the registration's session before the stop; -1 to accept any registration */
    private void gate(PlannedNode n, long sessionBefore) {
        Duration t = policy.healthTimeout();
        node.run(n, NodeScripts.awaitHealthy(n.role(), t), t.plusSeconds(30));
        if (!registers(n)) {
            return;
        }
        long deadline = System.nanoTime() + t.toNanos();
        while (true) {
            Optional<RegistryProbe.RegisteredServer> s = registered(n);
            if (s.isPresent() && s.get().ephemeral() && (sessionBefore < 0 || s.get().session() != sessionBefore)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterTimeoutException("registration of " + n.nodeId() + " in ZooKeeper", t,
                        s.isPresent() ? "still the registration of the stopped server" : "not registered");
            }
            CloudSteps.sleep(Duration.ofMillis(250));
        }
    }

    private void drain(PlannedNode n) {
        TaskInstances db = new TaskInstances(ctx);
        String host = ctx.instance(n).privateIp() + ":" + NodeRole.WORKER.rpcPort();
        List<Long> running = db.awaitNoneRunning(host, System.nanoTime() + policy.drainTimeout().toNanos());
        if (!running.isEmpty()) {
            LOG.warn("{}: {} task instance(s) still running after the {} drain timeout; the stop kills them (DS 3.2.0"
                    + " re-runs them elsewhere through failover)", n.nodeId(), running.size(), policy.drainTimeout());
        }
    }

    private void requireAnotherMaster(PlannedNode n) {
        String self = ctx.instance(n).privateIp() + ":" + NodeRole.MASTER.rpcPort();
        List<String> others = registry.servers(ctx.spec.registry().namespace(), NodeRole.MASTER).stream()
                .map(RegistryProbe.RegisteredServer::address).filter(a -> !a.equals(self)).toList();
        if (others.isEmpty()) {
            throw new DsEc2Exception("stopping " + n.nodeId() + " would leave no master registered in ZooKeeper;"
                    + " a rolling restart needs at least two healthy masters (ds-ec2 scale --role master --count 2)");
        }
    }

    private void registerHealthyTargets(List<PlannedNode> batch) {
        new CloudSteps(ctx).registerTargets(batch.stream().map(n -> ctx.instance(n).instanceId()).toList(),
                policy.healthTimeout());
    }

    /** @return health UP and, for registering roles, registered */
    private boolean up(PlannedNode n) {
        return node.healthy(n) && (!registers(n) || registered(n).isPresent());
    }

    private boolean registers(PlannedNode n) {
        return n.role() == NodeRole.MASTER || n.role() == NodeRole.WORKER
                || n.role() == NodeRole.ALERT && ctx.instances.values().stream()
                        .filter(i -> i.running() && i.role() == NodeRole.ALERT).count() == 1;
    }

    private Optional<RegistryProbe.RegisteredServer> registered(PlannedNode n) {
        String address = ctx.instance(n).privateIp() + ":" + n.role().rpcPort();
        return registry.servers(ctx.spec.registry().namespace(), n.role()).stream()
                .filter(s -> s.address().equals(address)).findFirst();
    }

    private long session(PlannedNode n) {
        return registers(n) ? registered(n).map(RegistryProbe.RegisteredServer::session).orElse(0L) : 0L;
    }

    private String installPath() {
        return ctx.spec.deployment().installPath();
    }

    private static String ids(List<PlannedNode> nodes) {
        return nodes.stream().map(PlannedNode::nodeId).toList().toString();
    }

    private static String summary(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 400 ? m.substring(0, 400) + "..." : m;
    }
}
