package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Issue 16's kill-anywhere acceptance on the stand-in: the {@code ds-ec2} CLI runs as its own JVM and is SIGKILLed
 * (no shutdown hooks) at chosen stage and task events of {@code create}, {@code scale} out and in, {@code config
 * update-service} with its rolling restart, and {@code delete}, through the CLI's {@code DS_EC2_KILL_AT} switch;
 * then the same command runs again. Kill points of one operation are chained: each run is killed at a later point
 * than the one before, and a last run without a kill completes. After it, the cluster is what one uninterrupted
 * run makes: the same instances (no duplicates, no orphans, counts per role balanced over the AZs), the same security
 * groups, one load balancer with exactly the api instances registered, every server healthy and registered
 * ({@code status} exit 0), one applied configuration version per successful operation, and a free lock.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashConsistencyIT {
    static final String NAME = "crash";
    static final Path STATE = Path.of("target/it-state-crash");

    LocalCloudEndpoints e;
    Ec2Client ec2;
    ElasticLoadBalancingV2Client elb;
    Path yaml;
    final List<Process> started = new ArrayList<>();
    final List<String> killPoints = new ArrayList<>();
    /** One row per CLI run: command, kill point (or the run to the end), its wall time, its outcome. */
    final List<String> table = new ArrayList<>();
    Set<String> groupsAfterCreate;
    String dbPassword;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        elb = LocalAws.elbv2(URI.create(e.awsEndpoint()), e.region());
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        try (var sm = LocalAws.secretsManager(URI.create(e.awsEndpoint()), e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        yaml = STATE.resolve("cluster.yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME).replace("master: {count: 2", "master: {count: 1")
                .replace("worker: {count: 3", "worker: {count: 2").replace("api: {count: 2", "api: {count: 1"));
    }

    @AfterAll
    void tearDown() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            List<String> ids = instances().stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } finally {
            ec2.close();
            elb.close();
        }
        System.out.println("CrashConsistencyIT: " + killPoints.size() + " kill points: " + killPoints);
        System.out.println("command      | kill point                                   | run (s) | outcome\n"
                + String.join("\n", table));
    }

    /** One CLI run: its exit code, stdout, and stderr (progress, warnings and debug log lines). */
    record Run(int exit, String stdout, String stderr) {
        /** @return stdout as the one JSON object {@code --json} prints */
        Map<String, JsonNode> json() {
            assertThat(stdout.strip().lines().count()).as("exactly one line on stdout: %s", stdout).isEqualTo(1);
            return JsonNode.parser().parse(stdout).asObject();
        }
    }

    /** The CLI as its own JVM (this JVM's class path and environment), killed at {@code killAt} if not null. */
    Run cli(String killAt, String log, String... args) throws Exception {
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dorg.slf4j.simpleLogger.log.io.dsec2=debug", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "io.dsec2.examples.cli.DsEc2Cli"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-f", yaml.toString(), "--state-dir", STATE.toString()));
        Path out = Path.of("target", "crash-" + log + ".out");
        Path err = Path.of("target", "crash-" + log + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (killAt != null) {
            pb.environment().put("DS_EC2_KILL_AT", killAt);
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        started.add(p);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s ends (log %s)", List.of(args), err).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        if (killAt != null) {
            assertThat(r.stderr()).as("kill point %s reached by %s (log %s)", killAt, List.of(args), err)
                    .contains("DS_EC2_KILL_AT=" + killAt + " reached");
            assertThat(r.exit()).as("killed by SIGKILL: %s", err).isEqualTo(137);
            killPoints.add(args[0] + " " + killAt);
            table.add(String.format("%-12s | %-44s | %6.1f | killed", args[0], killAt, (System.nanoTime() - t0) / 1e9));
        } else {
            table.add(String.format("%-12s | %-44s | %6.1f | exit %d", args[0], "(not killed: runs to the end)",
                    (System.nanoTime() - t0) / 1e9, r.exit()));
        }
        return r;
    }

    /** {@code args --json}, which must succeed; returns the object it printed. */
    Map<String, JsonNode> json(String log, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Run r = cli(null, log, all.toArray(String[]::new));
        assertThat(r.exit()).as("%s: %s", all, r.stderr()).isZero();
        return r.json();
    }

    /**
     * Kills {@code args} at each point in turn, then runs it to the end with {@code --json}; returns what that last
     * run printed.
     */
    Map<String, JsonNode> chain(String label, List<String> points, String... args) throws Exception {
        int k = 0;
        for (String point : points) {
            cli(point, label + "-" + (++k), args);
        }
        return json(label + "-final", args);
    }

    static void assertStages(Map<String, JsonNode> o) {
        List<JsonNode> stages = o.get("stages").asArray();
        assertThat(stages).isNotEmpty();
        for (JsonNode st : stages) {
            Map<String, JsonNode> m = st.asObject();
            assertThat(m).containsKeys("stage", "tasks", "outcome", "durationSeconds", "error");
            assertThat(m.get("outcome").asString()).isEqualTo("succeeded");
            assertThat(Double.parseDouble(m.get("durationSeconds").asNumber())).isGreaterThanOrEqualTo(0);
        }
    }

    static List<String> strings(JsonNode array) {
        return array.asArray().stream().map(JsonNode::asString).toList();
    }

    @Test
    @Order(1)
    void createKilledAtEightPointsConverges() throws Exception {
        Map<String, JsonNode> o = chain("create", List.of("stage-started:network", "task-succeeded:launch/worker-1",
                "stage-started:prepare", "task-started:package/worker-2@1s", "stage-started:schema",
                "task-started:start/master-1@1s", "stage-started:verify", "stage-started:worker-groups"), "create");
        assertThat(o).containsKeys("cluster", "nodes", "loadBalancerDns", "uiUrl", "apiUrl", "durationSeconds",
                "stages", "warnings");
        assertThat(o.get("cluster").asString()).isEqualTo(NAME);
        List<JsonNode> nodes = o.get("nodes").asArray();
        for (JsonNode n : nodes) {
            assertThat(n.asObject()).containsKeys("nodeId", "role", "instanceId", "instanceType", "availabilityZone",
                    "privateIp", "publicIp", "health");
            assertThat(n.asObject().get("instanceId").asString()).startsWith("i-");
        }
        assertThat(nodes.stream().map(n -> n.asObject().get("role").asString()).toList())
                .containsExactlyInAnyOrder("master", "worker", "worker", "api", "alert");
        assertThat(o.get("uiUrl").asString()).contains("/dolphinscheduler/ui");
        assertStages(o);
        assertConverged(Map.of("master", 1, "worker", 2, "api", 1, "alert", 1));
        groupsAfterCreate = securityGroups();
        assertThat(groupsAfterCreate).isNotEmpty();
        assertVersions(1);
    }

    @Test
    @Order(2)
    void scaleOutKilledAtThreePointsConverges() throws Exception {
        Map<String, JsonNode> o = chain("scale-out", List.of("task-succeeded:launch/worker-3",
                "task-started:package/worker-3@1s", "task-started:start/worker-3@1s"),
                "scale", "--role", "worker", "--count", "3");
        assertThat(o).containsKeys("cluster", "role", "previousCount", "count", "added", "removed", "tasksFinished",
                "tasksKilled", "warnings", "durationSeconds", "stages");
        assertThat(o.get("count").asNumber()).isEqualTo("3");
        assertConverged(Map.of("master", 1, "worker", 3, "api", 1, "alert", 1));
        assertThat(securityGroups()).isEqualTo(groupsAfterCreate);
        assertVersions(2);
    }

    @Test
    @Order(3)
    void scaleInKilledAtThreePointsConverges() throws Exception {
        Map<String, JsonNode> o = chain("scale-in", List.of("stage-started:drain", "stage-started:stop",
                "stage-started:terminate"), "scale", "--role", "worker", "--count", "2", "--drain-timeout", "20s");
        assertThat(o.get("count").asNumber()).isEqualTo("2");
        assertThat(o.get("tasksKilled").asNumber()).isEqualTo("0");
        assertConverged(Map.of("master", 1, "worker", 2, "api", 1, "alert", 1));
        assertThat(securityGroups()).isEqualTo(groupsAfterCreate);
        assertVersions(2); // a scale-in records no version (a scale-out records the create it runs)
    }

    @Test
    @Order(4)
    void configUpdateKilledMidRollConverges() throws Exception {
        Map<String, JsonNode> o = chain("update", List.of("stage-started:worker-batch-1",
                "task-started:roll/worker-2@1s", "task-succeeded:roll/worker-*"), "config", "update-service", "--role",
                "worker", "--param", "worker.exec-threads=50", "--batch-size", "1", "--monitor", "1s", "--yes");
        assertThat(o).containsKeys("cluster", "changes", "policy", "dryRun", "result", "stages");
        Map<String, JsonNode> result = o.get("result").asObject();
        assertThat(result).containsKeys("jobId", "outcome", "resumed", "version", "restarted", "unchanged", "failed",
                "rolledBack", "durationSeconds");
        assertThat(result.get("outcome").asString()).isIn("completed", "nothing_to_do");
        assertThat(result.get("version").asObject().get("operation").asString()).isEqualTo("update");
        assertConverged(Map.of("master", 1, "worker", 2, "api", 1, "alert", 1));
        List<JsonNode> versions = assertVersions(3);
        Map<String, JsonNode> last = versions.get(versions.size() - 1).asObject();
        assertThat(last).containsKeys("version", "createdAt", "createdBy", "operation", "basedOn", "status", "digest",
                "note");
        assertThat(last.get("operation").asString()).isEqualTo("update");

        Map<String, JsonNode> d = json("diff", "config", "diff", "2", "3");
        assertThat(d.get("from").asNumber()).isEqualTo("2");
        assertThat(d.get("to").asNumber()).isEqualTo("3");
        assertThat(d.get("changes").asArray()).anySatisfy(c ->
                assertThat(c.asObject().get("key").asString()).endsWith("worker.exec-threads"));
    }

    /** The rest of every state-changing command's {@code --json}, on the converged cluster. */
    @Test
    @Order(5)
    void rollbackAndRestartPrintTheirJson() throws Exception {
        // back to v1 (the create, two workers as now run; v2 has three, and counts change only with scale)
        Map<String, JsonNode> o = json("rollback", "config", "rollback", "--version", "1", "--batch-size", "1",
                "--monitor", "1s", "--yes");
        assertThat(o.get("toVersion").asNumber()).isEqualTo("1");
        Map<String, JsonNode> result = o.get("result").asObject();
        assertThat(result.get("outcome").asString()).isEqualTo("completed");
        assertThat(result.get("version").asObject().get("operation").asString()).isEqualTo("rollback");

        Map<String, JsonNode> r = json("restart", "restart", "--role", "alert", "--yes");
        assertThat(strings(r.get("roles"))).containsExactly("alert");
        assertThat(r.get("result").asObject().get("outcome").asString()).isEqualTo("completed");
        assertThat(strings(r.get("result").asObject().get("restarted"))).containsExactly("alert-1");
        assertStages(r);
        assertConverged(Map.of("master", 1, "worker", 2, "api", 1, "alert", 1));
    }

    /** Issue 16's lost host: an instance terminated behind ds-ec2's back is replaced by the next create. */
    @Test
    @Order(6)
    void aWorkerTerminatedBehindDsEc2sBackIsReplacedByTheNextCreate() throws Exception {
        Instance gone = instances().stream().filter(i -> tag(i, ClusterTags.NODE).equals("worker-2")).findFirst()
                .orElseThrow();
        ec2.terminateInstances(b -> b.instanceIds(gone.instanceId()));
        Map<String, JsonNode> o = json("replace", "create");
        assertThat(o.get("nodes").asArray()).anySatisfy(n -> {
            assertThat(n.asObject().get("nodeId").asString()).isEqualTo("worker-2");
            assertThat(n.asObject().get("instanceId").asString()).isNotEqualTo(gone.instanceId());
        });
        assertConverged(Map.of("master", 1, "worker", 2, "api", 1, "alert", 1));
    }

    @Test
    @Order(7)
    void deleteKilledAtFourPointsLeavesNothing() throws Exception {
        Map<String, JsonNode> o = chain("delete", List.of("stage-started:deregister-api", "stage-started:stop-worker",
                "stage-started:terminate", "stage-started:network"), "delete", "--force");
        assertThat(o).containsKeys("cluster", "serversStopped", "instancesTerminated", "targetsDeregistered",
                "tasksKilled", "dataPurged", "leftovers", "complete", "durationSeconds", "stages");
        assertThat(o.get("complete").asBoolean()).isTrue();
        assertThat(instances()).as("no instance tagged %s is left", NAME).isEmpty();
        assertThat(securityGroups()).as("no security group tagged %s is left", NAME).isEmpty();
        assertThat(elb.describeLoadBalancers().loadBalancers()).noneMatch(lb -> lb.loadBalancerName().equals(NAME));
        assertThat(elb.describeTargetGroups().targetGroups()).noneMatch(tg -> tg.targetGroupName().startsWith(NAME));
        assertLockFree();
        assertThat(killPoints).as("issue 16 asks for at least 20 kill points").hasSizeGreaterThanOrEqualTo(20);
    }

    // ---- the state one uninterrupted run would have made

    void assertConverged(Map<String, Integer> counts) throws Exception {
        List<Instance> all = instances();
        Map<String, List<Instance>> byRole = all.stream().collect(Collectors.groupingBy(i -> tag(i, ClusterTags.ROLE),
                TreeMap::new, Collectors.toList()));
        assertThat(byRole.keySet()).isEqualTo(counts.keySet());
        counts.forEach((role, n) -> assertThat(byRole.get(role)).as("%s instances: %s", role, byRole.get(role))
                .hasSize(n));
        List<String> nodeIds = all.stream().map(i -> tag(i, ClusterTags.NODE)).toList();
        assertThat(nodeIds).as("one instance per node id").doesNotHaveDuplicates();
        byRole.forEach((role, list) -> {
            Map<String, Long> perAz = list.stream().collect(Collectors.groupingBy(i -> i.placement().availabilityZone(),
                    Collectors.counting()));
            long min = e.subnetIds().size() > perAz.size() ? 0 : perAz.values().stream().min(Long::compare).orElse(0L);
            long max = perAz.values().stream().max(Long::compare).orElse(0L);
            assertThat(max - min).as("%s spread over the AZs: %s", role, perAz).isLessThanOrEqualTo(1);
        });
        Set<String> apiIps = byRole.get("api").stream().map(Instance::privateIpAddress).collect(Collectors.toSet());
        var lbs = elb.describeLoadBalancers().loadBalancers().stream().filter(lb -> lb.loadBalancerName().equals(NAME))
                .toList();
        assertThat(lbs).as("one load balancer").hasSize(1);
        var tgs = elb.describeTargetGroups(b -> b.loadBalancerArn(lbs.get(0).loadBalancerArn())).targetGroups();
        assertThat(tgs).as("one target group").hasSize(1);
        Set<String> targets = elb.describeTargetHealth(b -> b.targetGroupArn(tgs.get(0).targetGroupArn()))
                .targetHealthDescriptions().stream().map(d -> d.target().id()).collect(Collectors.toSet());
        Set<String> apiIds = byRole.get("api").stream().map(Instance::instanceId).collect(Collectors.toSet());
        assertThat(targets).as("exactly the api instances are targets (api IPs %s)", apiIps)
                .isIn(apiIds, apiIps);
        Set<String> workers = byRole.get("worker").stream().map(i -> i.privateIpAddress() + ":1234")
                .collect(Collectors.toCollection(TreeSet::new));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "select addr_list from t_ds_worker_group where name='default'")) {
            while (rs.next()) {
                assertThat(new TreeSet<>(List.of(rs.getString(1).split(","))))
                        .as("an explicit default worker group lists every worker").isEqualTo(workers);
            }
        }
        Run status = cli(null, "status", "status", "--json");
        assertThat(status.exit()).as("status exit 0: %s %s", status.stdout(), status.stderr()).isZero();
        assertThat(status.json().get("verdict").asString()).isEqualTo("HEALTHY");
        assertLockFree();
    }

    /** @return the versions {@code config history --json} lists, after checking how many are applied */
    List<JsonNode> assertVersions(int applied) throws Exception {
        List<JsonNode> versions = json("history", "config", "history").get("versions").asArray();
        assertThat(versions.stream().filter(v -> v.asObject().get("status").asString().equals("applied")).count())
                .as("one applied version per successful operation: %s", versions).isEqualTo(applied);
        return versions;
    }

    void assertLockFree() {
        try (StateLock lock = StateStore.directory(STATE).lock(NAME, "CrashConsistencyIT", Duration.ZERO)) {
            assertThat(lock.owner()).isEqualTo("CrashConsistencyIT");
        }
    }

    List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:" + ClusterTags.CLUSTER).values(NAME).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped")
                        .build())).reservations().forEach(r -> out.addAll(r.instances()));
        return out;
    }

    Set<String> securityGroups() {
        return ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("tag:" + ClusterTags.CLUSTER)
                .values(NAME).build())).securityGroups().stream().map(SecurityGroup::groupName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse("");
    }
}
