package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.spi.ClusterTags;
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
import java.util.concurrent.ThreadLocalRandom;
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
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Many clusters per account (seeds/004), through the CLI on the LocalCloud: two clusters created by ds-ec2 in the
 * LocalCloud's region and one in another region; {@code list} shows exactly them, with their counts; a cluster
 * whose spec file is gone is found by {@code status --cluster} and removed by {@code delete --cluster} (its spec
 * recorded in the state directory at create), and the other two stay.
 *
 * <p>The LocalCloud's hosts live in one region, so the other region's cluster is a master instance launched there
 * with the tags ds-ec2 gives its instances; the two in the LocalCloud's region are real (stand-in) clusters. Other
 * test classes may leave clusters running in the shared region, so the listings are compared on this class's
 * cluster-name prefix.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListClustersIT {
    static final Path STATE = Path.of("target/it-state-list").toAbsolutePath();
    static final String OTHER_REGION = "eu-west-1";
    static final Path ADMIN_PASSWORD_FILE = STATE.resolve("admin-password");
    static final String FIRST_ADMIN_PASSWORD = "list-it 'Adm1n' $HOME \"x\"";

    final String prefix = "ls" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    final String first = prefix + "-one";
    final String second = prefix + "-two";
    final String elsewhere = prefix + "-far";

    LocalCloudEndpoints e;
    Ec2Client ec2;
    Ec2Client otherEc2;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        otherEc2 = LocalAws.ec2(URI.create(e.awsEndpoint()), OTHER_REGION);
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        for (String name : List.of(first, second)) {
            String db = name.replace('-', '_');
            cloud.createDatabase(db);
            // 1 master, 1 worker, 1 api, no alert server, no ALB; its own database and registry namespace
            String yaml = LocalCloudSpecs.seedsYaml(e, name).replace("master: {count: 2", "master: {count: 1")
                    .replace("worker: {count: 3", "worker: {count: 1").replace("api: {count: 2", "api: {count: 1")
                    .replace("alert: {count: 1", "alert: {count: 0")
                    .replace("database: dolphinscheduler\n", "database: " + db + "\n")
                    .replace("  type: zookeeper\n", "  type: zookeeper\n  namespace: " + name + "\n")
                    .replaceAll("(?s)service_config:.*", "");
            if (name.equals(first)) {
                // the first one's admin password comes from a secret reference from the start
                Files.writeString(ADMIN_PASSWORD_FILE, FIRST_ADMIN_PASSWORD);
                yaml = yaml + "service_config:\n  api:\n    admin_password: {file: " + ADMIN_PASSWORD_FILE + "}\n";
            }
            Path file = STATE.resolve(name + ".yaml");
            Files.writeString(file, yaml);
            Run r = cli("create", "-f", file.toString(), "--state-dir", STATE.toString());
            assertThat(r.exit()).as("create %s:%n%s%n%s", name, r.out(), r.err()).isZero();
        }
        String vpc = otherEc2.createVpc(b -> b.cidrBlock("10.41.0.0/16")).vpc().vpcId();
        String subnet = otherEc2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.41.1.0/24")
                .availabilityZone(OTHER_REGION + "a")).subnet().subnetId();
        String ami = otherEc2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        otherEc2.runInstances(b -> b.imageId(ami).minCount(1).maxCount(1).subnetId(subnet).tagSpecifications(
                TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key(ClusterTags.CLUSTER).value(elsewhere).build(),
                        Tag.builder().key(ClusterTags.ROLE).value("master").build(),
                        Tag.builder().key(ClusterTags.MANAGED_BY).value(ClusterTags.MANAGED_BY_VALUE).build()).build()));
    }

    @AfterAll
    void tearDown() {
        try {
            for (Ec2Client c : List.of(ec2, otherEc2)) {
                List<String> ids = new ArrayList<>();
                c.describeInstances(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster")
                                .values(first, second, elsewhere).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                        .reservations().forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
                if (!ids.isEmpty()) {
                    c.terminateInstances(b -> b.instanceIds(ids));
                }
            }
        } finally {
            ec2.close();
            otherEc2.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream x = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(x);
            int code = DsEc2Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** {@code list --json} in a region: this class's clusters by name. */
    Map<String, Map<String, JsonNode>> list(String region) {
        Run r = cli("list", "--region", region, "--endpoint-url", e.awsEndpoint(), "--json");
        assertThat(r.exit()).as("%s%n%s", r.out(), r.err()).isZero();
        Map<String, JsonNode> o = JsonNode.parser().parse(r.out()).asObject();
        assertThat(o.get("region").asString()).isEqualTo(region);
        return o.get("clusters").asArray().stream().map(JsonNode::asObject)
                .filter(c -> c.get("name").asString().startsWith(prefix + "-"))
                .collect(Collectors.toMap(c -> c.get("name").asString(), c -> c, (a, b) -> a, java.util.TreeMap::new));
    }

    static Map<String, Integer> running(Map<String, JsonNode> cluster) {
        return cluster.get("nodes").asObject().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                en -> Integer.parseInt(en.getValue().asObject().getOrDefault("running", JsonNode.parser().parse("0"))
                        .asNumber())));
    }

    @Test
    @Order(1)
    void listShowsExactlyTheClustersOfEachRegionWithTheirCounts() {
        Map<String, Map<String, JsonNode>> here = list(e.region());
        assertThat(here.keySet()).containsExactly(first, second);
        for (String name : List.of(first, second)) {
            assertThat(running(here.get(name))).as(name).isEqualTo(Map.of("master", 1, "worker", 1, "api", 1));
            assertThat(here.get(name).get("nodes").asObject()).as(name).hasSize(3);
            assertThat(here.get(name).get("vpc").asString()).isEqualTo(e.vpcId());
        }
        Map<String, Map<String, JsonNode>> there = list(OTHER_REGION);
        assertThat(there.keySet()).containsExactly(elsewhere);
        assertThat(running(there.get(elsewhere))).isEqualTo(Map.of("master", 1));
    }

    /** The stand-in's api server checks logins against t_ds_user as DS 3.2.0 does. */
    String apiIp(String cluster) {
        return ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build(),
                Filter.builder().name("tag:ds-ec2:role").values("api").build(),
                Filter.builder().name("instance-state-name").values("running").build()))
                .reservations().get(0).instances().get(0).privateIpAddress();
    }

    @Test
    @Order(2)
    void anAdminPasswordInTheSpecReplacesThePublicDefaultAtCreateAndAnUpdateSetsOneLater() throws Exception {
        DsRest firstApi = new DsRest(apiIp(first));
        assertThat(firstApi.loginCode(FIRST_ADMIN_PASSWORD)).as("the spec's password").isZero();
        assertThat(firstApi.loginCode(DsRest.ADMIN_PASSWORD)).as("the public default").isNotZero();

        DsRest secondApi = new DsRest(apiIp(second));
        assertThat(secondApi.loginCode(DsRest.ADMIN_PASSWORD)).as("no admin_password: the default stays").isZero();
        String rotated = "second-Adm1n-" + prefix;
        Path file = STATE.resolve("second-admin-password");
        Files.writeString(file, rotated);
        io.dsec2.DsCluster cluster = io.dsec2.DsCluster.builder().spec(io.dsec2.DsCluster.fromYaml(
                STATE.resolve(second + ".yaml")).spec()).stateDirectory(STATE).build();
        io.dsec2.model.ClusterSpec withPassword = cluster.spec().copy(b -> b.adminPassword(
                io.dsec2.model.Secret.fromFile(file)));
        io.dsec2.model.RolloutResult r = cluster.update(withPassword, io.dsec2.model.UpdateOptions.builder()
                .note("list-it: admin password").build());
        assertThat(r.restarted()).isEmpty();
        assertThat(secondApi.loginCode(rotated)).isZero();
        assertThat(secondApi.loginCode(DsRest.ADMIN_PASSWORD)).isNotZero();
    }

    @Test
    @Order(3)
    void statusAndDeleteByNameWithoutTheSpecFile() throws Exception {
        Files.delete(STATE.resolve(first + ".yaml"));   // the spec file is lost
        Run status = cli("status", "--cluster", first, "--state-dir", STATE.toString(), "--json");
        assertThat(status.exit()).as("%s%n%s", status.out(), status.err()).isZero();
        assertThat(JsonNode.parser().parse(status.out()).asObject().get("nodes").asArray()).hasSize(3);

        Run delete = cli("delete", "--cluster", first, "--state-dir", STATE.toString(), "--force");
        assertThat(delete.exit()).as("%s%n%s", delete.out(), delete.err()).isZero();
        assertThat(delete.out()).contains("deleted " + first).contains("3 instance(s) terminated")
                .contains("nothing tagged ds-ec2:cluster=" + first + " is left");

        assertThat(list(e.region()).keySet()).containsExactly(second);
        assertThat(list(OTHER_REGION).keySet()).containsExactly(elsewhere);
        assertThat(running(list(e.region()).get(second))).isEqualTo(Map.of("master", 1, "worker", 1, "api", 1));
    }

    @Test
    @Order(4)
    void aNameWithNoRecordedSpecIsRefusedNamingTheFix() {
        Run r = cli("delete", "--cluster", prefix + "-never", "--state-dir", STATE.toString(), "--force");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("cluster " + prefix + "-never has no applied configuration version")
                .contains("-f");
    }

    @Test
    @Order(5)
    void deleteTheSecondByNameToo() {
        Run delete = cli("delete", "--cluster", second, "--state-dir", STATE.toString(), "--force");
        assertThat(delete.exit()).as("%s%n%s", delete.out(), delete.err()).isZero();
        assertThat(list(e.region())).isEmpty();
    }
}
