package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.engine.ExecutionReport;
import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.PlanExecutor;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.internal.engine.TaskAction;
import io.dsec2.internal.engine.TaskCheck;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeleteOptions;
import io.dsec2.model.DeleteResult;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudFactory;
import io.dsec2.spi.CloudInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code delete()}: a journaled plan run under the cluster's lock.
 * <pre>
 * discover (by tag) → deregister-api → drain-workers → stop-worker → stop-api → stop-alert → stop-master
 *   → terminate → load-balancer (listener, ALB, target group) → network (security groups) → [purge-data → purge-objects] → sweep
 * </pre>
 * Each run gets a new job id and discovers everything again by tag; every step tolerates what is already gone,
 * so re-running an interrupted delete finishes it, and deleting a deleted cluster succeeds with nothing left.
 * The delete fails (after the other steps ran) if the sweep still finds resources tagged with the cluster id.
 */
public final class DeleteOperation {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteOperation.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final List<NodeRole> STOP_ORDER = List.of(NodeRole.WORKER, NodeRole.API, NodeRole.ALERT, NodeRole.MASTER);
    private final ClusterSpec spec;
    private final Settings settings;
    private final DeleteOptions options;

    public DeleteOperation(ClusterSpec spec, Settings settings, DeleteOptions options) {
        this.spec = spec;
        this.settings = settings;
        this.options = options;
    }

    public DeleteResult run() {
        Instant start = Instant.now();
        try (Wiring wiring = Wiring.resolve(spec, settings)) {
            ResolvedSecrets secrets = ResolvedSecrets.resolve(spec, wiring.secrets);
            String jobId = "delete-" + JOB_TIME.format(start) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            CreateContext ctx = new CreateContext(spec, wiring, secrets, jobId);
            DeleteSteps steps = new DeleteSteps(ctx, options.drainTimeout().orElse(settings.timeouts.workerDrain()));
            ExecutionReport report;
            try (PlanExecutor executor = wiring.planExecutor(spec, settings, null)) {
                LOG.info("delete {} as job {} ({})", spec.name(), jobId, options);
                report = executor.execute(plan(steps), jobId, Integer.toHexString(spec.toString().hashCode()));
            }
            if (!report.succeeded()) {
                throw report.toException();
            }
            if (!steps.leftovers.isEmpty()) {
                throw new DsEc2Exception("delete " + spec.name() + " left resources tagged " + "ds-ec2:cluster="
                        + spec.name() + ": " + steps.leftovers + "; re-run the delete to finish, or remove them by hand");
            }
            return DeleteResult.of(spec.name(), steps.stopped, steps.terminated, steps.deregistered,
                    steps.tasksKilled.get(), steps.purged, steps.leftovers, Duration.between(start, Instant.now()));
        }
    }

    private Plan plan(DeleteSteps s) {
        Plan.Builder p = Plan.builder("delete");
        p.addStage(single("discover", "instances tagged with the cluster id; the VPC", c -> s.discover()));
        p.addStage(single("deregister-api", "remove api instances from the target group", c -> s.deregisterApis()));
        p.addStage(Stage.builder("drain-workers").addTask(Task.builder("drain-workers")
                .description("wait until no task instance runs on the workers (drain timeout " + s.drainTimeout() + ")")
                .timeout(s.drainTimeout().plusMinutes(2)).check(TaskCheck.NEVER_DONE).action(c -> s.drainWorkers())
                .build()).build());
        int par = spec.deployment().parallelism();
        for (NodeRole role : STOP_ORDER) {
            // the plan is fixed before discovery, so one task per role stops every discovered node of that role
            p.addStage(single("stop-" + role.id(), "stop every " + role.serverDir(), c -> stopAll(s, role, par)));
        }
        p.addStage(single("terminate", "terminate the instances and wait", c -> s.terminate()));
        p.addStage(single("load-balancer", "delete listener, ALB and target group", c -> s.deleteLoadBalancer()));
        p.addStage(single("network", "delete the security groups ds-ec2 created", c -> s.deleteNetwork()));
        if (options.purgeData()) {
            p.addStage(single("purge-data", "drop DolphinScheduler's tables in database " + spec.database().database(),
                    c -> s.purgeDatabase()));
            spec.storage().ifPresent(st -> p.addStage(single("purge-objects", "delete the objects under s3://"
                    + st.bucket() + "/" + st.prefix().replaceAll("^/+", ""), c -> s.purgeObjects(this::objectStore))));
        }
        p.addStage(single("sweep", "list anything still tagged with the cluster id", c -> s.sweep()));
        return p.build();
    }

    /** The object store of the one {@link CloudFactory} on the class path (ds-ec2-aws). */
    private io.dsec2.spi.ObjectStore objectStore() {
        List<CloudFactory> found = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(CloudFactory.class, DeleteOperation.class.getClassLoader()).forEach(found::add);
        if (found.size() != 1) {
            throw new IllegalStateException("purge-data needs exactly one CloudFactory on the class path to delete the S3"
                    + " objects (found " + found.size() + "): add ds-ec2-aws");
        }
        return found.get(0).objectStore(spec);
    }

    private static void stopAll(DeleteSteps s, NodeRole role, int parallelism) throws InterruptedException {
        List<CloudInstance> nodes = s.live(role);
        if (nodes.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(parallelism, nodes.size())));
        try {
            List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (CloudInstance i : nodes) {
                all.add(pool.submit(() -> s.stop(i)));
            }
            for (java.util.concurrent.Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new DsEc2Exception("stopping a " + role.id() + " failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Stage single(String name, String description, TaskAction action) {
        return Stage.builder(name).addTask(Task.builder(name).description(description).check(TaskCheck.NEVER_DONE)
                .action(action).build()).build();
    }

}
