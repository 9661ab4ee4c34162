package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.internal.ds.Shell;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ClusterStatus;
import io.dsec2.model.NodeRole;
import io.dsec2.model.NodeStatus;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.TargetHealth;
import io.dsec2.spi.TargetsRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code status()}: read-only, takes no lock, changes nothing. Describes the cluster's tagged instances, then
 * probes in parallel, each with a short bound: every node over SSH (one command checks the server's JVM with
 * {@code pgrep} and asks its actuator health with {@code curl} on the node itself), ZooKeeper once for the whole
 * cluster (registrations, heartbeat JSON, last write), and the load balancer's target health once. A host whose SSH
 * port does not accept a TCP connection within {@link #TCP_CONNECT} is reported unreachable at once, so a cut-off
 * node costs seconds, not the SSH connect timeout. Host keys are never trusted on first use.
 *
 * <p>Heartbeat freshness: a master's or worker's registry node is stale when older than 30 s (three 10 s
 * heartbeat intervals), an alert server's when older than 180 s (its interval is 60 s). The intervals are each
 * server's {@code heartbeat-interval}, for example in
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-alert/dolphinscheduler-alert-server/src/main/resources/application.yaml.
 */
public final class StatusOperation {
    private static final Logger LOG = LoggerFactory.getLogger(StatusOperation.class);
    /** Limit of the TCP check of a node's SSH port (skipped with a jump host). */
    static final Duration TCP_CONNECT = Duration.ofSeconds(3);
    /** Limit of the probe command on a node. */
    static final Duration PROBE = Duration.ofSeconds(15);
    /** Limit of everything: nodes not done by then are reported as timed out. */
    static final Duration BUDGET = Duration.ofSeconds(30);
    static final Duration ZK_CONNECT = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(30);
    static final Duration STALE_ALERT = Duration.ofSeconds(180);
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Za-z_]+)\"");
    private static final Pattern SERVER_STATUS = Pattern.compile("\"serverStatus\"\\s*:\\s*\"?([A-Za-z_]+)");
    private static final int MAX_THREADS = 64;

    private final ClusterSpec spec;
    private final Settings settings;

    public StatusOperation(ClusterSpec spec, Settings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    /** @return the cluster's status; throws only if the cloud cannot be described */
    public ClusterStatus run() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try (Wiring w = Wiring.resolve(spec, settings)) {
            List<CloudInstance> instances = new ArrayList<>();
            for (CloudInstance i : w.provisioner.describe(DescribeRequest.builder().clusterId(spec.name()).build())) {
                if (!"terminated".equals(i.state()) && !"shutting-down".equals(i.state())) {
                    instances.add(i);
                }
            }
            instances.sort(Comparator.comparing(CloudInstance::role).thenComparingInt(CloudInstance::ordinal)
                    .thenComparing(CloudInstance::nodeId));
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_THREADS, instances.size() + 2), r -> {
                Thread t = new Thread(r, "ds-ec2-" + spec.name() + "-status-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                long deadline = System.nanoTime() + BUDGET.toNanos();
                Future<Registry> registry = pool.submit(this::readRegistry);
                List<String> apis = instances.stream().filter(i -> i.role() == NodeRole.API && i.running())
                        .map(CloudInstance::instanceId).toList();
                Future<Targets> targets = spec.loadBalancer().enabled() && !apis.isEmpty()
                        ? pool.submit(() -> readTargets(w)) : null;
                Map<CloudInstance, Future<Probe>> probes = new LinkedHashMap<>();
                for (CloudInstance i : instances) {
                    if (i.running()) {
                        probes.put(i, pool.submit(() -> probe(w, i)));
                    }
                }
                Registry reg = await(registry, deadline, Registry.failed("ZooKeeper not read within " + BUDGET.toSeconds() + " s"));
                Targets tg = targets == null ? null
                        : await(targets, deadline, Targets.failed("target health not read within " + BUDGET.toSeconds() + " s"));
                Instant now = Instant.now();
                List<NodeStatus> nodes = new ArrayList<>();
                for (CloudInstance i : instances) {
                    Future<Probe> f = probes.get(i);
                    Probe p = f == null ? null : await(f, deadline, Probe.unreachable("probe did not finish within "
                            + BUDGET.toSeconds() + " s"));
                    nodes.add(node(i, p, reg, tg, now));
                }
                List<String> groups = reg.error != null ? List.of() : workerGroupProblems(w, instances, nodes, reg);
                return verdict(nodes, reg, tg, groups, start, Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Whether DolphinScheduler can schedule on every worker: each explicit row of {@code t_ds_worker_group} (read
     * through the REST API of an api node that answers UP) lists at least one registered worker, and while an
     * explicit {@code default} row exists, every registered worker of the cluster is in some row (DolphinScheduler
     * dispatches a task only to a worker its group lists; without a {@code default} row every worker is in
     * {@code default}).
     *
     * @return one reason per problem, naming the group or the worker
     */
    private List<String> workerGroupProblems(Wiring w, List<CloudInstance> instances, List<NodeStatus> nodes,
            Registry reg) {
        Optional<CloudInstance> api = instances.stream().filter(i -> i.role() == NodeRole.API && i.running())
                .filter(i -> nodes.stream().anyMatch(n -> n.nodeId().equals(i.nodeId()) && "UP".equals(n.health())))
                .findFirst();
        Map<String, String> workers = new java.util.TreeMap<>();
        instances.stream().filter(i -> i.role() == NodeRole.WORKER && i.running())
                .map(i -> Map.entry(i.privateIp() + ":" + NodeRole.WORKER.rpcPort(), i.nodeId()))
                .filter(e -> reg.servers.containsKey(e.getKey())).forEach(e -> workers.put(e.getKey(), e.getValue()));
        if (api.isEmpty() || workers.isEmpty()) {
            return List.of();
        }
        RemoteHost host = RemoteHost.builder().nodeId(api.get().nodeId()).address(api.get().privateIp())
                .user(spec.deployment().sshUser()).instanceId(api.get().instanceId()).trustOnFirstUse(false).build();
        Map<String, WorkerGroupPlan.Row> rows;
        try {
            rows = new WorkerGroupsRest(w.remote, host, api.get().nodeId(), ResolvedSecrets.adminLogin(spec, w.secrets))
                    .rows();
        } catch (RuntimeException e) {
            return List.of("worker groups not readable: " + e.getMessage());
        }
        Set<String> allRegistered = reg.servers.keySet();
        List<String> out = new ArrayList<>();
        rows.forEach((name, row) -> {
            if (row.addresses().stream().noneMatch(allRegistered::contains)) {
                out.add("worker group " + name + " lists no registered worker (addr_list " + row.addresses()
                        + "): its tasks cannot be dispatched");
            }
        });
        if (rows.containsKey(WorkerGroupPlan.DEFAULT)) {
            workers.forEach((addr, nodeId) -> {
                if (rows.values().stream().noneMatch(r -> r.addresses().contains(addr))) {
                    out.add(nodeId + ": in no worker group (" + addr + " is missing from every row, default lists "
                            + rows.get(WorkerGroupPlan.DEFAULT).addresses() + "); it receives no task");
                }
            });
        }
        return out;
    }

    private ClusterStatus verdict(List<NodeStatus> nodes, Registry reg, Targets tg, List<String> groupProblems,
            Instant start, Duration took) {
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (nodes.isEmpty()) {
            down.add("no instance carries the tag ds-ec2:cluster=" + spec.name());
        }
        if (reg.error != null) {
            down.add("ZooKeeper " + spec.registry().connectString() + ": " + reg.error);
        } else if (nodes.stream().noneMatch(n -> n.role() == NodeRole.MASTER && n.registered().orElse(false)
                && n.heartbeatAge().map(a -> a.compareTo(STALE) <= 0).orElse(false))) {
            down.add("no master is registered in ZooKeeper with a fresh heartbeat");
        }
        boolean specHasApi = spec.nodeGroups().stream().anyMatch(g -> g.role() == NodeRole.API && g.count() > 0);
        if ((specHasApi || nodes.stream().anyMatch(n -> n.role() == NodeRole.API))
                && nodes.stream().noneMatch(n -> n.role() == NodeRole.API && "UP".equals(n.health()))) {
            down.add("no api server answers health UP");
        }
        if (reg.error == null && nodes.stream().anyMatch(n -> n.role() == NodeRole.ALERT)
                && nodes.stream().noneMatch(n -> n.role() == NodeRole.ALERT && n.registered().orElse(false))) {
            degraded.add("no alert server is registered (active) in ZooKeeper");
        }
        if (tg != null && tg.error != null) {
            degraded.add("load balancer: " + tg.error);
        }
        for (NodeStatus n : nodes) {
            n.reasons().forEach(r -> degraded.add(n.nodeId() + ": " + r));
        }
        degraded.addAll(groupProblems);
        List<String> reasons = new ArrayList<>(down);
        reasons.addAll(degraded);
        ClusterStatus.Verdict v = !down.isEmpty() ? ClusterStatus.Verdict.DOWN
                : !degraded.isEmpty() ? ClusterStatus.Verdict.DEGRADED : ClusterStatus.Verdict.HEALTHY;
        LOG.info("status of {}: {} in {} ms ({} nodes){}", spec.name(), v, took.toMillis(), nodes.size(),
                reasons.isEmpty() ? "" : " " + reasons);
        return ClusterStatus.of(spec.name(), v, reasons, nodes, start, took);
    }

    private NodeStatus node(CloudInstance i, Probe p, Registry reg, Targets tg, Instant now) {
        NodeStatus.Builder b = NodeStatus.builder().nodeId(i.nodeId()).role(i.role()).instanceId(i.instanceId())
                .instanceState(i.state()).availabilityZone(i.availabilityZone()).privateIp(i.privateIp())
                .publicIp(i.publicIp().orElse(null));
        if (!i.running()) {
            b.addReason("instance is " + i.state());
        } else if (p != null) {
            b.sshReachable(p.error == null);
            if (p.error != null) {
                b.addReason(p.error);
            } else {
                b.processRunning(p.running).health(p.health);
                if (!p.running) {
                    b.addReason("server process not running");
                }
                if (!"UP".equals(p.health)) {
                    b.addReason("UNREACHABLE".equals(p.health) ? "health endpoint does not answer"
                            : "health is " + p.health);
                }
            }
        }
        if (i.role() != NodeRole.API && reg.error == null) {
            RegistryProbe.RegisteredServer s = reg.servers.get(i.privateIp() + ":" + i.role().rpcPort());
            b.registered(s != null);
            if (s != null) {
                Duration age = Duration.between(s.lastWrite(), now);
                age = age.isNegative() ? Duration.ZERO : age;
                b.heartbeatAge(age);
                Matcher m = SERVER_STATUS.matcher(s.heartbeat());
                String status = m.find() ? m.group(1) : null;
                b.serverStatus(status);
                Duration stale = i.role() == NodeRole.ALERT ? STALE_ALERT : STALE;
                if (age.compareTo(stale) > 0) {
                    b.addReason("heartbeat " + age.toSeconds() + " s old (stale after " + stale.toSeconds() + " s)");
                }
                if (status != null && !"NORMAL".equals(status)) {
                    b.addReason("serverStatus " + status);
                }
            } else if (i.role() != NodeRole.ALERT) {
                b.addReason("not registered in ZooKeeper");
            }
        }
        if (i.role() == NodeRole.API && tg != null && tg.error == null) {
            String state = tg.states.getOrDefault(i.instanceId(), "not-registered");
            b.targetHealth(state);
            if (!"healthy".equals(state)) {
                b.addReason("load balancer target " + state);
            }
        }
        return b.build();
    }

    private Probe probe(Wiring w, CloudInstance i) {
        RemoteHost host = RemoteHost.builder().nodeId(i.nodeId()).address(i.privateIp())
                .user(spec.deployment().sshUser()).instanceId(i.instanceId()).trustOnFirstUse(false).build();
        if (spec.deployment().jumpHost().isEmpty()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host.address(), host.port()), (int) TCP_CONNECT.toMillis());
            } catch (IOException e) {
                return Probe.unreachable("ssh unreachable: port " + host.port() + " does not answer within "
                        + TCP_CONNECT.toSeconds() + " s (" + e.getMessage() + ")");
            }
        }
        NodeRole role = i.role();
        String script = "if pgrep -f " + Shell.quote(NodeScripts.mainPattern(role)) + " >/dev/null 2>&1;"
                + " then echo process=running; else echo process=stopped; fi\n"
                + "h=$(curl -sS -m 3 " + Shell.quote("http://127.0.0.1:" + role.httpPort() + Ds320Profile.healthPath(role))
                + " 2>/dev/null | tr -d '\\n' | head -c 4000); echo \"health=$h\"\n";
        try {
            ExecResult r = w.remote.execute(ExecRequest.builder().host(host).command(script).timeout(PROBE)
                    .failOnNonZeroExit(false).build());
            boolean running = false;
            String health = "UNREACHABLE";
            for (String line : r.stdout().split("\n")) {
                if (line.startsWith("process=")) {
                    running = line.equals("process=running");
                } else if (line.startsWith("health=") && line.length() > "health=".length()) {
                    Matcher m = STATUS.matcher(line);
                    health = m.find() ? m.group(1) : "INVALID";
                }
            }
            return new Probe(null, running, health);
        } catch (HostKeyVerificationException e) {
            return Probe.unreachable("ssh host key refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return Probe.unreachable("ssh unreachable: " + e.getMessage());
        }
    }

    private Registry readRegistry() {
        try (RegistryProbe probe = RegistryProbe.connect(spec.registry().connectString(), ZK_CONNECT)) {
            Map<String, RegistryProbe.RegisteredServer> out = new HashMap<>();
            for (NodeRole role : List.of(NodeRole.MASTER, NodeRole.WORKER, NodeRole.ALERT)) {
                for (RegistryProbe.RegisteredServer s : probe.servers(spec.registry().namespace(), role)) {
                    out.put(s.address(), s);
                }
            }
            return new Registry(out, null);
        } catch (DsEc2Exception e) {
            return Registry.failed(e.getMessage());
        }
    }

    private Targets readTargets(Wiring w) {
        try {
            String arn = w.loadBalancer.findTargetGroupArn(spec.name(), spec.name()).orElse(null);
            if (arn == null) {
                return Targets.failed("target group " + spec.name() + "-api not found");
            }
            Map<String, String> states = new HashMap<>();
            for (TargetHealth t : w.loadBalancer.describeTargetHealth(TargetsRequest.of(arn, List.of()))) {
                states.put(t.instanceId(), t.state());
            }
            return new Targets(states, null);
        } catch (DsEc2Exception e) {
            return Targets.failed("target health not readable: " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> f, long deadline, T onTimeout) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return onTimeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DsEc2Exception("interrupted while checking status", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new DsEc2Exception("status probe failed: " + c, c);
        }
    }

    private record Probe(String error, boolean running, String health) {
        static Probe unreachable(String why) {
            return new Probe(why, false, "UNKNOWN");
        }
    }

    private record Registry(Map<String, RegistryProbe.RegisteredServer> servers, String error) {
        static Registry failed(String why) {
            return new Registry(Map.of(), why);
        }
    }

    private record Targets(Map<String, String> states, String error) {
        static Targets failed(String why) {
            return new Targets(Map.of(), why);
        }
    }
}
