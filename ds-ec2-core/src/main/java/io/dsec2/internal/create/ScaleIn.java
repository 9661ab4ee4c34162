package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.internal.engine.TaskCheck;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.TargetsRequest;
import io.dsec2.spi.TerminateRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-in plan for chosen nodes of one role:
 * <pre>
 * workers: leave-groups (every named worker group that lists them, and an explicit {@code default} group,
 *          rewritten without them through the REST API; then one master refresh interval) → drain (until no
 *          task instance runs on the host, or the drain timeout; a worker not registered is refused unless the
 *          drain timeout is zero)
 * api:     deregister from the target group → wait the deregistration delay
 * all:     stop (skipped for a down worker) → terminate → (workers) worker-groups (the default row restored
 *          without the removed workers, or deleted when ds-ec2 created it)
 * </pre>
 * DolphinScheduler 3.2.0 has no drain command: leaving the workers out of every group their masters
 * dispatch to is the drain; the masters reload groups every 10 s ({@code worker-group-refresh-interval} in
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml).
 * Thread-safe counters.
 */
final class ScaleIn {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleIn.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(45);
    private static final Duration REGISTRY_CONNECT = Duration.ofSeconds(30);
    private final CreateContext ctx;
    private final NodeRole role;
    private final List<PlannedNode> victims;
    private final List<CloudInstance> victimInstances;
    private final io.dsec2.model.ScaleOptions options;
    private final NodeSteps node;
    private final TaskInstances db;
    private final Map<String, List<Long>> runningAtDrainStart = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> runningAtStop = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger killed = new AtomicInteger();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long drainStartNanos;

    ScaleIn(CreateContext ctx, NodeRole role, List<CloudInstance> victims, io.dsec2.model.ScaleOptions options) {
        this.ctx = ctx;
        this.role = role;
        this.victimInstances = List.copyOf(victims);
        NodeGroupSpec group = ctx.spec.nodeGroups().stream().filter(g -> g.role() == role).findFirst().orElseThrow();
        this.victims = victims.stream().map(i -> new PlannedNode(i.nodeId(), role, i.ordinal(), group)).toList();
        this.options = options;
        this.node = new NodeSteps(ctx);
        this.db = new TaskInstances(ctx);
    }

    int tasksFinished() {
        return finished.get();
    }

    int tasksKilled() {
        return killed.get();
    }

    /** @return what the operator should know: workers removed while down */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    Plan plan() {
        Plan.Builder p = Plan.builder("scale-in");
        if (role == NodeRole.WORKER) {
            p.addStage(single("leave-groups", "every worker group without " + ids() + " via the REST API; wait "
                    + WorkerGroupSync.GROUP_REFRESH.toSeconds() + " s for the masters to reload them", Duration.ofMinutes(3), this::leaveGroups));
            Stage.Builder drain = Stage.builder("drain").maxParallelism(victims.size());
            for (PlannedNode n : victims) {
                drain.addTask(Task.builder("drain/" + n.nodeId()).nodeId(n.nodeId())
                        .description("wait until no task instance runs on " + address(n) + ", at most "
                                + options.drainTimeout())
                        .timeout(options.drainTimeout().plusMinutes(2)).check(TaskCheck.NEVER_DONE)
                        .action(c -> drain(n)).build());
            }
            p.addStage(drain.build());
        }
        if (role == NodeRole.API && ctx.spec.loadBalancer().enabled()) {
            p.addStage(single("deregister", "take " + ids() + " out of the target group, wait "
                    + ctx.spec.loadBalancer().deregistrationDelay() + " for in-flight requests",
                    ctx.spec.loadBalancer().deregistrationDelay().plusMinutes(5), this::deregister));
        }
        Stage.Builder stop = Stage.builder("stop").maxParallelism(Math.max(1, victims.size()));
        for (PlannedNode n : victims) {
            stop.addTask(Task.builder("stop/" + n.nodeId()).nodeId(n.nodeId()).description("stop " + role.serverDir())
                    .timeout(Duration.ofMinutes(4)).check(TaskCheck.NEVER_DONE).action(c -> stop(n)).build());
        }
        p.addStage(stop.build());
        p.addStage(single("terminate", "terminate " + ids(), Duration.ofMinutes(15), this::terminate));
        if (role == NodeRole.WORKER) {
            p.addStage(single("worker-groups", "every worker group reconciled to the remaining workers",
                    Duration.ofMinutes(2), this::restoreGroups));
        }
        return p.build();
    }

    private void leaveGroups() {
        for (PlannedNode n : victims) {
            runningAtDrainStart.put(n.nodeId(), db.running(address(n)));
        }
        drainStartNanos = System.nanoTime();
        new WorkerGroupSync(ctx, node).remove(victims.stream().map(this::address).toList(), true);
    }

