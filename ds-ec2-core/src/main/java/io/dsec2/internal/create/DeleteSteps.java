package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.MetadataDatabase;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.SubnetSpec;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.TargetsRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a delete. Everything is found again by the {@code ds-ec2:cluster} tag at the start of each run and
 * every step tolerates what is already gone, so a re-run after an interruption finishes the job. Thread-safe.
 */
final class DeleteSteps {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteSteps.class);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private final CreateContext ctx;
    private final Duration drainTimeout;
    private final Map<String, CloudInstance> live = new ConcurrentHashMap<>();
    volatile String vpcId;
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final List<String> terminated = new CopyOnWriteArrayList<>();
    final List<String> deregistered = new CopyOnWriteArrayList<>();
    final List<String> purged = new CopyOnWriteArrayList<>();
    final List<String> leftovers = new CopyOnWriteArrayList<>();
    final AtomicInteger tasksKilled = new AtomicInteger();

    DeleteSteps(CreateContext ctx, Duration drainTimeout) {
        this.ctx = ctx;
        this.drainTimeout = drainTimeout;
    }

    Duration drainTimeout() {
        return drainTimeout;
    }

    String clusterId() {
        return ctx.clusterId();
    }

    /**
     * The cluster's VPC (the spec's {@code aws.vpc_id}, else that of its subnets), then the instances in that VPC tagged
     * with this cluster's id that are not terminated. A same-named cluster in another VPC is never touched, so a VPC
     * that cannot be determined stops the delete.
     */
    void discover() {
        live.clear();
        vpcId = ctx.spec.aws().vpcId().orElse(null);
        if (vpcId == null) {
            List<String> ids = ctx.spec.aws().subnets().stream().map(SubnetSpec::id).toList();
            try {
                List<SubnetInfo> subnets = ctx.wiring.provisioner.describeSubnets(ids);
                vpcId = subnets.isEmpty() ? null : subnets.get(0).vpcId();
            } catch (RuntimeException e) {
                throw new DsEc2Exception("delete " + clusterId() + ": cannot tell which VPC the cluster is in: "
                        + "describing aws.subnets " + ids + " failed (" + e.getMessage() + "); fix that or set "
                        + "aws.vpc_id (a cluster is its name within one VPC)", e);
            }
            if (vpcId == null) {
                throw new DsEc2Exception("delete " + clusterId() + ": cannot tell which VPC the cluster is in: "
                        + "aws.subnets " + ids + " do not exist; set aws.vpc_id (a cluster is its name within one VPC)");
            }
        }
        for (CloudInstance i : ctx.wiring.provisioner.describe(DescribeRequest.builder().clusterId(clusterId())
                .vpcId(vpcId).build())) {
            live.put(i.instanceId(), i);
        }
        LOG.info("delete {}: {} instance(s) found by tag in {}", clusterId(), live.size(), vpcId);
    }

    List<CloudInstance> live(NodeRole role) {
        return live.values().stream().filter(i -> i.role() == role).toList();
    }

    /** Removes the api instances from the cluster's target group, if there is one. */
    void deregisterApis() {
        Optional<String> tg = ctx.wiring.loadBalancer.find(DeleteLoadBalancerRequest.of(clusterId(), clusterId(), vpcId))
                .stream().filter(a -> a.contains(":targetgroup/")).findFirst();
        List<String> apis = live(NodeRole.API).stream().map(CloudInstance::instanceId).toList();
        if (tg.isEmpty() || apis.isEmpty()) {
            return;
        }
        ctx.wiring.loadBalancer.deregisterTargets(TargetsRequest.of(tg.get(), apis));
        deregistered.addAll(apis);
    }

    /**
     * Waits until no task instance is RUNNING_EXECUTION on the cluster's workers (read from
     * {@code t_ds_task_instance} over JDBC from this machine), at most the drain timeout. What still runs then is
     * counted as killed. 3.2.0 has no drain: masters may still dispatch to the workers while this waits.
     */
    void drainWorkers() throws InterruptedException {
        List<String> ips = live(NodeRole.WORKER).stream().filter(CloudInstance::running).map(CloudInstance::privateIp)
                .filter(ip -> !ip.isEmpty()).toList();
        if (ips.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        int running;
        while (true) {
            running = runningTasks(ips);
            if (running <= 0 || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(Math.min(2000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        if (running > 0) {
            LOG.warn("delete {}: {} task instance(s) still running after the drain timeout {}; they are killed",
                    clusterId(), running, drainTimeout);
            tasksKilled.set(running);
        }
    }

    /** @return task instances in state 1 on these hosts; -1 if the database cannot be read from here */
    private int runningTasks(List<String> ips) {
        MetadataDatabase db = database();
        try {
            return db.runningTaskCount(ips);
        } catch (SQLException e) {
            LOG.warn("delete {}: running tasks not readable from here ({}); not waiting for them",
                    clusterId(), db.describe(e));
            return -1;
        }
    }

    /** Stops the server of one instance; an unreachable node is logged and left to termination. */
    void stop(CloudInstance i) {
        if (!i.running()) {
            return;
        }
        DeploymentSpec dep = ctx.spec.deployment();
        RemoteHost host = ctx.host(i);
        try {
            ExecResult r = ctx.wiring.remote.execute(ExecRequest.builder().host(host)
                    .command(NodeScripts.stop(i.role(), dep.installPath(), dep.deployUser(), GRACEFUL_STOP))
                    .timeout(GRACEFUL_STOP.plusMinutes(1)).secrets(ctx.secrets.values()).build());
            if (r.stdout().contains("stopped=true")) {
                stopped.add(i.nodeId());
            }
        } catch (RuntimeException e) {
            LOG.warn("delete {}: could not stop {} on {} ({}); it goes with its instance", clusterId(),
                    i.role().serverDir(), i.nodeId(), e.getMessage());
        }
    }

    void terminate() {
        List<String> ids = new ArrayList<>(live.keySet());
        if (ids.isEmpty()) {
            return;
        }
        ctx.wiring.provisioner.terminate(io.dsec2.spi.TerminateRequest.builder().clusterId(clusterId()).instanceIds(ids)
                .waitTimeout(ctx.wiring.timeouts().instanceRunning().plusMinutes(5)).build());
        terminated.addAll(ids);
        ctx.forgetTerminated(ids, live.values());
    }

    void deleteLoadBalancer() {
        ctx.wiring.loadBalancer.delete(DeleteLoadBalancerRequest.of(clusterId(), clusterId(), vpcId));
    }

    void deleteNetwork() {
        if (vpcId != null) {
            ctx.wiring.provisioner.deleteNetwork(DeleteNetworkRequest.of(clusterId(), vpcId, Duration.ofMinutes(5)));
        }
    }

    /**
     * Drops DolphinScheduler's tables ({@code t_ds_*}, {@code qrtz_*}) in the spec's database (MySQL: that
     * database; PostgreSQL: the connection's current schema, which {@code currentSchema} in database.params sets).
     * The database, its users, schemas and other tables stay.
     */
    void purgeDatabase() {
        MetadataDatabase db = database();
        try {
            purged.addAll(db.dropTables());
        } catch (SQLException e) {
            String fix = MetadataDatabase.noDriver(e) ? "add the driver to the class path"
                    : "check database.username's privileges";
            throw new DsEc2Exception("purge-data: dropping DolphinScheduler's tables in database "
                    + ctx.spec.database().database() + " failed (" + db.describe(e) + "); " + fix
                    + " and re-run the delete", e);
        }
    }

    /**
     * Deletes the objects under {@code storage.prefix} (leading slashes removed, a trailing one added: the upload
     * base path {@code /dolphinscheduler} becomes the key prefix {@code dolphinscheduler/}) in
     * {@code storage.bucket}; nothing else in the bucket. No storage section: nothing to do.
     */
    void purgeObjects(java.util.function.Supplier<io.dsec2.spi.ObjectStore> stores) {
        if (ctx.spec.storage().isEmpty()) {
            return;
        }
        io.dsec2.model.StorageSpec st = ctx.spec.storage().get();
        String prefix = st.prefix().replaceAll("^/+", "");
        if (prefix.isBlank()) {
            throw new DsEc2Exception("purge-data: storage.prefix is empty, so the cluster's objects cannot be told from"
                    + " the rest of bucket " + st.bucket() + "; nothing was deleted there: set storage.prefix or"
                    + " empty the bucket yourself");
        }
        String keyPrefix = prefix.endsWith("/") ? prefix : prefix + "/";
        try (io.dsec2.spi.ObjectStore store = stores.get()) {
            int n = store.deletePrefix(st.bucket(), keyPrefix);
            purged.add("s3://" + st.bucket() + "/" + keyPrefix + " (" + n + " objects)");
        }
    }

    /** Lists what still carries this cluster's tag: live instances, security groups, load balancer, target group. */
    void sweep() {
        leftovers.clear();
        for (CloudInstance i : ctx.wiring.provisioner.describe(DescribeRequest.builder().clusterId(clusterId())
                .vpcId(vpcId).build())) {
            leftovers.add("instance " + i.instanceId() + " (" + i.nodeId() + ", " + i.state() + ")");
        }
        if (vpcId != null) {
            ctx.wiring.provisioner.taggedSecurityGroups(DeleteNetworkRequest.of(clusterId(), vpcId, Duration.ZERO))
                    .forEach(g -> leftovers.add("security group " + g));
        }
        ctx.wiring.loadBalancer.find(DeleteLoadBalancerRequest.of(clusterId(), clusterId(), vpcId))
                .forEach(leftovers::add);
        if (!leftovers.isEmpty()) {
            LOG.warn("delete {}: still tagged with the cluster id: {}", clusterId(), leftovers);
        }
    }

    private MetadataDatabase database() {
        return new MetadataDatabase(ctx.spec.database(), ctx.secrets.dbPassword, Duration.ofSeconds(5),
                Duration.ofMinutes(5));
    }
}
