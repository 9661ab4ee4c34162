package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.NodeRole;
import io.dsec2.model.ScaleOptions;
import io.dsec2.model.ScaleResult;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.net.Host;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Issue 4 item 1 on the LocalCloud: a second cluster is created first and stays untouched; the main cluster
 * (1 master, 2 workers, 1 api, 1 alert) scales workers 2 → 5 (least-populated zones, registered, nothing
 * restarted), 5 → 3 and 3 → 2 while stand-in tasks run on the workers being removed (long drain: none killed;
 * short drain: killed and counted), api 1 → 2 through the CLI (in the target group, healthy), and the safe minimum
 * of one master holds. Prints the scale-out times for +1 and +6 workers.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleClusterIT {
    static final String MAIN = "scalea";
    static final String OTHER = "scaleb";
    static final Path STATE = Path.of("target/it-state-scale");

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    ElasticLoadBalancingV2Client elb;
    String dbPassword;
    Path yaml;
    Map<String, String> otherPids;
    Map<String, String> timings = new TreeMap<>();

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        this.e = cloud.endpoints();
        URI aws = URI.create(e.awsEndpoint());
        ec2 = LocalAws.ec2(aws, e.region());
        elb = LocalAws.elbv2(aws, e.region());
        try (var sm = LocalAws.secretsManager(aws, e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        yaml = STATE.resolve(MAIN + ".yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, MAIN)
                .replace("master: {count: 2", "master: {count: 1").replace("worker: {count: 3", "worker: {count: 2")
                .replace("api: {count: 2", "api: {count: 1"));
    }

    @AfterAll
    void tearDown() {
        try {
            for (String c : List.of(MAIN, OTHER)) {
                List<String> ids = instances(c).stream().map(Instance::instanceId).toList();
                if (!ids.isEmpty()) {
                    ec2.terminateInstances(b -> b.instanceIds(ids));
                }
            }
            timings.forEach((k, v) -> System.out.println("ScaleClusterIT timing: " + k + " = " + v));
        } finally {
            ec2.close();
            elb.close();
        }
    }

    DsCluster main() {
        return DsCluster.builder().spec(DsCluster.fromYaml(yaml).spec()).stateDirectory(STATE).build();
    }

    @Test
    @Order(1)
    void createsASecondClusterAndTheMainOne() throws Exception {
        // one after the other: both clusters share the LocalCloud's database, and two schema initialisations of
        // one empty database at the same time collide
        DsCluster other = LocalCloudSpecs.builder(e, OTHER, STATE).masters(1).workers(1).apis(1).alerts(0).build();
        try (DsClusterHandle oh = other.create()) {
            assertThat(oh.nodes()).hasSize(3);
        }
        try (DsClusterHandle mh = main().create()) {
            assertThat(mh.nodes()).extracting(n -> n.nodeId())
                    .containsExactly("master-1", "worker-1", "worker-2", "api-1", "alert-1");
        }
        otherPids = serverPids(OTHER);
        assertThat(otherPids).hasSize(3);
        assertThat(otherPids.values()).doesNotContain("");
    }

    @Test
    @Order(2)
    void scalesWorkersOutToTheLeastPopulatedZonesWithoutRestartingAnything() throws Exception {
        Map<String, String> pidsBefore = serverPids(MAIN);
        Map<String, Long> zonesBefore = workersPerZone();
        ScaleResult r = main().scale(NodeRole.WORKER, 5);
        timings.put("scale-out +3 workers (2 -> 5)", r.duration().toMillis() + " ms");
        assertThat(r.previousCount()).isEqualTo(2);
        assertThat(r.count()).isEqualTo(5);
        assertThat(r.added()).containsExactly("worker-3", "worker-4", "worker-5");
        assertThat(r.removed()).isEmpty();

        Map<String, Long> zonesAfter = workersPerZone();
        assertThat(zonesAfter.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
        assertThat(zonesAfter).hasSize(e.subnetIds().size() >= 3 ? 3 : e.subnetIds().size());
        long max = zonesAfter.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = zonesAfter.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(max - min).as("workers per zone %s (before: %s)", zonesAfter, zonesBefore).isLessThanOrEqualTo(1);
        String firstNewZone = zoneOf(MAIN, "worker-3");
        assertThat(zonesBefore.getOrDefault(firstNewZone, 0L)).as("worker-3 went to an empty zone")
                .isEqualTo(zonesBefore.size() < zonesAfter.size() ? 0L : zonesBefore.values().stream()
                        .mapToLong(Long::longValue).min().orElseThrow());

        assertThat(registered("worker")).containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
        Map<String, String> pidsAfter = serverPids(MAIN);
        pidsBefore.forEach((node, pid) -> assertThat(pidsAfter.get(node)).as(node + " not restarted").isEqualTo(pid));
        assertThat(pidsAfter).containsKeys("worker-3", "worker-4", "worker-5");
    }

    @Test
    @Order(3)
    void scalingInWithALongDrainLetsRunningTasksFinish() throws Exception {
        String master = ip(MAIN, "master-1");
        for (String w : List.of("worker-4", "worker-5")) {
            for (int k = 0; k < 2; k++) {
                startTask(master, ip(MAIN, w), 15_000);
            }
        }
        assertThat(runningOn(ip(MAIN, "worker-4"))).isEqualTo(2);
        String w4 = ip(MAIN, "worker-4");
        String w5 = ip(MAIN, "worker-5");
        ScaleResult r = main().scale(NodeRole.WORKER, 3, ScaleOptions.builder().drainTimeout(Duration.ofSeconds(90)).build());
        assertThat(r.removed()).containsExactlyInAnyOrder("worker-4", "worker-5");
        assertThat(r.tasksKilled()).isZero();
        assertThat(r.tasksFinished()).isEqualTo(4);
        assertThat(ended(w4, 7) + ended(w5, 7)).isEqualTo(4);
        assertThat(ended(w4, 8) + ended(w5, 8)).isZero();
        assertThat(instances(MAIN).stream().map(ScaleClusterIT::nodeOf).toList())
                .doesNotContain("worker-4", "worker-5").contains("worker-1", "worker-2", "worker-3");
        assertThat(registered("worker")).containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
        // the real API refuses to delete a default row that task definitions name (facts §10): ds-ec2 keeps the row
        // it wrote and makes it list exactly the remaining workers
        assertThat(defaultGroupRows()).isEqualTo(1);
        assertThat(List.of(groupAddresses("default").split(","))).as("the explicit default row")
                .containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
    }

    @Test
    @Order(4)
    void scalingInWithAShortDrainKillsAndCountsTheRest() throws Exception {
        String master = ip(MAIN, "master-1");
        String w3 = ip(MAIN, "worker-3");
        startTask(master, w3, 120_000);
        startTask(master, w3, 120_000);
        startTask(master, ip(MAIN, "worker-1"), 1_000);
        String w1 = ip(MAIN, "worker-1");
        // an operator's own group (etl: worker-1 and worker-3 only) survives without the removed worker; the default
        // row, a drained one left behind (worker-3 only), is ds-ec2's and lists every remaining worker afterwards
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword)) {
            c.createStatement().executeUpdate("update t_ds_worker_group set addr_list='" + w3 + ":1234'"
                    + " where name='default'");
            c.createStatement().executeUpdate("insert into t_ds_worker_group (name, addr_list, create_time, update_time)"
                    + " values ('etl', '" + w3 + ":1234," + w1 + ":1234', now(), now())");
        }
        ScaleResult r = main().scale(NodeRole.WORKER, 2, ScaleOptions.builder().drainTimeout(Duration.ofSeconds(2))
                .remove(List.of("worker-3")).build());
        assertThat(r.removed()).containsExactly("worker-3");
        assertThat(r.tasksKilled()).isEqualTo(2);
        assertThat(r.tasksFinished()).isZero();
        assertThat(ended(w3, 8)).isEqualTo(2);
        assertThat(registered("worker")).containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
        assertThat(addresses(MAIN, "worker", 1234)).hasSize(2);
        assertThat(List.of(groupAddresses("default").split(","))).as("the default row: every remaining worker")
                .containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
        assertThat(groupAddresses("etl")).isEqualTo(w1 + ":1234");
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword)) {
            c.createStatement().executeUpdate("delete from t_ds_worker_group where name='etl'");
        }
    }

    @Test
    @Order(5)
    void scalesApiOutThroughTheCliIntoTheTargetGroup() {
        int exit = DsEc2Cli.run("scale", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--role", "api",
                "--count", "2", "--quiet");
        assertThat(exit).isZero();
        List<String> apis = instances(MAIN).stream().filter(i -> nodeOf(i).startsWith("api-")).map(Instance::instanceId)
                .toList();
        assertThat(apis).hasSize(2);
        String tg = elb.describeTargetGroups(b -> b.names(MAIN + "-api")).targetGroups().get(0).targetGroupArn();
        var health = elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions();
        assertThat(health).extracting(d -> d.target().id()).containsExactlyInAnyOrderElementsOf(apis);
        assertThat(health).allMatch(d -> d.targetHealth().stateAsString().equals("healthy"));
        Host api2 = cloud.host(instanceId(MAIN, "api-2")).orElseThrow();
        assertThat(api2.exec("curl", "-fsS", "http://127.0.0.1:12345/dolphinscheduler/actuator/health").stdout())
                .contains("\"status\":\"UP\"");
    }

    @Test
    @Order(6)
    void refusesToGoBelowOneMasterUnlessForced() {
        assertThatThrownBy(() -> main().scale(NodeRole.MASTER, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--force");
        assertThat(DsEc2Cli.run("scale", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--role", "master",
                "--count", "0", "--quiet")).isEqualTo(DsEc2Cli.BAD_INPUT);
        ScaleResult same = main().scale(NodeRole.MASTER, 1);
        assertThat(same.added()).isEmpty();
        assertThat(same.removed()).isEmpty();
        assertThat(same.warnings()).anyMatch(w -> w.contains("master"));
    }

    @Test
    @Order(7)
    void measuresScaleOutOfOneAndSixWorkers() throws Exception {
        ScaleResult one = main().scale(NodeRole.WORKER, 3);
        assertThat(one.added()).containsExactly("worker-3");
        timings.put("scale-out +1 worker (2 -> 3)", one.duration().toMillis() + " ms");
        ScaleResult six = main().scale(NodeRole.WORKER, 9);
        assertThat(six.added()).hasSize(6);
        timings.put("scale-out +6 workers (3 -> 9)", six.duration().toMillis() + " ms");
        assertThat(registered("worker")).containsExactlyInAnyOrderElementsOf(addresses(MAIN, "worker", 1234));
    }

    @Test
    @Order(8)
    void theSecondClusterIsUntouched() {
        assertThat(instances(OTHER)).hasSize(3);
        assertThat(serverPids(OTHER)).isEqualTo(otherPids);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    void startTask(String master, String worker, long durationMs) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + master
                        + ":5679/standin/tasks?worker=" + worker + ":1234&durationMs=" + durationMs))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    int runningOn(String ip) throws Exception {
        return count("select count(*) from t_ds_task_instance where host='" + ip + ":1234' and state=1");
    }

    int ended(String ip, int state) throws Exception {
        return count("select count(*) from t_ds_task_instance where host='" + ip + ":1234' and state=" + state);
    }

    int defaultGroupRows() throws Exception {
        return count("select count(*) from t_ds_worker_group where name='default'");
    }

    String groupAddresses(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery("select addr_list from t_ds_worker_group where name='"
                     + name + "'")) {
            assertThat(rs.next()).as("a worker group row " + name).isTrue();
            return rs.getString(1);
        }
    }

    int count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    List<Instance> instances(String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    static String nodeOf(Instance i) {
        return i.tags().stream().filter(t -> t.key().equals("ds-ec2:node")).map(Tag::value).findFirst().orElse("");
    }

    Instance instance(String cluster, String node) {
        return instances(cluster).stream().filter(i -> nodeOf(i).equals(node)).findFirst().orElseThrow();
    }

    String ip(String cluster, String node) {
        return instance(cluster, node).privateIpAddress();
    }

    String instanceId(String cluster, String node) {
        return instance(cluster, node).instanceId();
    }

    String zoneOf(String cluster, String node) {
        return instance(cluster, node).placement().availabilityZone();
    }

    Map<String, Long> workersPerZone() {
        return instances(MAIN).stream().filter(i -> nodeOf(i).startsWith("worker-"))
                .collect(Collectors.groupingBy(i -> i.placement().availabilityZone(), TreeMap::new, Collectors.counting()));
    }

    List<String> addresses(String cluster, String role, int port) {
        return instances(cluster).stream().filter(i -> nodeOf(i).startsWith(role + "-"))
                .map(i -> i.privateIpAddress() + ":" + port).toList();
    }

    /**
     * Registered servers, less those of running instances of other clusters (every cluster of the LocalCloud shares
     * its ZooKeeper namespace); a terminated node of the main cluster that is still registered stays in the list.
     */
    List<String> registered(String dir) throws Exception {
        try (CuratorFramework c = CuratorFrameworkFactory.newClient(e.zookeeperConnectString(), new RetryOneTime(500))) {
            c.start();
            c.blockUntilConnected();
            int port = "worker".equals(dir) ? 1234 : 5678;
            Filter live = Filter.builder().name("instance-state-name").values("pending", "running").build();
            List<String> others = ec2.describeInstances(b -> b.filters(live)).reservations().stream()
                    .flatMap(r -> r.instances().stream())
                    .filter(i -> i.tags().stream().noneMatch(t -> t.key().equals("ds-ec2:cluster") && t.value().equals(MAIN)))
                    .map(i -> i.privateIpAddress() + ":" + port).toList();
            return c.getChildren().forPath("/dolphinscheduler/nodes/" + dir).stream().filter(a -> !others.contains(a))
                    .toList();
        }
    }

    /** The pid of the JVM listening on each node's HTTP port, seen inside the node. */
    Map<String, String> serverPids(String cluster) {
        Map<String, String> pids = new HashMap<>();
        for (Instance i : instances(cluster)) {
            String node = nodeOf(i);
            NodeRole role = NodeRole.of(node.substring(0, node.lastIndexOf('-')));
            Host h = cloud.host(i.instanceId()).orElseThrow();
            String ss = h.exec("ss", "-ltnpH", "sport = :" + role.httpPort()).stdout();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(ss);
            pids.put(node, m.find() ? m.group(1) : "");
        }
        return pids;
    }
}
