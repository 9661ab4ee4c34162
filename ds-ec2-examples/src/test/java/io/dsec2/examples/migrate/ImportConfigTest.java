package io.dsec2.examples.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ds-ec2 import-config --from dolphinscheduler-ec2-on-aws} on two configs written from that tool's
 * documentation (its config.example.yaml): the required sections only, and every section it describes.
 */
class ImportConfigTest {
    static Path fixture(String name) throws Exception {
        return Path.of(ImportConfigTest.class.getResource("/import/" + name).toURI());
    }

    static PredecessorImport.Result convert(String name) throws Exception {
        return PredecessorImport.convert(Files.readString(fixture(name)), name);
    }

    static ClusterSpec spec(PredecessorImport.Result r) {
        return DsCluster.fromYaml(r.yaml(), "imported.yaml").spec();
    }

    @Test
    void minimalConfigMapsEverySectionAndTurnsSecretsIntoEnvReferences() throws Exception {
        PredecessorImport.Result r = convert("minimal.yaml");
        ClusterSpec spec = spec(r);

        assertThat(spec.name()).isEqualTo("minimal");
        assertThat(spec.aws().region()).isEqualTo("eu-central-1");
        assertThat(spec.aws().vpcId()).contains("vpc-0aaa1111bbbb2222c");
        assertThat(spec.aws().subnets()).extracting(s -> s.id() + "@" + s.availabilityZone().orElse(""))
                .containsExactly("subnet-0aaa1111bbbb2222a@eu-central-1a", "subnet-0aaa1111bbbb2222b@eu-central-1b");
        assertThat(spec.aws().keyPairName()).contains("ops-key");
        assertThat(spec.aws().instanceProfile()).contains("DsNodeRole");
        assertThat(spec.nodeGroups()).allSatisfy(g -> assertThat(g.securityGroupIds())
                .containsExactly("sg-0aaa1111bbbb2222a"));
        assertThat(spec.masters().count()).isEqualTo(2);
        assertThat(spec.workerGroups().get(0).count()).isEqualTo(3);
        assertThat(spec.workerGroups().get(0).instanceType()).isEqualTo("m6i.2xlarge");
        assertThat(spec.alerts().instanceType()).isEqualTo("t3.medium");
        assertThat(spec.database().host()).isEqualTo("ds-meta.abcdefgh.eu-central-1.rds.amazonaws.com");
        assertThat(spec.database().username()).isEqualTo("dolphin");
        assertThat(spec.database().password()).contains(Secret.fromEnv(PredecessorImport.DB_PASSWORD_ENV));
        assertThat(spec.registry().connectString()).isEqualTo("10.1.1.21:2181,10.1.2.21:2181");
        assertThat(spec.storage()).hasValueSatisfying(s -> {
            assertThat(s.bucket()).isEqualTo("acme-ds-resources");
            assertThat(s.region()).isEqualTo("eu-central-1");
            assertThat(s.accessKeyId()).contains(Secret.fromEnv(PredecessorImport.S3_KEY_ENV));
            assertThat(s.secretAccessKey()).contains(Secret.fromEnv(PredecessorImport.S3_SECRET_ENV));
        });
        assertThat(spec.deployment().deployUser()).isEqualTo("dolphinscheduler");
        assertThat(spec.deployment().installPath()).isEqualTo("/opt/dolphinscheduler");

        assertThat(r.yaml()).doesNotContain("not-a-real-password-1");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("database.password: was plain text")
                .contains(PredecessorImport.DB_PASSWORD_ENV));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains(PredecessorImport.S3_KEY_ENV));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("cluster.name:").contains("'minimal'"));
        assertThat(r.unmapped()).extracting(PredecessorImport.Unmapped::path).containsExactly("storage.use_iam_role");
        assertThat(r.unmapped().get(0).reason()).contains("static credentials only");
        assertThat(DsCluster.fromYaml(r.yaml(), "imported.yaml").plan()).contains("cluster minimal in eu-central-1");
    }

    @Test
    void fullConfigMapsEveryKeyItCanAndListsTheRestWithReasons() throws Exception {
        PredecessorImport.Result r = convert("full.yaml");
        ClusterSpec spec = spec(r);

        assertThat(spec.name()).isEqualTo("analytics-prod");
        assertThat(spec.aws().tags()).containsExactly(Map.entry("Project", "Analytics_Prod"),
                Map.entry("Environment", "production"));
        assertThat(spec.masters().tags()).containsExactly(Map.entry("Component", "master"));
        assertThat(spec.workerGroups().get(0).tags()).containsExactly(Map.entry("Component", "worker"));
        assertThat(spec.masters().securityGroupIds()).containsExactly("sg-0bbb2222cccc3333a");
        assertThat(spec.alerts().securityGroupIds()).containsExactly("sg-0bbb2222cccc3333d");
        assertThat(spec.masters().count()).isEqualTo(3);
        assertThat(spec.workerGroups().get(0).count()).isEqualTo(6);
        NodeGroupSpec worker = spec.workerGroups().get(0);
        assertThat(worker.rootVolumeSizeGib()).isEqualTo(200);
        assertThat(worker.rootVolumeType()).isEqualTo("gp3");
        assertThat(spec.apis().rootVolumeType()).isEqualTo("gp2");
        assertThat(spec.alerts().rootVolumeSizeGib()).isEqualTo(30);
        // registry timeouts: milliseconds there
        assertThat(spec.registry().connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.registry().sessionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.registry().retryBaseSleep()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.registry().retryMaxSleep()).isEqualTo(Duration.ofSeconds(3));
        assertThat(spec.registry().retryMaxRetries()).isEqualTo(5);
        assertThat(spec.registry().connectString()).isEqualTo("10.2.1.10:2181,10.2.2.10:2181,10.2.3.10:2181");
        assertThat(spec.database().params()).isEqualTo("useUnicode=true&characterEncoding=UTF-8&useSSL=false");
        assertThat(spec.database().password()).contains(Secret.fromEnv(PredecessorImport.DB_PASSWORD_ENV));
        assertThat(spec.storage()).as("HDFS is not carried over").isEmpty();
        assertThat(spec.deployment().packageUrl().toString()).isEqualTo(
                "https://archive.apache.org/dist/dolphinscheduler/3.2.0/apache-dolphinscheduler-3.2.0-bin.tar.gz");
        assertThat(spec.deployment().parallelism()).isEqualTo(10);
        assertThat(spec.loadBalancer().enabled()).isTrue();
        assertThat(spec.loadBalancer().scheme()).isEqualTo(LoadBalancerScheme.INTERNET_FACING);
        assertThat(spec.loadBalancer().subnets()).containsExactly("subnet-0bbb2222cccc3333a", "subnet-0bbb2222cccc3333b");
        assertThat(spec.loadBalancer().listenerPort()).isEqualTo(80);
        assertThat(spec.loadBalancer().healthCheckPath()).isEqualTo("/dolphinscheduler/actuator/health");
        assertThat(spec.loadBalancer().healthCheckInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.loadBalancer().healthCheckTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.loadBalancer().healthyThreshold()).isEqualTo(2);
        assertThat(spec.loadBalancer().unhealthyThreshold()).isEqualTo(3);
        assertThat(spec.masters().config()).containsEntry("master.exec-threads", "150")
                .containsEntry("master.dispatch-task-number", "5").containsEntry("master.host-selector", "LowerWeight")
                .containsEntry("master.heartbeat-interval", "10s").containsEntry("master.task-commit-interval", "1s")
                .containsEntry("master.task-commit-retry-times", "5").containsEntry("master.max-cpu-load-avg", "-1")
                .containsEntry("master.reserved-memory", "0.3").doesNotContainKey("master.listen-port");
        assertThat(worker.config()).containsEntry("worker.exec-threads", "200")
                .containsEntry("worker.heartbeat-interval", "10s");
        assertThat(spec.apis().config()).containsEntry("server.servlet.session.timeout", "7200s");
        assertThat(spec.alerts().config()).containsEntry("alert.wait-timeout", "5000ms");
        assertThat(spec.masters().jvm().xmsMib()).isEqualTo(4096);
        assertThat(worker.jvm().xmxMib()).isEqualTo(8192);
        assertThat(spec.alerts().jvm().xmnMib()).isEqualTo(512);
        assertThat(spec.masters().jvm().extraOptions()).contains("-XX:MaxGCPauseMillis=200", "-XX:+UseG1GC");
        assertThat(r.yaml()).doesNotContain("not-a-real-password-2");

        assertThat(r.unmapped()).extracting(PredecessorImport.Unmapped::path).containsExactly(
                "storage.type", "storage.hdfs.namenode_host", "storage.hdfs.namenode_port", "storage.hdfs.upload_path",
                "storage.hdfs.user",
                "emr.master_host", "emr.master_user", "emr.master_key_file",
                "package_distribution.enabled", "package_distribution.s3.bucket", "package_distribution.s3.region",
                "package_distribution.s3.key", "package_distribution.s3.use_iam_role",
                "deployment.skip_system_update", "deployment.download_on_remote",
                "ec2_advanced.master.tags.Name", "ec2_advanced.worker.tags.Name", "ec2_advanced.api.tags.Name",
                "ec2_advanced.alert.tags.Name",
                "service_config.worker.exec_path",
                "advanced.s3_package.enabled", "advanced.s3_package.bucket", "advanced.s3_package.key",
                "advanced.s3_package.region", "advanced.logging.level", "advanced.logging.retention_days",
                "advanced.logging.path", "advanced.security.https_enabled", "advanced.security.ssl_cert_path",
                "advanced.security.ssl_key_path", "advanced.monitoring.prometheus_enabled",
                "advanced.monitoring.prometheus_port");
        assertThat(reason(r, "storage.hdfs.namenode_host")).contains("HDFS");
        assertThat(reason(r, "emr.master_host")).contains("EMR");
        assertThat(reason(r, "package_distribution.s3.key")).contains("package_url");
        assertThat(reason(r, "ec2_advanced.api.tags.Name")).contains("names each resource itself");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("cluster.name: project.name 'Analytics_Prod'"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("storage: left out"));
        String plan = DsCluster.fromYaml(r.yaml(), "imported.yaml").plan();
        assertThat(plan).contains("cluster analytics-prod in us-east-2", "200 GiB gp3 encrypted",
                "connection timeout 30 s, retry 5 times, 1 s to 3 s", "HTTP listener on 80");
    }

    @Test
    void theCliWritesTheSpecListsWhatItDroppedAndTheFileItWritesPlans(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cluster.yaml");
        int exit = DsEc2Cli.run("import-config", "--from", "dolphinscheduler-ec2-on-aws", fixture("full.yaml").toString(),
                "-o", out.toString());

        assertThat(exit).isEqualTo(DsEc2Cli.OK);
        String written = Files.readString(out);
        assertThat(written).isEqualTo(convert("full.yaml").yaml().replace("full.yaml", fixture("full.yaml").toString()));
        assertThat(written).contains("# Not carried over:", "#   - emr.master_host: ds-ec2 does not manage EMR");
        assertThat(DsEc2Cli.run("plan", "-f", out.toString())).isEqualTo(DsEc2Cli.OK);
        assertThat(DsEc2Cli.run("import-config", "--from", "some-other-tool", fixture("full.yaml").toString(),
                "-o", dir.resolve("x.yaml").toString())).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(dir.resolve("x.yaml")).doesNotExist();
    }

    @Test
    void anImportThatDoesNotPlanExitsTwoAfterWritingTheFile(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("config.yaml");
        Files.writeString(source, Files.readString(fixture("minimal.yaml"))
                .replace("  host: ds-meta.abcdefgh.eu-central-1.rds.amazonaws.com\n", ""));
        Path out = dir.resolve("cluster.yaml");

        int exit = DsEc2Cli.run("import-config", "--from", "dolphinscheduler-ec2-on-aws", source.toString(),
                "-o", out.toString());

        assertThat(exit).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(out).exists();
        assertThat(Files.readString(out)).doesNotContain("host: ds-meta");
    }

    @Test
    void unitsAndNamesConvert() {
        assertThat(PredecessorImport.millis(30000)).isEqualTo("30000ms");
        assertThat(PredecessorImport.millis("9s")).isEqualTo("9s");
        assertThat(PredecessorImport.seconds(30)).isEqualTo("30s");
        assertThat(PredecessorImport.clusterName("DolphinScheduler_Prod.Cluster-EU-West")).isEqualTo(
                "dolphinscheduler-prod-cl");
        assertThat(PredecessorImport.clusterName("123")).isEqualTo("ds-cluster");
        assertThat(List.of(PredecessorImport.clusterName("a--b-"))).containsExactly("a--b");
    }

    private static String reason(PredecessorImport.Result r, String path) {
        return r.unmapped().stream().filter(u -> u.path().equals(path)).findFirst().orElseThrow().reason();
    }
}
