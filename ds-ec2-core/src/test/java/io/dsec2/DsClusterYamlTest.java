package io.dsec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.Violation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DsClusterYamlTest {

    static Path fixture(String name) {
        try {
            return Path.of(DsClusterYamlTest.class.getResource("/specs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static InvalidClusterSpecException invalid(String yaml) {
        try {
            DsCluster.fromYaml(yaml, "test.yaml");
        } catch (InvalidClusterSpecException e) {
            return e;
        }
        throw new AssertionError("expected InvalidClusterSpecException for:\n" + yaml);
    }

    static Violation find(InvalidClusterSpecException e, String path) {
        return e.violations().stream().filter(v -> v.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation at " + path + " in " + e.getMessage()));
    }

    @Test
    void loadsTheFullSeedsShape() {
        ClusterSpec spec = DsCluster.fromYaml(fixture("full-seeds.yaml")).spec();

        assertThat(spec.name()).isEqualTo("analytics");
        assertThat(spec.aws().vpcId()).contains("vpc-0abc1234");
        assertThat(spec.aws().subnets()).containsExactly(SubnetSpec.of("subnet-0a1", "us-east-1a"),
                SubnetSpec.of("subnet-0b2", "us-east-1b"), SubnetSpec.of("subnet-0c3", "us-east-1c"));
        assertThat(spec.aws().keyPairName()).contains("ops");
        assertThat(spec.aws().instanceProfile()).contains("ds-node");
        assertThat(spec.aws().amiId()).contains("ami-0123abcd");
        assertThat(spec.aws().adminCidr()).contains("203.0.113.7/32");
        assertThat(spec.masters().securityGroupIds()).containsExactly("sg-0m1");
        assertThat(spec.masters().count()).isEqualTo(3);
        assertThat(spec.masters().jvm()).isEqualTo(JvmSpec.builder().xmsMib(8192).xmxMib(8192).xmnMib(4096).build());
        assertThat(spec.masters().config()).containsExactly(Map.entry("master.exec-threads", "200"),
                Map.entry("master.reserved-memory", "0.1"));

        NodeGroupSpec workers = spec.workerGroups().get(0);
        assertThat(workers.count()).isEqualTo(6);
        assertThat(workers.instanceType()).isEqualTo("m6i.2xlarge");
        assertThat(workers.rootVolumeSizeGib()).isEqualTo(100);
        assertThat(workers.jvm().xmxMib()).isEqualTo(16384);
        assertThat(workers.jvm().extraOptions()).containsExactly("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=200");
        assertThat(workers.config()).containsEntry("worker.exec-threads", "150")
                .containsEntry("worker.registry-disconnect-strategy.max-waiting-time", "60s");

        NodeGroupSpec gpu = spec.workerGroups().get(1);
        assertThat(gpu.name()).isEqualTo("gpu");
        assertThat(gpu.subnets()).containsExactly("subnet-0a1");
        assertThat(gpu.jvm().xmxMib()).isEqualTo(16384);
        assertThat(gpu.config()).containsExactly(Map.entry("worker.exec-threads", "50"));
        assertThat(spec.count(NodeRole.WORKER)).isEqualTo(8);

        assertThat(spec.apis().count()).isEqualTo(2);
        assertThat(spec.alerts().instanceType()).isEqualTo("t3.medium");
        assertThat(spec.database().port()).isEqualTo(3306);
        assertThat(spec.database().params()).isEqualTo("useUnicode=true&characterEncoding=UTF-8&useSSL=true");
        assertThat(spec.database().password()).contains(Secret.fromSecretsManager("ds/db"));
        assertThat(spec.registry().connectString()).isEqualTo("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181");
        assertThat(spec.registry().sessionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.registry().blockUntilConnected()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.storage()).hasValueSatisfying(s -> {
            assertThat(s.bucket()).isEqualTo("ds-resources");
            assertThat(s.prefix()).isEqualTo("/dolphinscheduler");
            assertThat(s.accessKeyId()).contains(Secret.fromSsmParameter("/ds/s3/access-key-id"));
            assertThat(s.secretAccessKey()).contains(Secret.fromEnv("DS_S3_SECRET"));
        });
        assertThat(spec.deployment().sshPrivateKeyFile()).contains(Path.of("/etc/ds-ec2/ops.pem"));
        assertThat(spec.deployment().jumpHost()).contains("ec2-user@bastion.example.com:22");
        assertThat(spec.deployment().jumpHostFingerprint()).contains("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
        assertThat(spec.deployment().parallelism()).isEqualTo(4);
        assertThat(spec.deployment().rollbackOnFailure()).isFalse();
        assertThat(spec.loadBalancer().enabled()).isTrue();
        assertThat(spec.loadBalancer().scheme()).isEqualTo(LoadBalancerScheme.INTERNET_FACING);
        assertThat(spec.loadBalancer().deregistrationDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.pythonGatewayEnabled()).isFalse();
        assertThat(spec.commonProperties()).containsExactly(Map.entry("sudo.enable", "true"));
    }

    @Test
    void loadsAMinimalFileWithDefaults() {
        ClusterSpec spec = DsCluster.fromYaml(fixture("minimal.yaml")).spec();

        assertThat(spec.nodeIds()).containsExactly("master-1", "master-2", "worker-1", "api-1", "alert-1");
        assertThat(spec.database().password()).contains(Secret.fromEnv("DS_DB_PASSWORD"));
        assertThat(spec.database().database()).isEqualTo("dolphinscheduler");
        assertThat(spec.deployment()).isEqualTo(DeploymentSpec.defaults());
        assertThat(spec.storage()).isEmpty();
        assertThat(spec.warnings()).extracting(Violation::path).containsExactly("storage",
                "service_config.api.admin_password");
    }

    @Test
    void unknownKeyIsReportedWithPathLineAndSuggestion() {
        String yaml = String.join("\n",
                "aws:",
                "  region: us-east-1",
                "  subnets: [subnet-a, subnet-b]",
                "  regoin: us-west-2",
                "cluster: {name: c1}",
                "database: {host: db, username: ds, password: {env: PW}}",
                "registry: {connect_string: 'zk:2181'}",
                "stroage: {}");
        InvalidClusterSpecException e = invalid(yaml);

        Violation typo = find(e, "aws.regoin");
        assertThat(typo.line()).isEqualTo(4);
        assertThat(typo.message()).contains("unknown key 'regoin'").contains("did you mean 'region'?");
        Violation section = find(e, "stroage");
        assertThat(section.line()).isEqualTo(8);
        assertThat(section.message()).contains("did you mean 'storage'?");
        assertThat(e.getMessage()).contains("aws.regoin (line 4): ERROR unknown key 'regoin'");
    }

    @Test
    void badSpecFailsOnceListingEveryProblemWithPathAndLine() {
        InvalidClusterSpecException e = null;
        try {
            DsCluster.fromYaml(fixture("bad.yaml"));
        } catch (InvalidClusterSpecException caught) {
            e = caught;
        }
        assertThat(e).as("bad.yaml must be rejected").isNotNull();

        assertThat(e.errors()).extracting(Violation::path).containsExactlyInAnyOrder(
                "cluster.master.instance_typ", "cluster.master.count", "aws.subnets", "database.host");
        assertThat(find(e, "cluster.master.count").line()).isEqualTo(11);
        assertThat(find(e, "cluster.master.count").message()).contains("at least 1, got 0");
        assertThat(find(e, "cluster.master.instance_typ").line()).isEqualTo(12);
        assertThat(find(e, "cluster.master.instance_typ").message()).contains("did you mean 'instance_type'?");
        assertThat(find(e, "aws.subnets").line()).isEqualTo(3);
        assertThat(find(e, "aws.subnets").message()).contains("all run in AZ us-east-1a");
        assertThat(find(e, "database.host").line()).isEqualTo(13);
        assertThat(find(e, "database.host").message()).contains("is required");
        for (String path : List.of("cluster.master.instance_typ", "cluster.master.count", "aws.subnets",
                "database.host")) {
            assertThat(e.getMessage()).contains(path + " (line ");
        }
        // the literal password is a warning, and its value is nowhere in the report
        assertThat(find(e, "database.password").isError()).isFalse();
        assertThat(e.getMessage()).doesNotContain("S3cr3t!");
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.toString()).doesNotContain("S3cr3t!"));
    }

    @Test
    void wrongTypesAreErrorsAtTheirLines() {
        String yaml = String.join("\n",
                "aws: {region: us-east-1, subnets: [subnet-a, subnet-b]}",
                "cluster:",
                "  name: c1",
                "  worker: {count: three}",
                "database: {host: db, username: ds, password: {env: PW}, port: [1]}",
                "registry: {connect_string: 'zk:2181', session_timeout: soon}",
                "jvm: {api: {xmx: lots}}");
        InvalidClusterSpecException e = invalid(yaml);

        assertThat(find(e, "cluster.worker.count").line()).isEqualTo(4);
        assertThat(find(e, "cluster.worker.count").message()).contains("whole number, got 'three'");
        assertThat(find(e, "database.port").message()).contains("single value");
        assertThat(find(e, "registry.session_timeout").message()).contains("duration such as 30s");
        assertThat(find(e, "jvm.api.xmx").line()).isEqualTo(7);
    }

    @Test
    void syntaxErrorsNameTheLineButNotTheText() {
        String yaml = "aws:\n  region: us-east-1\ndatabase:\n  password: \"S3cr3t!\n  host: [\n";
        InvalidClusterSpecException e = invalid(yaml);

        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("<yaml>");
            assertThat(v.line()).isPositive();
        });
        assertThat(e.getMessage()).doesNotContain("S3cr3t!");
    }

    @Test
    void emptyDocumentAndMissingFileAreReported() {
        assertThat(invalid("# nothing\n").getMessage()).contains("the document is empty");
        assertThatThrownBy(() -> DsCluster.fromYaml(Path.of("/nonexistent/cluster.yaml")))
                .isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("cannot read /nonexistent/cluster.yaml");
    }

    @Test
    void acceptsCommaSeparatedListsAndRejectsSelfReferencingConfig() {
        String ok = String.join("\n",
                "aws: {region: us-east-1, subnets: 'subnet-a, subnet-b'}",
                "cluster: {name: c1, master: {count: 2}}",
                "database: {host: db, username: ds, password: {file: /run/secrets/db}}",
                "registry: {servers: 'zk1:2181,zk2:2181,zk3:2181'}",
                "storage: {bucket: ds-res, access_key_id: {env: K}, secret_access_key: {env: S}}");
        ClusterSpec spec = DsCluster.fromYaml(ok, "ok.yaml").spec();
        assertThat(spec.aws().subnets()).containsExactly(SubnetSpec.of("subnet-a"), SubnetSpec.of("subnet-b"));
        assertThat(spec.registry().connectString()).isEqualTo("zk1:2181,zk2:2181,zk3:2181");
        assertThat(spec.database().password()).contains(Secret.fromFile(Path.of("/run/secrets/db")));
        assertThat(spec.warnings()).extracting(Violation::path).containsExactly("service_config.api.admin_password");

        String loop = ok + "\nservice_config:\n  worker: &w\n    nested: *w\n";
        assertThat(find(invalid(loop), "service_config.worker" + ".nested".repeat(17)).message())
                .contains("nested more than 16 levels");
    }

    @Test
    void duplicateKeysAndBothAliasesAreErrors() {
        String yaml = String.join("\n",
                "aws: {region: us-east-1, subnets: [subnet-a, subnet-b]}",
                "cluster: {name: c1, name: c2}",
                "database: {host: db, username: ds, password: {env: PW}}",
                "registry: {connect_string: 'zk:2181', servers: ['zk:2181']}");
        InvalidClusterSpecException e = invalid(yaml);

        assertThat(find(e, "cluster.name").message()).contains("given twice");
        assertThat(find(e, "registry.connect_string").message()).contains("not both");
    }
}
