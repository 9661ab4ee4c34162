package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.ClusterStatus;
import io.dsec2.model.NodeRole;
import io.dsec2.model.NodeStatus;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.net.Host;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

/**
 * Issue 4's {@code status} acceptance on the LocalCloud: a 1/2/1/1 cluster with an ALB reports healthy with every
 * detail (API, table, JSON and CLI exit code); cutting one worker off the network makes it degraded, naming that
 * worker and why, within seconds; restoring the link makes it healthy again; with its only api server stopped it is
 * down.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusIT {
    static final String NAME = "statusit";
    static final Path STATE = Path.of("target/it-state-status");

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    DsCluster cluster;
    Path yaml;
    Host cutHost;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        this.e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        cluster = LocalCloudSpecs.builder(e, NAME, STATE).masters(1).workers(2).apis(1).alerts(1)
                .loadBalancer(lb -> lb.enabled(true).deregistrationDelay(LocalCloudSpecs.DEREGISTRATION_DELAY)).build();
        // the same cluster for the CLI, in the config.yaml shape
        yaml = STATE.resolve("cluster.yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME).replace("master: {count: 2", "master: {count: 1")
                .replace("worker: {count: 3", "worker: {count: 2").replace("api: {count: 2", "api: {count: 1"));
    }

    @AfterAll
    void tearDown() {
        try {
            if (cutHost != null && cutHost.isCut()) {
                cutHost.restore();
            }
            List<String> ids = instances().stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } finally {
            ec2.close();
        }
    }

    @Test
    @Order(1)
    void healthyWithEveryDetail() {
        try (DsClusterHandle h = cluster.create()) {
            assertThat(h.nodes()).hasSize(5);
        }
        ClusterStatus s = cluster.status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.HEALTHY);
        assertThat(s.reasons()).isEmpty();
        assertThat(s.clusterName()).isEqualTo(NAME);
        assertThat(s.nodes()).extracting(NodeStatus::nodeId)
                .containsExactly("master-1", "worker-1", "worker-2", "api-1", "alert-1");
        Map<String, Instance> byId = instances().stream().collect(Collectors.toMap(Instance::instanceId, Function.identity()));
        for (NodeStatus n : s.nodes()) {
            Instance i = byId.get(n.instanceId());
            assertThat(i).as(n.nodeId()).isNotNull();
            assertThat(n.instanceState()).isEqualTo("running");
            assertThat(n.availabilityZone()).isEqualTo(i.placement().availabilityZone());
            assertThat(n.privateIp()).isEqualTo(i.privateIpAddress());
            assertThat(n.publicIp()).isEqualTo(java.util.Optional.ofNullable(i.publicIpAddress()));
            assertThat(n.sshReachable()).as(n.nodeId()).isTrue();
            assertThat(n.processRunning()).as(n.nodeId()).contains(true);
            assertThat(n.health()).as(n.nodeId()).isEqualTo("UP");
            assertThat(n.healthy()).as(n.nodeId()).isTrue();
            switch (n.role()) {
                case MASTER, WORKER -> {
                    assertThat(n.registered()).as(n.nodeId()).contains(true);
                    assertThat(n.heartbeatAge()).as(n.nodeId()).hasValueSatisfying(
                            a -> assertThat(a).isLessThan(Duration.ofSeconds(30)));
                    assertThat(n.serverStatus()).as(n.nodeId()).contains("NORMAL");
                    assertThat(n.targetHealth()).isEmpty();
                }
                case ALERT -> {
                    assertThat(n.registered()).as(n.nodeId()).contains(true);
                    // the alert server writes its heartbeat every 60 s and carries no serverStatus (facts §4)
                    assertThat(n.heartbeatAge()).hasValueSatisfying(a -> assertThat(a).isLessThan(Duration.ofSeconds(90)));
                    assertThat(n.targetHealth()).isEmpty();
                }
                case API -> {
                    assertThat(n.registered()).as("api servers do not register").isEmpty();
                    assertThat(n.targetHealth()).contains("healthy");
                }
            }
        }
        assertThat(s.nodes().stream().map(NodeStatus::availabilityZone).distinct().count()).isGreaterThan(1);
        assertThat(s.toTable()).contains("worker-2").contains("NORMAL").contains("healthy")
                .contains("cluster " + NAME + ": healthy");

        JsonNode json = JsonNode.parser().parse(s.toJson());
        assertThat(json.asObject().get("verdict").asString()).isEqualTo("HEALTHY");
        assertThat(json.asObject().get("cluster").asString()).isEqualTo(NAME);
        List<JsonNode> nodes = json.asObject().get("nodes").asArray();
        assertThat(nodes).hasSize(5);
        Map<String, JsonNode> w2 = nodes.get(2).asObject();
        assertThat(w2.get("nodeId").asString()).isEqualTo("worker-2");
        assertThat(w2.get("sshReachable").asBoolean()).isTrue();
        assertThat(w2.get("serverStatus").asString()).isEqualTo("NORMAL");
        assertThat(Long.parseLong(w2.get("heartbeatAgeMs").asNumber())).isLessThan(30_000);
        assertThat(nodes.get(3).asObject().get("targetHealth").asString()).isEqualTo("healthy");
        assertThat(nodes.get(3).asObject().get("registered").isNull()).isTrue();

        Cli cli = cli("status", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--json");
        assertThat(cli.exit).as(cli.out).isEqualTo(DsEc2Cli.OK);
        assertThat(JsonNode.parser().parse(cli.out).asObject().get("verdict").asString()).isEqualTo("HEALTHY");
    }

    @Test
    @Order(2)
    void cutWorkerMakesItDegradedNamingTheWorker() {
        NodeStatus w2 = cluster.status().node("worker-2").orElseThrow();
        cutHost = cloud.host(w2.instanceId()).orElseThrow();
        cutHost.cut();

        ClusterStatus s = cluster.status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.DEGRADED);
        assertThat(s.duration()).as("a cut host must not stall status").isLessThan(Duration.ofSeconds(15));
        assertThat(s.reasons()).anySatisfy(r -> assertThat(r).startsWith("worker-2: ssh unreachable"));
        assertThat(s.reasons()).allSatisfy(r -> assertThat(r).startsWith("worker-2: "));
        NodeStatus cut = s.node("worker-2").orElseThrow();
        assertThat(cut.sshReachable()).isFalse();
        assertThat(cut.healthy()).isFalse();
        assertThat(cut.processRunning()).isEmpty();
        assertThat(s.nodes().stream().filter(n -> !n.nodeId().equals("worker-2"))).allMatch(NodeStatus::healthy);

        Cli cli = cli("status", "-f", yaml.toString(), "--state-dir", STATE.toString());
        assertThat(cli.exit).as(cli.out).isEqualTo(DsEc2Cli.DEGRADED);
        assertThat(cli.out).contains("cluster " + NAME + ": degraded").contains("worker-2: ssh unreachable");
    }

    @Test
    @Order(3)
    void restoredWorkerMakesItHealthyAgain() throws Exception {
        cutHost.restore();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ClusterStatus s = cluster.status();
        while (s.verdict() != ClusterStatus.Verdict.HEALTHY && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            s = cluster.status();
        }
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.HEALTHY);
        NodeStatus w2 = s.node("worker-2").orElseThrow();
        assertThat(w2.sshReachable()).isTrue();
        assertThat(w2.registered()).contains(true);
        assertThat(w2.heartbeatAge()).hasValueSatisfying(a -> assertThat(a).isLessThan(Duration.ofSeconds(30)));
        assertThat(cli("status", "-f", yaml.toString(), "--state-dir", STATE.toString()).exit).isEqualTo(DsEc2Cli.OK);
    }

    @Test
    @Order(4)
    void noHealthyApiServerMeansDown() {
        NodeStatus api = cluster.status().node("api-1").orElseThrow();
        Host h = cloud.host(api.instanceId()).orElseThrow();
        // the host has its own pid namespace: this ends only the api server of this test's cluster
        assertThat(h.exec("pkill", "-KILL", "-f", "org.apache.dolphinscheduler.api.ApiApplicationServer").exitCode())
                .isZero();

        ClusterStatus s = cluster.status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.DOWN);
        assertThat(s.reasons()).contains("no api server answers health UP", "api-1: server process not running");
        NodeStatus down = s.node("api-1").orElseThrow();
        assertThat(down.sshReachable()).isTrue();
        assertThat(down.processRunning()).contains(false);
        assertThat(down.health()).isEqualTo("UNREACHABLE");
        Cli cli = cli("status", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--json");
        assertThat(cli.exit).as(cli.out).isEqualTo(DsEc2Cli.DOWN);
        assertThat(JsonNode.parser().parse(cli.out).asObject().get("verdict").asString()).isEqualTo("DOWN");
    }

    List<Instance> instances() {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(NAME).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    record Cli(int exit, String out) {
    }

    static synchronized Cli cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            int exit = DsEc2Cli.run(args);
            p.flush();
            return new Cli(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