    /**
     * Waits until no task instance runs on the worker. A worker that is not registered is down: it is not
     * drained, and the task instances that left RUNNING because its masters failed them over (state 8) or
     * killed them (9) are counted killed, never finished.
     */
    private void drain(PlannedNode n) {
        String host = address(n);
        List<Long> atStart = runningAtDrainStart.getOrDefault(n.nodeId(), List.of());
        if (!registered(host) && !sshAnswers(n)) {
            if (!options.drainTimeout().isZero()) {
                throw new DsEc2Exception(n.nodeId() + " (" + host + ") is not registered in ZooKeeper: a worker that"
                        + " is down cannot be drained, and the " + atStart.size() + " task instance(s) that ran on it"
                        + " when the drain began are not finishing there. Bring it back (ds-ec2 status shows it) and"
                        + " run the same command again to drain it, or run it again with --drain-timeout 0 to remove"
                        + " it without a drain (its task instances are then counted as killed)");
            }
            down.add(n.nodeId());
            java.util.Set<Long> lost = new java.util.TreeSet<>(atStart);
            lost.addAll(db.running(host)); // on a resumed run the drain's start was recorded by an earlier process
            killed.addAndGet(lost.size());
            String w = n.nodeId() + " was down (not registered in ZooKeeper): removed without a drain or a stop; "
                    + lost.size() + " task instance(s) still running on it counted as killed (its masters fail the"
                    + " tasks of a worker that is down over to others)";
            warnings.add(w);
            LOG.warn(w);
            return;
        }
        List<Long> now = db.awaitNoneRunning(host, drainStartNanos + options.drainTimeout().toNanos());
        runningAtStop.put(n.nodeId(), now);
        List<Long> left = atStart.stream().filter(id -> !now.contains(id)).toList();
        Map<Long, Integer> states = left.isEmpty() ? Map.of() : db.states(left);
        int lost = (int) states.values().stream().filter(ScaleIn::failedOverOrKilled).count();
        killed.addAndGet(lost);
        finished.addAndGet(left.size() - lost);
        LOG.info("drain {}: {} task(s) finished, {} failed over or killed, {} still running", n.nodeId(),
                left.size() - lost, lost, now.size());
    }

    /**
     * @return whether the node's SSH port accepts a TCP connection within 3 s: a worker that is not registered but
     *     answers was stopped (by an earlier, interrupted run of this scale-in), not lost
     */
    private boolean sshAnswers(PlannedNode n) {
        io.dsec2.spi.RemoteHost h = node.host(n);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(h.address(), h.port()), 3000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean failedOverOrKilled(int state) {
        return state == TaskInstances.NEED_FAULT_TOLERANCE || state == TaskInstances.KILL;
    }

    private boolean registered(String address) {
        try (RegistryProbe probe = RegistryProbe.connect(ctx.spec.registry().connectString(), REGISTRY_CONNECT)) {
            return probe.servers(ctx.spec.registry().namespace(), NodeRole.WORKER).stream()
                    .anyMatch(s -> s.address().equals(address));
        }
    }

    private void deregister() {
        CloudSteps cloud = new CloudSteps(ctx);
        cloud.ensureNetwork();
        cloud.ensureLoadBalancer();
        List<String> ids = victimInstances.stream().map(CloudInstance::instanceId).toList();
        ctx.wiring.loadBalancer.deregisterTargets(TargetsRequest.of(ctx.loadBalancer.targetGroupArn(), ids));
        CloudSteps.sleep(ctx.spec.loadBalancer().deregistrationDelay());
    }

    private void stop(PlannedNode n) {
        if (down.contains(n.nodeId())) {
            return; // down and not registered: the terminate ends it
        }
        node.run(n, NodeScripts.stop(role, ctx.spec.deployment().installPath(), ctx.spec.deployment().deployUser(),
                STOP_GRACE), STOP_GRACE.plusMinutes(2));
        List<Long> left = runningAtStop.getOrDefault(n.nodeId(), List.of());
        if (left.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        Map<Long, Integer> states = db.states(left);
        while (states.containsValue(TaskInstances.RUNNING) && System.nanoTime() < deadline) {
            CloudSteps.sleep(Duration.ofSeconds(1));
            states = db.states(left);
        }
        int k = (int) states.values().stream().filter(s -> s != 7).count();
        killed.addAndGet(k);
        finished.addAndGet(left.size() - k);
        LOG.info("stopped {}: {} task(s) killed (states {})", n.nodeId(), k, states.values());
    }

    private void terminate() {
        ctx.wiring.provisioner.terminate(TerminateRequest.builder().clusterId(ctx.clusterId())
                .instanceIds(victimInstances.stream().map(CloudInstance::instanceId).toList())
                .waitTimeout(Duration.ofMinutes(10)).build());
        ctx.forgetTerminated(victimInstances.stream().map(CloudInstance::instanceId).toList(), victimInstances);
    }

    /** Every worker group reconciled to the remaining workers (the removed ones are gone from the registry). */
    private void restoreGroups() {
        new WorkerGroupSync(ctx, node).restore();
    }

    private String address(PlannedNode n) {
        return ctx.instance(n).privateIp() + ":" + NodeRole.WORKER.rpcPort();
    }

    private String ids() {
        return victims.stream().map(PlannedNode::nodeId).toList().toString();
    }

    private static Stage single(String name, String description, Duration timeout, Runnable body) {
        return Stage.builder(name).addTask(Task.builder(name).description(description).timeout(timeout)
                .check(TaskCheck.NEVER_DONE).action(c -> body.run()).build()).build();
    }
}
