package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.exception.ClusterOperationException;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.NodeRole;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Issue 3's acceptance on the LocalCloud: one 2/3/2/1 cluster with an ALB is created with the fluent API, then
 * created again from a seeds-style YAML file and through the CLI (adopting, launching and restarting nothing);
 * failing creates roll back (or keep everything when told); secrets never leak; bad specs make no AWS call.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CreateClusterIT {
    static final String NAME = "alpha";
    static final Path STATE = Path.of("target/it-state");
    static final Path LOG = Path.of("target/it-slf4j.log");

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    ElasticLoadBalancingV2Client elb;
    String dbPassword;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    DsClusterHandle first;
    Duration firstDuration;
    Map<String, String> pidsAfterFirst;

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
        assertThat(dbPassword).hasSizeGreaterThan(8);
        // a fresh LocalCloud gives hosts new keys: start without the host keys a previous run pinned
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
    }

    @AfterAll
    void tearDown() {
        if (first != null) {
            first.close();
        }
        ec2.close();
        elb.close();
    }

    ClusterListener recorder() {
        return new ClusterListener() {
            @Override
            public void stageStarted(StageEvent ev) {
                events.add(ev.toString());
            }

            @Override
            public void stageSucceeded(StageEvent ev) {
                events.add(ev.toString());
            }

            @Override
            public void stageFailed(StageEvent ev) {
                events.add(ev.toString());
            }

            @Override
            public void taskSucceeded(TaskEvent ev) {
                events.add(ev.toString());
            }

            @Override
            public void taskFailed(TaskEvent ev) {
                events.add(ev.toString());
            }

            @Override
            public void taskRetrying(TaskEvent ev) {
                events.add(ev.toString());
            }
        };
    }

    DsCluster.Builder alpha() {
        return LocalCloudSpecs.builder(e, NAME, STATE).masters(2).workers(3).apis(2).alerts(1)
                .loadBalancer(lb -> lb.enabled(true).deregistrationDelay(LocalCloudSpecs.DEREGISTRATION_DELAY))
                .addListener(recorder());
    }

    @Test
    @Order(1)
    void createsTheClusterFromTheFluentApi() throws Exception {
        DsCluster cluster = alpha().build();
        messages.add(cluster.plan());
        messages.add(cluster.toString());
        messages.add(cluster.spec().toString());
        first = cluster.create();
        firstDuration = first.duration();
        messages.add(first.toString());

        List<ClusterNode> nodes = first.nodes();
        assertThat(nodes).extracting(ClusterNode::nodeId).containsExactly("master-1", "master-2", "worker-1", "worker-2",
                "worker-3", "api-1", "api-2", "alert-1");
        assertThat(nodes).allMatch(n -> n.health().equals("UP"));

        for (ClusterNode n : nodes) {
            Host h = cloud.host(n.instanceId()).orElseThrow();
            String health = h.exec("curl", "-fsS", "http://127.0.0.1:" + n.role().httpPort()
                    + (n.role() == NodeRole.API ? "/dolphinscheduler" : "") + "/actuator/health").stdout();
            assertThat(health).as(n.nodeId()).contains("\"status\":\"UP\"");
        }
        assertThat(nodes.stream().filter(n -> n.role() == NodeRole.MASTER).map(ClusterNode::availabilityZone)
                .distinct().count()).isGreaterThanOrEqualTo(2);

        Map<String, List<String>> zk = registry();
        assertThat(zk.get("master")).containsExactlyInAnyOrderElementsOf(addresses(nodes, NodeRole.MASTER, 5678));
        assertThat(zk.get("worker")).containsExactlyInAnyOrderElementsOf(addresses(nodes, NodeRole.WORKER, 1234));
        assertThat(zk.get("alert-server")).containsExactlyInAnyOrderElementsOf(addresses(nodes, NodeRole.ALERT, 50052));

        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery("select version from t_ds_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("3.2.0");
        }

        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(first.apiUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("userName=admin&userPassword=dolphinscheduler123")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.body().replace(" ", "")).contains("\"code\":0").contains("sessionId");
        assertThat(first.loadBalancerDns()).isPresent();
        assertThat(first.uiUrl().toString()).startsWith("http://" + first.loadBalancerDns().get());

        List<Instance> instances = clusterInstances(NAME);
        assertThat(instances).hasSize(8);
        for (Instance i : instances) {
            Map<String, String> tags = tags(i);
            assertThat(tags).containsEntry("ds-ec2:cluster", NAME).containsEntry("ds-ec2:managed-by", "ds-ec2")
                    .containsKeys("ds-ec2:role", "ds-ec2:ordinal");
            assertThat(i.metadataOptions().httpTokensAsString()).isEqualTo("required");
        }

        String tg = elb.describeTargetGroups(b -> b.names(NAME + "-api")).targetGroups().get(0).targetGroupArn();
        assertThat(elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions())
                .extracting(d -> d.target().id())
                .containsExactlyInAnyOrderElementsOf(nodes.stream().filter(n -> n.role() == NodeRole.API)
                        .map(ClusterNode::instanceId).toList());
        pidsAfterFirst = serverPids(nodes);
        assertThat(pidsAfterFirst.values()).doesNotContain("");
    }

    @Test
    @Order(2)
    void createAgainFromSeedsYamlLaunchesAndRestartsNothing() throws Exception {
        Path yaml = STATE.resolve("alpha.yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME));
        DsCluster cluster = DsCluster.builder().spec(DsCluster.fromYaml(yaml).spec()).stateDirectory(STATE)
                .addListener(recorder()).build();
        assertThat(cluster.spec().aws().subnets()).hasSize(3);
        Set<String> before = clusterInstances(NAME).stream().map(Instance::instanceId).collect(Collectors.toSet());
        try (DsClusterHandle again = cluster.create()) {
            assertThat(again.nodes()).extracting(ClusterNode::instanceId).containsExactlyInAnyOrderElementsOf(before);
            assertThat(again.duration()).isLessThan(firstDuration);
            System.out.printf("create: first %d ms, again (adopting) %d ms%n", firstDuration.toMillis(),
                    again.duration().toMillis());
        }
        assertThat(clusterInstances(NAME).stream().map(Instance::instanceId).collect(Collectors.toSet())).isEqualTo(before);
        assertThat(serverPids(first.nodes())).isEqualTo(pidsAfterFirst);
    }

    @Test
    @Order(3)
    void theCliCreatesTheSameClusterFromTheSameFile() {
        Path yaml = STATE.resolve("alpha.yaml");
        int exit = DsEc2Cli.run("create", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--quiet");
        assertThat(exit).isZero();
        assertThat(clusterInstances(NAME)).hasSize(8);
        assertThat(serverPids(first.nodes())).isEqualTo(pidsAfterFirst);
        assertThat(DsEc2Cli.run("plan", "-f", yaml.toString())).isZero();
    }

    @Test
    @Order(4)
    void badSpecFailsWithEveryProblemAndMakesNoAwsCall() throws Exception {
        long forwarded = cloud.faults().stats().forwarded();
        String bad = LocalCloudSpecs.seedsYaml(e, "badspec")
                .replace("master: {count: 2, instance_type: t3.medium}", "master: {count: 0, instance_type: t3.medium}")
                .replace("  host: ", "  hots: ")
                .replace("  subnets: [" + String.join(", ", e.subnetIds()) + "]",
                        "  subnets: [{subnet_id: " + e.subnetIds().get(0) + ", availability_zone: us-east-1a}]")
                .replace("  username: ", "  user_name: ");
        Path file = STATE.resolve("bad.yaml");
        Files.writeString(file, bad);
        assertThatThrownBy(() -> DsCluster.fromYaml(file))
                .isInstanceOfSatisfying(InvalidClusterSpecException.class, ex -> {
                    messages.add(ex.getMessage());
                    assertThat(ex.getMessage()).contains("cluster.master.count").contains("database.hots")
                            .contains("database.host").contains("aws.subnets");
                });
        assertThat(cloud.faults().stats().forwarded()).isEqualTo(forwarded);
    }

    @Test
    @Order(5)
    void aCreateThatFailsPartWayRollsBackWhatItCreated() {
        String name = "broken";
        DsCluster cluster = LocalCloudSpecs.builder(e, name, STATE).masters(1).workers(1).apis(1).alerts(0)
                .loadBalancer(lb -> lb.enabled(true)).addListener(cutOnStage("package", "worker-1"))
                .retry(io.dsec2.config.RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(1)).build())
                .build();
        assertThatThrownBy(cluster::create).isInstanceOfSatisfying(ClusterOperationException.class, ex -> {
            messages.add(ex.getMessage());
            assertThat(ex.failedNodes()).containsKey("worker-1");
            assertThat(ex.getMessage()).contains("worker-1").contains("package");
            assertThat(ex.rollback()).hasValueSatisfying(r -> assertThat(r).contains("terminated"));
        });
        assertThat(clusterInstances(name)).isEmpty();
        assertThat(elb.describeLoadBalancers().loadBalancers()).noneMatch(lb -> lb.loadBalancerName().equals(name));
        assertThat(elb.describeTargetGroups().targetGroups()).noneMatch(t -> t.targetGroupName().startsWith(name + "-"));
        assertThat(securityGroups(name)).isEmpty();
    }

    @Test
    @Order(6)
    void withRollbackDisabledEverythingStaysAndTheErrorNamesNodeAndStep() {
        String name = "kept";
        DsCluster cluster = LocalCloudSpecs.builder(e, name, STATE).masters(1).workers(1).apis(1).alerts(0)
                .loadBalancer(lb -> lb.enabled(true)).addListener(cutOnStage("package", "worker-1"))
                .deployment(d -> d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).rollbackOnFailure(false))
                .retry(io.dsec2.config.RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(1)).build())
                .build();
        assertThatThrownBy(cluster::create).isInstanceOfSatisfying(ClusterOperationException.class, ex -> {
            messages.add(ex.getMessage());
            assertThat(ex.getMessage()).contains("worker-1").contains("package");
            assertThat(ex.rollback()).hasValueSatisfying(r -> assertThat(r).contains("rollback disabled"));
        });
        List<Instance> kept = clusterInstances(name);
        assertThat(kept).hasSize(3);
        assertThat(elb.describeLoadBalancers().loadBalancers()).anyMatch(lb -> lb.loadBalancerName().equals(name));
        assertThat(securityGroups(name)).isNotEmpty();
        ec2.terminateInstances(b -> b.instanceIds(kept.stream().map(Instance::instanceId).toList()));
    }

    @Test
    @Order(7)
    void theDatabasePasswordAppearsNowhereButTheSecretsFile() throws Exception {
        assertThat(events).isNotEmpty();
        assertThat(messages).hasSizeGreaterThanOrEqualTo(5);
        for (String s : events) {
            assertThat(s).doesNotContain(dbPassword);
        }
        for (String s : messages) {
            assertThat(s).doesNotContain(dbPassword);
        }
        assertThat(LOG).as("surefire writes every log line to %s (ds-ec2-examples/pom.xml): run this test through"
                + " Maven", LOG).isRegularFile();
        String log = Files.readString(LOG);
        assertThat(log).as("debug lines of this run's remote commands").contains("exec on master-1")
                .doesNotContain(dbPassword);
        for (ClusterNode n : first.nodes()) {
            Host h = cloud.host(n.instanceId()).orElseThrow();
            String hits = h.exec("grep", "-rlF", "--", dbPassword, "/opt", "/home", "/tmp", "/root").stdout().strip();
            if (n.role() == NodeRole.WORKER) {
                assertThat(hits).as("workers get no database password").isEmpty();
            } else {
                assertThat(hits).as(n.nodeId()).isEqualTo("/opt/dolphinscheduler/.ds-ec2/secrets.env");
                assertThat(h.exec("stat", "-c", "%a %U", hits).stdout().strip()).isEqualTo("600 dolphinscheduler");
            }
        }
    }

    private ClusterListener cutOnStage(String stage, String nodeId) {
        return new ClusterListener() {
            @Override
            public void taskStarted(TaskEvent ev) {
                if (ev.stage().equals(stage) && ev.nodeId().filter(nodeId::equals).isPresent()) {
                    String ip = ev.nodeId().map(x -> ip(ev.clusterId(), x)).orElseThrow();
                    cloud.hosts().stream().filter(h -> h.privateIp().equals(ip)).findFirst().orElseThrow().cut();
                }
            }
        };
    }

    private String ip(String cluster, String nodeId) {
        return clusterInstances(cluster).stream().filter(i -> nodeId.equals(tags(i).get("ds-ec2:node")))
                .findFirst().orElseThrow().privateIpAddress();
    }

    List<Instance> clusterInstances(String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    List<String> securityGroups(String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        return ec2.describeSecurityGroups(b -> b.filters(tag)).securityGroups().stream().map(g -> g.groupId()).toList();
    }

    static Map<String, String> tags(Instance i) {
        Map<String, String> m = new HashMap<>();
        for (Tag t : i.tags()) {
            m.put(t.key(), t.value());
        }
        return m;
    }

    static List<String> addresses(List<ClusterNode> nodes, NodeRole role, int port) {
        return nodes.stream().filter(n -> n.role() == role).map(n -> n.privateIp() + ":" + port).toList();
    }

    Map<String, List<String>> registry() throws Exception {
        try (CuratorFramework c = CuratorFrameworkFactory.newClient(e.zookeeperConnectString(), new RetryOneTime(500))) {
            c.start();
            c.blockUntilConnected();
            Map<String, List<String>> out = new HashMap<>();
            for (String dir : List.of("master", "worker", "alert-server")) {
                out.put(dir, c.getChildren().forPath("/dolphinscheduler/nodes/" + dir));
            }
            return out;
        }
    }

    /** The pid of the JVM listening on each node's HTTP port, seen inside the node. */
    Map<String, String> serverPids(List<ClusterNode> nodes) {
        Map<String, String> pids = new HashMap<>();
        for (ClusterNode n : nodes) {
            Host h = cloud.host(n.instanceId()).orElseThrow();
            String ss = h.exec("ss", "-ltnpH", "sport = :" + n.role().httpPort()).stdout();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(ss);
            pids.put(n.nodeId(), m.find() ? m.group(1) : "");
        }
        return pids;
    }
}
