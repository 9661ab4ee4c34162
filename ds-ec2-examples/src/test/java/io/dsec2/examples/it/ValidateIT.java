package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dsec2.DsCluster;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.Secret;
import io.dsec2.model.Violation;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.validate.Finding;
import io.dsec2.validate.ValidateOptions;
import io.dsec2.validate.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Issue 4's validate acceptance on the LocalCloud (no cluster is created): a valid spec passes with no errors;
 * a missing subnet, a subnet of another VPC, a wrong database password, an unreachable ZooKeeper and a missing
 * bucket are each reported as their own ERROR at the field's path; a suppressed check id disappears; the CLI exits
 * 0 and 2.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateIT {
    static final String NAME = "validate";
    static final Path STATE = Path.of("target/validate-state");

    LocalCloudEndpoints e;
    Ec2Client ec2;
    String otherVpc;
    String otherSubnet;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        // a second VPC with one subnet, made with the plain SDK as an operator would have it
        otherVpc = ec2.createVpc(b -> b.cidrBlock("10.213.0.0/16")).vpc().vpcId();
        otherSubnet = ec2.createSubnet(b -> b.vpcId(otherVpc).cidrBlock("10.213.1.0/24")
                .availabilityZone(e.availabilityZones().get(0))).subnet().subnetId();
    }

    @AfterAll
    void tearDown() {
        if (ec2 != null) {
            if (otherSubnet != null) {
                ec2.deleteSubnet(b -> b.subnetId(otherSubnet));
            }
            if (otherVpc != null) {
                ec2.deleteVpc(b -> b.vpcId(otherVpc));
            }
            ec2.close();
        }
    }

    private DsCluster.Builder valid() {
        return LocalCloudSpecs.builder(e, NAME, STATE).masters(1).workers(1).apis(1).alerts(0)
                .storage(s -> s.bucket(e.bucket()).prefix("/validate-it").region(e.region()).endpoint(e.awsEndpoint())
                        .accessKeyId(Secret.literal(LocalAws.ACCESS_KEY_ID)).secretAccessKey(Secret.literal("test")));
    }

    /** The valid spec with all five problems at once. */
    private DsCluster broken() {
        List<String> subnets = new ArrayList<>(e.subnetIds());
        subnets.add("subnet-doesnotexist");
        subnets.add(otherSubnet);
        return valid().aws(a -> a.subnets(subnets.toArray(String[]::new)))
                .database(db -> db.password(Secret.literal("not-the-password")))
                .registry(zk -> zk.connectString(e.gatewayIp() + ":1"))
                .storage(s -> s.bucket("ds-ec2-validate-no-such-bucket"))
                .build();
    }

    @Test
    void aValidSpecPassesWithNoErrors() {
        long t0 = System.nanoTime();
        ValidationReport r = valid().build().validate();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("validate (valid spec): %d ms%n%s%n", ms, r.findings());
        assertThat(r.errors()).isEmpty();
        assertThat(r.passed()).isTrue();
        // the online checks really ran: identity, ZooKeeper, schema and the dry run each left an INFO
        assertThat(r.infos()).extracting(Finding::id)
                .contains("aws.identity", "registry.connect", "database.schema", "aws.dry_run", "storage.bucket",
                        "deployment.package_url", "deployment.mysql_driver_url");
        assertThat(r.infos()).filteredOn(f -> f.id().equals("aws.identity")).extracting(Finding::message)
                .allMatch(m -> m.contains("arn:aws:"));
    }

    @Test
    void eachProblemIsItsOwnErrorAtItsPath() {
        int n = e.subnetIds().size();
        ValidationReport r = broken().validate();
        System.out.printf("validate (broken spec):%n%s%n", r.findings());
        assertThat(r.passed()).isFalse();
        assertThat(r.errors()).extracting(Finding::id, Finding::path).containsExactlyInAnyOrder(
                tuple("aws.subnets.exist", "aws.subnets[" + n + "]"),
                tuple("aws.subnets.vpc", "aws.subnets[" + (n + 1) + "]"),
                tuple("database.credentials", "database.password"),
                tuple("registry.connect", "registry.connect_string"),
                tuple("storage.bucket", "storage.bucket"));
        assertThat(r.errors()).allMatch(f -> f.message().contains("Fix:"), "every error names its fix");
        assertThat(r.findings()).noneMatch(f -> f.message().contains("not-the-password"));
        Finding vpc = r.errors().stream().filter(f -> f.id().equals("aws.subnets.vpc")).findFirst().orElseThrow();
        assertThat(vpc.message()).contains(otherSubnet, otherVpc, e.vpcId());
    }

    @Test
    void createValidatesFirstAndLaunchesNothingWhenThereAreErrors() {
        assertThatThrownBy(broken()::create).isInstanceOfSatisfying(InvalidClusterSpecException.class, ex -> {
            assertThat(ex.errors()).extracting(Violation::path).contains("aws.subnets[" + e.subnetIds().size() + "]",
                    "database.password", "registry.connect_string", "storage.bucket");
            assertThat(ex.getMessage()).doesNotContain("not-the-password");
        });
        assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster").values(NAME)
                .build())).reservations()).isEmpty();
    }

    @Test
    void suppressingACheckByIdRemovesIt() {
        ValidationReport r = broken().validate(ValidateOptions.builder()
                .suppress("registry.connect", "storage.bucket").build());
        assertThat(r.findings()).extracting(Finding::id).doesNotContain("registry.connect", "storage.bucket");
        assertThat(r.errors()).extracting(Finding::id).containsExactlyInAnyOrder("aws.subnets.exist",
                "aws.subnets.vpc", "database.credentials");
    }

    /** The seeds YAML with its database on the LocalCloud's PostgreSQL (TLS), plus {@code params} if not null. */
    private String postgresYaml(String params) {
        String pgHost = URI.create(e.postgresJdbcUrl().substring("jdbc:".length())).getHost();
        String yaml = LocalCloudSpecs.seedsYaml(e, NAME).replaceFirst(
                "(?m)^  type: mysql\\n  host: .*\\n  port: .*$", "  type: postgresql\n  host: " + pgHost
                        + "\n  port: " + e.postgresPort() + (params == null ? "" : "\n  params: \"" + params + "\""));
        assertThat(yaml).contains("type: postgresql");
        return yaml;
    }

    @Test
    void thePostgresqlCheckRunsThroughTheClisDriverWithTlsAndNamesMissingSchemasAndTlsOff() throws Exception {
        Path tls = STATE.resolve("pg.yaml");
        Files.writeString(tls, postgresYaml(null));
        Path noSchema = STATE.resolve("pg-no-schema.yaml");
        Files.writeString(noSchema, postgresYaml("currentSchema=no_such_schema"));
        Path clear = STATE.resolve("pg-clear.yaml");
        Files.writeString(clear, postgresYaml("sslmode=disable"));
        PrintStream saved = System.out;
        int tlsExit;
        int noSchemaExit;
        int clearExit;
        ByteArrayOutputStream tlsOut = new ByteArrayOutputStream();
        ByteArrayOutputStream noSchemaOut = new ByteArrayOutputStream();
        ByteArrayOutputStream clearOut = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(tlsOut, true, StandardCharsets.UTF_8));
            tlsExit = DsEc2Cli.run("validate", "-f", tls.toString(), "--json");
            System.setOut(new PrintStream(noSchemaOut, true, StandardCharsets.UTF_8));
            noSchemaExit = DsEc2Cli.run("validate", "-f", noSchema.toString(), "--json");
            System.setOut(new PrintStream(clearOut, true, StandardCharsets.UTF_8));
            clearExit = DsEc2Cli.run("validate", "-f", clear.toString(), "--json");
        } finally {
            System.setOut(saved);
        }
        String ok = tlsOut.toString(StandardCharsets.UTF_8);
        String missing = noSchemaOut.toString(StandardCharsets.UTF_8);
        String off = clearOut.toString(StandardCharsets.UTF_8);
        System.out.println(ok + "\n" + missing + "\n" + off);
        // the connection was made (sslmode=require against the TLS server) and the schema looked at
        assertThat(tlsExit).as(ok).isZero();
        assertThat(ok).contains("{\"level\":\"INFO\",\"id\":\"database.schema\"")
                .contains("no DolphinScheduler schema yet").doesNotContain("not checked")
                .doesNotContain("deployment.mysql_driver_url");
        assertThat(noSchemaExit).as(missing).isEqualTo(2);
        assertThat(missing).contains("{\"level\":\"ERROR\",\"id\":\"database.schema\",\"path\":\"database.params\"")
                .contains("CREATE SCHEMA");
        assertThat(clearExit).as(off).isZero();
        assertThat(off).contains("\"level\":\"WARNING\"").contains("sslmode=disable does not require TLS")
                .contains("no DolphinScheduler schema yet");
    }

    @Test
    void theCliExitsZeroWhenValidAndTwoWithErrors() throws Exception {
        Path good = STATE.resolve("good.yaml");
        Files.writeString(good, LocalCloudSpecs.seedsYaml(e, NAME));
        Path bad = STATE.resolve("bad.yaml");
        Files.writeString(bad, LocalCloudSpecs.seedsYaml(e, NAME)
                .replace(e.zookeeperConnectString(), e.gatewayIp() + ":1"));
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int okExit;
        int badExit;
        int suppressedExit;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            okExit = DsEc2Cli.run("validate", "-f", good.toString());
            badExit = DsEc2Cli.run("validate", "-f", bad.toString(), "--json");
            suppressedExit = DsEc2Cli.run("validate", "-f", bad.toString(), "--suppress", "registry.connect");
        } finally {
            System.setOut(saved);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(okExit).isZero();
        assertThat(badExit).isEqualTo(2);
        assertThat(suppressedExit).isZero();
        assertThat(printed).contains("PASSED: 0 error(s)")
                .contains("{\"level\":\"ERROR\",\"id\":\"registry.connect\",\"path\":\"registry.connect_string\"");
    }
}
