package io.dsec2.internal.create;

import io.dsec2.DsClusterHandle;
import io.dsec2.exception.ClusterOperationException;
import io.dsec2.internal.engine.ExecutionReport;
import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.PlanExecutor;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.TerminateRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code create()}: resolve wiring and secrets (nothing is created if that fails), plan, execute under the
 * cluster's lock, roll back what this run created on failure (unless disabled) and record the version while still
 * holding it (neither happens once the lock was lost), hand out the handle.
 */
public final class CreateOperation {
    private static final Logger LOG = LoggerFactory.getLogger(CreateOperation.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final ClusterSpec spec;
    private final Settings settings;

    public CreateOperation(ClusterSpec spec, Settings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    public DsClusterHandle run() {
        Instant start = Instant.now();
        Wiring wiring = Wiring.resolve(spec, settings);
        try {
            if (settings.validateBeforeCreate) {
                new ValidateOperation(spec, settings).failOnErrors(wiring.provisioner, wiring.secrets);
            }
            ResolvedSecrets secrets = ResolvedSecrets.resolve(spec, wiring.secrets);
            String jobId = "create-" + JOB_TIME.format(start) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            CreateContext ctx = new CreateContext(spec, wiring, secrets, jobId);
            NodeSteps node = new NodeSteps(ctx);
            CloudSteps cloud = new CloudSteps(ctx);
            Plan plan = new CreatePlanner(ctx, cloud, node, new VerifySteps(ctx, node)).plan();
            // one lock for the plan, the rollback of a failed run and the version record: each checks it first
            try (StateLock lock = wiring.store.lock(spec.name(), RolloutOperation.who() + " (create) pid "
                    + ProcessHandle.current().pid() + " job " + jobId, settings.timeouts.lockWait());
                 PlanExecutor executor = wiring.planExecutor(spec, settings, lock)) {
                LOG.info("create {} ({} nodes) as job {}", spec.name(), ctx.nodes.size(), jobId);
                ExecutionReport report = executor.execute(plan, jobId, specDigest(spec));
                lock.checkHeld(); // a lost lock is not rolled back: the cluster is the new holder's now
                if (!report.succeeded()) {
                    ClusterOperationException failure = report.toException();
                    String rollback = spec.deployment().rollbackOnFailure() ? rollback(ctx)
                            : "rollback disabled (deployment.rollback_on_failure=false): everything was kept";
                    throw failure.withRollback(rollback);
                }
                recordVersion(ctx, node);
                // a create (or scale-out) cut short earlier is finished by this one: no later run resumes it
                io.dsec2.internal.engine.Journal.closeResumable(wiring.store, spec.name(), java.util.Set.of("create"),
                        "SUPERSEDED by " + jobId, java.time.Clock.systemUTC());
            }
            return new DefaultDsClusterHandle(ctx, Duration.between(start, Instant.now()), wiring);
        } catch (RuntimeException | Error e) {
            wiring.close();
            throw e;
        }
    }


    /** @return the digest a create job of {@code spec} is journaled with (what a resumed job is matched by) */
    static String specDigest(ClusterSpec spec) {
        return Integer.toHexString(spec.toString().hashCode());
    }

    /** Removes what this run created: its instances, then the load balancer and security groups it made. */
    static String rollback(CreateContext ctx) {
        List<String> done = new ArrayList<>();
        try {
            if (!ctx.launchedByRun.isEmpty()) {
                ctx.wiring.provisioner.terminate(TerminateRequest.builder().clusterId(ctx.clusterId())
                        .instanceIds(new ArrayList<>(ctx.launchedByRun)).waitTimeout(Duration.ofMinutes(10)).build());
                ctx.forgetTerminated(new ArrayList<>(ctx.launchedByRun), ctx.instances.values());
                done.add("terminated " + ctx.launchedByRun.size() + " instance(s) " + ctx.launchedByRun);
            }
            if (ctx.loadBalancer != null && !ctx.loadBalancer.createdArns().isEmpty()) {
                ctx.wiring.loadBalancer.delete(ctx.vpcId == null ? DeleteLoadBalancerRequest.of(ctx.clusterId(),
                        ctx.clusterId()) : DeleteLoadBalancerRequest.of(ctx.clusterId(), ctx.clusterId(), ctx.vpcId));
                done.add("deleted load balancer " + ctx.clusterId() + " and target group " + ctx.clusterId() + "-api");
            }
            boolean adoptedAny = ctx.instances.values().stream().anyMatch(i -> !ctx.launchedByRun.contains(i.instanceId()));
            if (ctx.network != null && !ctx.network.createdSecurityGroupIds().isEmpty() && !adoptedAny) {
                ctx.wiring.provisioner.deleteNetwork(DeleteNetworkRequest.of(ctx.clusterId(), ctx.vpcId, Duration.ofMinutes(5)));
                done.add("deleted security groups " + ctx.network.createdSecurityGroupIds());
            }
            return done.isEmpty() ? "nothing to roll back: this run created no resource" : String.join("; ", done);
        } catch (RuntimeException e) {
            LOG.warn("rollback incomplete: {}", e.getMessage());
            done.add("rollback FAILED (" + e.getMessage() + "): run `ds-ec2 delete` to remove the rest");
            return String.join("; ", done);
        }
    }

    /**
     * Records the configuration create applied as a version (version 1 on a new cluster), unless the newest
     * version already says the same.
     */
    private void recordVersion(CreateContext ctx, NodeSteps node) {
        try {
            java.util.Map<String, String> digests = new java.util.TreeMap<>();
            ctx.nodes.forEach(n -> digests.put(n.nodeId(), node.renderedDigest(n)));
            String digest = RunningConfig.clusterDigest(digests);
            io.dsec2.internal.config.ConfigHistory history = new io.dsec2.internal.config.ConfigHistory(ctx.wiring.store,
                    spec.name(), spec);
            java.util.Optional<io.dsec2.model.ConfigVersion> latest = history.latest();
            if (latest.isPresent() && latest.get().renderedDigest().equals(digest) && latest.get().spec().equals(spec)) {
                return;
            }
            io.dsec2.model.ConfigVersion v = history.record(io.dsec2.model.ConfigVersion.builder()
                    .createdAt(Instant.now()).createdBy(RolloutOperation.who()).note(latest.isEmpty() ? "created" : "create")
                    .operation("create").spec(spec).renderedDigest(digest).nodeDigests(digests));
            history.status(v.number(), io.dsec2.model.VersionStatus.APPLIED);
            LOG.info("configuration of {} recorded as version {}", spec.name(), v.number());
        } catch (RuntimeException e) {
            LOG.warn("cluster {} is up, but recording its configuration version failed: {}", spec.name(), e.toString());
        }
    }
}
