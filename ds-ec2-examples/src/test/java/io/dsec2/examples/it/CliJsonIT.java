package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

/**
 * Every state-changing command's {@code --json} on the LocalCloud, through the CLI as a script would call it
 * (a 1/1/1/1 cluster with an ALB): create, status, scale, config update-service, history, diff, rollback, restart,
 * delete. Each prints exactly one JSON object on stdout carrying the fields the README's example shows.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliJsonIT {
    static final String NAME = "jsonit";
    static final Path STATE = Path.of("target/it-state-json");

    LocalCloudEndpoints e;
    Ec2Client ec2;
    Path yaml;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        yaml = STATE.resolve("cluster.yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME).replace("master: {count: 2", "master: {count: 1")
                .replace("worker: {count: 3", "worker: {count: 1").replace("api: {count: 2", "api: {count: 1"));
    }

    @AfterAll
    void tearDown() {
        try {
            List<String> ids = new ArrayList<>();
            ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster").values(NAME).build(),
                    Filter.builder().name("instance-state-name").values("pending", "running").build()))
                    .reservations().forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } finally {
            ec2.close();
        }
    }

    /** Runs the CLI with {@code -f <yaml> --state-dir <state> --json} appended; returns the parsed object. */
    Map<String, JsonNode> json(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", yaml.toString(), "--state-dir", STATE.toString(), "--json"));
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            exit = DsEc2Cli.run(all.toArray(String[]::new));
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("%s: %s", all, out).isEqualTo(expectedExit);
        assertThat(out.strip().lines().count()).as("exactly one line on stdout: %s", out).isEqualTo(1);
        return JsonNode.parser().parse(out).asObject();
    }

    static void assertStages(Map<String, JsonNode> o) {
        List<JsonNode> stages = o.get("stages").asArray();
        assertThat(stages).isNotEmpty();
        for (JsonNode s : stages) {
            Map<String, JsonNode> m = s.asObject();
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
    void create() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "create");
        assertThat(o).containsKeys("cluster", "nodes", "loadBalancerDns", "uiUrl", "apiUrl", "durationSeconds",
                "stages", "warnings");
        assertThat(o.get("cluster").asString()).isEqualTo(NAME);
        List<JsonNode> nodes = o.get("nodes").asArray();
        assertThat(nodes).hasSize(4);
        for (JsonNode n : nodes) {
            assertThat(n.asObject()).containsKeys("nodeId", "role", "instanceId", "instanceType", "availabilityZone",
                    "privateIp", "publicIp", "health");
            assertThat(n.asObject().get("instanceId").asString()).startsWith("i-");
        }
        assertThat(nodes.stream().map(n -> n.asObject().get("role").asString()).toList())
                .containsExactlyInAnyOrder("master", "worker", "api", "alert");
        assertThat(o.get("uiUrl").asString()).contains("/dolphinscheduler/ui");
        assertStages(o);
        assertThat(o.get("stages").asArray().stream().map(s -> s.asObject().get("stage").asString()).toList())
                .contains("launch", "schema", "verify");
    }

    @Test
    @Order(2)
    void status() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "status");
        assertThat(o.get("verdict").asString()).isEqualTo("HEALTHY");
    }

    @Test
    @Order(3)
    void scale() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "scale", "--role", "worker", "--count", "2");
        assertThat(o).containsKeys("cluster", "role", "previousCount", "count", "added", "removed", "tasksFinished",
                "tasksKilled", "warnings", "durationSeconds", "stages");
        assertThat(o.get("previousCount").asNumber()).isEqualTo("1");
        assertThat(o.get("count").asNumber()).isEqualTo("2");
        assertThat(strings(o.get("added"))).containsExactly("worker-2");
        assertStages(o);
    }

    @Test
    @Order(4)
    void configUpdateService() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "config", "update-service", "--role", "worker", "--param",
                "worker.exec-threads=50");
        assertThat(o).containsKeys("cluster", "changes", "policy", "dryRun", "result", "stages");
        Map<String, JsonNode> changes = o.get("changes").asObject();
        assertThat(changes).containsKeys("fromVersion", "changes", "rolesToRestart", "rolesToReplace", "unsupported");
        assertThat(changes.get("changes").asArray()).anySatisfy(c -> {
            assertThat(c.asObject().get("key").asString()).endsWith("worker.exec-threads");
            assertThat(c.asObject().get("new").asString()).isEqualTo("50");
            assertThat(c.asObject().get("policy").asString()).isEqualTo("rolling_restart");
        });
        Map<String, JsonNode> result = o.get("result").asObject();
        assertThat(result).containsKeys("jobId", "outcome", "resumed", "version", "restarted", "unchanged", "failed",
                "rolledBack", "durationSeconds");
        assertThat(result.get("outcome").asString()).isEqualTo("completed");
        assertThat(strings(result.get("restarted"))).containsExactlyInAnyOrder("worker-1", "worker-2");
        // v1 create, v2 recorded by the scale, v3 this update
        assertThat(result.get("version").asObject().get("version").asNumber()).isEqualTo("3");
        assertThat(result.get("version").asObject().get("operation").asString()).isEqualTo("update");
    }

    @Test
    @Order(5)
    void configHistoryAndDiff() {
        Map<String, JsonNode> h = json(DsEc2Cli.OK, "config", "history");
        List<JsonNode> versions = h.get("versions").asArray();
        assertThat(versions).hasSize(3);
        assertThat(versions.get(2).asObject()).containsKeys("version", "createdAt", "createdBy", "operation", "basedOn",
                "status", "digest", "note");
        assertThat(versions.get(2).asObject().get("status").asString()).isEqualTo("applied");
        assertThat(versions.get(2).asObject().get("operation").asString()).isEqualTo("update");

        Map<String, JsonNode> d = json(DsEc2Cli.OK, "config", "diff", "2", "3");
        assertThat(d.get("from").asNumber()).isEqualTo("2");
        assertThat(d.get("to").asNumber()).isEqualTo("3");
        assertThat(d.get("changes").asArray()).anySatisfy(c ->
                assertThat(c.asObject().get("key").asString()).endsWith("worker.exec-threads"));
    }

    @Test
    @Order(6)
    void configRollback() {
        // back to v2 (after the scale, before the update; v1 had one worker, and counts change only with scale)
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "config", "rollback", "--version", "2");
        assertThat(o.get("toVersion").asNumber()).isEqualTo("2");
        Map<String, JsonNode> result = o.get("result").asObject();
        assertThat(result.get("outcome").asString()).isEqualTo("completed");
        assertThat(result.get("version").asObject().get("operation").asString()).isEqualTo("rollback");
    }

    @Test
    @Order(7)
    void restart() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "restart", "--role", "alert");
        assertThat(strings(o.get("roles"))).containsExactly("alert");
        Map<String, JsonNode> result = o.get("result").asObject();
        assertThat(result.get("outcome").asString()).isEqualTo("completed");
        assertThat(strings(result.get("restarted"))).containsExactly("alert-1");
        assertStages(o);
    }

    @Test
    @Order(8)
    void delete() {
        Map<String, JsonNode> o = json(DsEc2Cli.OK, "delete", "--force");
        assertThat(o).containsKeys("cluster", "serversStopped", "instancesTerminated", "targetsDeregistered",
                "tasksKilled", "dataPurged", "leftovers", "complete", "durationSeconds", "stages");
        assertThat(o.get("complete").asBoolean()).isTrue();
        assertThat(o.get("instancesTerminated").asArray()).hasSize(5);
        assertThat(o.get("tasksKilled").asNumber()).isEqualTo("0");
    }
}
