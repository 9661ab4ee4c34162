package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** {@code --json} of the commands that need no cloud: one parseable object with the documented fields. */
class JsonOutputTest {
    static Map<String, JsonNode> object(String out) {
        assertThat(out.strip().lines().count()).as("one line of JSON: %s", out).isEqualTo(1);
        return JsonNode.parser().parse(out).asObject();
    }

    @Test
    void planJsonHasTheNodesPlacementAndWarnings(@TempDir Path tmp) throws Exception {
        Path spec = CliOutputTest.specWithAWarning(tmp);
        DsEc2CliTest.Run r = DsEc2CliTest.cli("plan", "-f", spec.toString(), "--endpoint-url", "http://127.0.0.1:9",
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> o = object(r.out());
        assertThat(o).containsKeys("cluster", "region", "nodes", "loadBalancer", "warnings", "cost", "text");
        Map<String, JsonNode> cost = o.get("cost").asObject();
        assertThat(cost.get("region").asString()).isEqualTo("us-east-1");
        assertThat(cost.get("groups").asArray()).extracting(g -> g.asObject().get("role").asString())
                .contains("master", "worker", "api", "alert");
        assertThat(new java.math.BigDecimal(cost.get("totalUsdPerHour").asString())).isPositive();
        assertThat(cost.get("unpriced").asArray()).isEmpty();
        assertThat(o.get("cluster").asString()).isEqualTo("analytics");
        assertThat(o.get("region").asString()).isEqualTo("us-east-1");
        List<JsonNode> nodes = o.get("nodes").asArray();
        assertThat(nodes).hasSize(8);
        Map<String, JsonNode> m1 = nodes.get(0).asObject();
        assertThat(m1.get("nodeId").asString()).isEqualTo("master-1");
        assertThat(m1.get("role").asString()).isEqualTo("master");
        assertThat(m1.get("instanceType").asString()).isEqualTo("m6i.xlarge");
        assertThat(m1.get("subnet").asString()).isEqualTo("subnet-0123456789abcdef0");
        assertThat(m1.get("availabilityZone").asString()).isEqualTo("us-east-1a");
        assertThat(m1.get("rootVolumeGib").asNumber()).isEqualTo("30");
        assertThat(o.get("loadBalancer").asBoolean()).isTrue();
        Map<String, JsonNode> w = o.get("warnings").asArray().get(0).asObject();
        assertThat(w.get("level").asString()).isEqualTo("WARNING");
        assertThat(w.get("path").asString()).isEqualTo("storage");
        assertThat(w.get("id").asString()).isEqualTo("spec.rules");
        assertThat(o.get("text").asString()).startsWith("cluster analytics in us-east-1");
    }

    /** The sample spec with a key file that exists (nothing connects). */
    static Path sample(Path tmp) throws Exception {
        Path key = java.nio.file.Files.writeString(tmp.resolve("ops.pem"), "not used: nothing connects\n");
        Path file = tmp.resolve("cluster.yaml");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(DsEc2CliTest.SAMPLE)
                .replace("/home/ops/.ssh/ops.pem", key.toString()));
        return file;
    }

    @Test
    void historyJsonOfAClusterWithoutVersionsIsAnEmptyList(@TempDir Path tmp) throws Exception {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("config", "history", "-f", sample(tmp).toString(),
                "--endpoint-url", "http://127.0.0.1:9", "--state-dir", tmp.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> o = object(r.out());
        assertThat(o.get("cluster").asString()).isEqualTo("analytics");
        assertThat(o.get("versions").asArray()).isEmpty();
    }

    @Test
    void aFailureWithJsonIsAnErrorObjectWithTheExitCode(@TempDir Path tmp) throws Exception {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("config", "diff", "-f", sample(tmp).toString(),
                "--endpoint-url", "http://127.0.0.1:9", "--state-dir", tmp.toString(), "1", "2", "--json");
        assertThat(r.exit()).isNotZero();
        Map<String, JsonNode> o = object(r.out());
        assertThat(o.get("error").asString()).isNotBlank();
        assertThat(o.get("exitCode").asNumber()).isEqualTo(String.valueOf(r.exit()));
        assertThat(r.err()).contains(o.get("error").asString());
    }

    @Test
    void everyCommandAcceptsJson() {
        for (String[] cmd : new String[][] {{"create"}, {"plan"}, {"validate"}, {"status"}, {"scale"}, {"delete"},
                {"restart"}, {"config", "update"}, {"config", "update-jvm"}, {"config", "update-service"},
                {"config", "history"}, {"config", "diff"}, {"config", "rollback"}, {"list"}, {"import-config"}}) {
            String[] help = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            help[cmd.length] = "--help";
            DsEc2CliTest.Run r = DsEc2CliTest.cli(help);
            assertThat(r.out()).as(String.join(" ", cmd)).contains("--json");
        }
    }

    @Test
    void importConfigJsonCarriesTheSpecTheNotesAndWhatWasNotCarriedOver(@TempDir Path tmp) throws Exception {
        Path source = Path.of(JsonOutputTest.class.getResource("/import/full.yaml").toURI());
        DsEc2CliTest.Run r = DsEc2CliTest.cli("import-config", "--from", "dolphinscheduler-ec2-on-aws",
                source.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> o = object(r.out());
        assertThat(o.get("output").isNull()).isTrue();
        assertThat(o.get("spec").asString()).contains("cluster:", "# Not carried over:");
        assertThat(o.get("plans").asBoolean()).isTrue();
        assertThat(o.get("notCarriedOver").asArray()).extracting(u -> u.asObject().get("path").asString())
                .contains("emr.master_host");
        Path written = tmp.resolve("cluster.yaml");
        DsEc2CliTest.Run w = DsEc2CliTest.cli("import-config", "--from", "dolphinscheduler-ec2-on-aws",
                source.toString(), "-o", written.toString(), "--json");
        assertThat(w.exit()).as(w.err()).isZero();
        Map<String, JsonNode> ow = object(w.out());
        assertThat(ow.get("output").asString()).isEqualTo(written.toString());
        assertThat(ow.get("spec").isNull()).isTrue();
        assertThat(written).exists();
    }
}
