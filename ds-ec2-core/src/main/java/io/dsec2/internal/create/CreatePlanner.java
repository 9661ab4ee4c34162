package io.dsec2.internal.create;

import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.internal.engine.TaskAction;
import io.dsec2.internal.engine.TaskCheck;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.NodeRole;
import java.util.List;
import java.util.function.Consumer;

/**
 * The create plan: stages in dependency order, per-node tasks inside a stage run in parallel.
 * <pre>
 * discover → network → launch (+ load balancer) → connect → prepare → [package-seed] → package
 *          → [package-serve-stop] → configure → schema
 *          → start (every server in parallel: none needs another to start or to pass its gate) → verify
 *          → worker-groups
 * </pre>
 * Every task checks before it acts, so re-running the plan on a finished cluster launches and restarts nothing.
 */
final class CreatePlanner {
    private final CreateContext ctx;
    private final CloudSteps cloud;
    private final NodeSteps node;
    private final VerifySteps verify;

    CreatePlanner(CreateContext ctx, CloudSteps cloud, NodeSteps node, VerifySteps verify) {
        this.ctx = ctx;
        this.cloud = cloud;
        this.node = node;
        this.verify = verify;
    }

    Plan plan() {
        int par = ctx.spec.deployment().parallelism();
        Plan.Builder p = Plan.builder("create");
        p.addStage(single("discover", "find subnets, AZs and existing instances by tag", cloud::discover));
        p.addStage(single("network", "security groups (given or created)", cloud::ensureNetwork));
        Stage.Builder launch = Stage.builder("launch").maxParallelism(par);
        for (PlannedNode n : ctx.nodes) {
            launch.addTask(Task.builder("launch/" + n.nodeId()).nodeId(n.nodeId())
                    .description("run instance " + n.group().instanceType() + " for " + n.nodeId())
                    .check(c -> cloud.running(n)).action(c -> cloud.launch(n)).build());
        }
        if (ctx.spec.loadBalancer().enabled()) {
            launch.addTask(Task.builder("load-balancer").description("ALB, target group on 12345, listener")
                    .check(TaskCheck.NEVER_DONE).action(c -> cloud.ensureLoadBalancer()).build());
        }
        p.addStage(launch.build());
        p.addStage(perNode("connect", "wait for SSH", ctx.nodes, node::connect, par));
        p.addStage(perNode("prepare", "OS packages, Java, deploy user", ctx.nodes, n -> node.prepare(n), par));
        node.fanOut().ifPresent(f -> p.addStage(Stage.builder("package-seed").addTask(Task.builder("package-seed/"
                + f.seed().nodeId()).nodeId(f.seed().nodeId())
                .description("upload " + f.fileName() + " once, to " + f.seed().nodeId() + ", unless cached there")
                .check(c -> f.cached(f.seed())).action(c -> f.upload()).build()).build()));
        p.addStage(perNode("package", node.fanOut().isPresent()
                ? "fetch from the seed's port " + DeploymentSpec.PACKAGE_FANOUT_PORT + " and extract DolphinScheduler"
                        + " 3.2.0, MySQL driver"
                : "fetch and extract DolphinScheduler 3.2.0, MySQL driver", ctx.nodes, node::installPackage, par));
        node.fanOut().ifPresent(f -> p.addStage(single("package-serve-stop", "stop the package server on "
                + f.seed().nodeId(), f::stopServing)));
        p.addStage(perNode("configure", "render env, secrets and JVM files", ctx.nodes, n -> node.configure(n), par));
        PlannedNode schemaNode = ctx.nodes.stream().filter(n -> n.role() == NodeRole.MASTER).findFirst().orElseThrow();
        p.addStage(Stage.builder("schema").addTask(Task.builder("schema/" + schemaNode.nodeId()).nodeId(schemaNode.nodeId())
                .description("tools/bin/upgrade-schema.sh unless t_ds_version says 3.2.0; the admin password")
                .check(c -> verify.schemaCurrent() && verify.adminPasswordCurrent()).action(c -> {
                    if (!verify.schemaCurrent()) {
                        node.upgradeSchema(schemaNode);
                    }
                    verify.setAdminPassword();
                }).build()).build());
        // every server in one stage once the schema is in place: DolphinScheduler 3.2.0's servers find each other
        // only through the registry (a worker registers and waits for dispatch, an api or alert server needs the
        // database and registry, never a master), and each start's gate (actuator health UP, and a registry node for
        // masters, workers and the alert server) needs nothing from another role; masters are listed first
        addStartStage(p, "start", ctx.nodes, par);
        Stage.Builder v = Stage.builder("verify")
                .addTask(Task.builder("verify/registry").description("masters, workers and alert registered in ZooKeeper")
                        .check(TaskCheck.NEVER_DONE).action(c -> verify.registry()).build())
                .addTask(Task.builder("verify/login").description("admin login through the api server")
                        .check(TaskCheck.NEVER_DONE).action(c -> verify.login()).build());
        if (ctx.spec.loadBalancer().enabled()) {
            v.addTask(Task.builder("verify/targets").description("api nodes registered and healthy in the target group")
                    .check(TaskCheck.NEVER_DONE).action(c -> cloud.registerApiTargets()).build());
        }
        p.addStage(v.build());
        // after verify/registry: rows list registered workers only (the REST API refuses others, code 10177)
        p.addStage(single("worker-groups", "the spec's named worker groups, and an explicit default row if one exists,"
                + " listing the registered workers (REST API)", () -> new WorkerGroupSync(ctx, node).restore()));
        return p.build();
    }

    private void addStartStage(Plan.Builder p, String name, List<PlannedNode> nodes, int par) {
        if (nodes.isEmpty()) {
            return;
        }
        Stage.Builder s = Stage.builder(name).maxParallelism(par);
        for (PlannedNode n : nodes) {
            s.addTask(Task.builder("start/" + n.nodeId()).nodeId(n.nodeId())
                    .description("start " + n.role().serverDir() + " and wait for health UP")
                    .check(c -> node.healthy(n)).action(c -> node.start(n)).build());
        }
        p.addStage(s.build());
    }

    private static Stage single(String name, String description, Runnable body) {
        return Stage.builder(name).addTask(Task.builder(name).description(description).check(TaskCheck.NEVER_DONE)
                .action(c -> body.run()).build()).build();
    }

    private static Stage perNode(String name, String description, List<PlannedNode> nodes, Consumer<PlannedNode> body,
            int parallelism) {
        Stage.Builder s = Stage.builder(name).maxParallelism(parallelism);
        for (PlannedNode n : nodes) {
            TaskAction a = c -> body.accept(n);
            s.addTask(Task.builder(name + "/" + n.nodeId()).nodeId(n.nodeId()).description(description)
                    .check(TaskCheck.NEVER_DONE).action(a).build());
        }
        return s.build();
    }
}
