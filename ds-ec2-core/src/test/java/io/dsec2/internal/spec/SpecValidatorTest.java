package io.dsec2.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    static ClusterSpec.Builder valid() {
        return ClusterSpec.builder().name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b").masters(2)
                .database(db -> db.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
                .registry(zk -> zk.connectString("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181"))
                .storage(s -> s.bucket("ds-resources").accessKeyId(Secret.fromEnv("K"))
                        .secretAccessKey(Secret.fromEnv("S"))).adminPassword(Secret.fromEnv("DS_ADMIN"));
    }

    static Optional<Violation> at(List<Violation> violations, String path) {
        return violations.stream().filter(v -> v.path().equals(path)).findFirst();
    }

    static Violation error(ClusterSpec.Builder b, String path) {
        Violation v = at(b.validate(), path).orElseThrow(() -> new AssertionError("no violation at " + path
                + ": " + b.validate()));
        assertThat(v.isError()).as(v.toString()).isTrue();
        return v;
    }

    @Test
    void validBaselineHasNoViolations() {
        assertThat(valid().validate()).isEmpty();
    }

    @Test
    void withoutAnAdminPasswordTheSpecWarnsThatThePublicDefaultStays() {
        Violation v = at(valid().noAdminPassword().validate(), "service_config.api.admin_password").orElseThrow();
        assertThat(v.isError()).isFalse();
        assertThat(v.message()).contains("public default password").contains("secret reference");
        assertThat(valid().adminPassword(Secret.literal("pw-7qZ")).validate()).filteredOn(Violation::isError)
                .singleElement().satisfies(e -> {
                    assertThat(e.path()).isEqualTo("service_config.api.admin_password");
                    assertThat(e.message()).contains("8 characters").doesNotContain("pw-7qZ");
                });
        assertThat(at(valid().adminPassword(Secret.literal("long-enough-password")).validate(),
                "service_config.api.admin_password")).hasValueSatisfying(w -> assertThat(w.message())
                .contains("literal secret"));
    }

    @Test
    void jumpHostFingerprintIsASha256FingerprintOfANamedJumpHost() {
        String fp = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
        assertThat(valid().deployment(d -> d.jumpHost("ec2-user@bastion:22").jumpHostFingerprint(fp)).validate())
                .isEmpty();
        assertThat(error(valid().deployment(d -> d.jumpHost("bastion").jumpHostFingerprint("MD5:12:34")),
                "deployment.jump_host_fingerprint").message()).contains("SHA256:", "ssh-keygen -l -E sha256");
        assertThat(error(valid().deployment(d -> d.jumpHostFingerprint(fp)), "deployment.jump_host_fingerprint")
                .message()).contains("deployment.jump_host is not");
    }

    @Test
    void clusterNameMustFitAwsResourceNames() {
        assertThat(error(valid().name("Analytics_1"), "cluster.name").message()).contains("1-24 characters");
        error(valid().name("a-very-long-cluster-name-xyz"), "cluster.name");
    }

    @Test
    void countsAreChecked() {
        error(valid().workers(0), "cluster.worker.count");
        error(valid().apis(0), "cluster.api.count");
        error(valid().alerts(-1), "cluster.alert.count");
        assertThat(at(valid().alerts(2).validate(), "cluster.alert.count")).hasValueSatisfying(v -> {
            assertThat(v.isError()).isFalse();
            assertThat(v.message()).contains("one active alert server");
        });
        assertThat(at(valid().alerts(0).validate(), "cluster.alert.count").orElseThrow().isError()).isFalse();
    }

    @Test
    void mastersNeedTwoSubnetsAndTwoKnownAzs() {
        assertThat(error(valid().subnets("subnet-a"), "aws.subnets").message()).contains("one subnet");
        assertThat(valid().subnets("subnet-a").masters(1).validate()).noneMatch(Violation::isError);
        error(valid().subnets(SubnetSpec.of("subnet-a", "us-east-1a"), SubnetSpec.of("subnet-b", "us-east-1a")),
                "aws.subnets");
        assertThat(valid().subnets(SubnetSpec.of("subnet-a", "us-east-1a"), SubnetSpec.of("subnet-b", "us-east-1b"))
                .validate()).isEmpty();
        assertThat(error(valid().masters(m -> m.subnets("subnet-a")), "cluster.master.subnets").message())
                .contains("one subnet");
        error(valid().subnets(SubnetSpec.of("subnet-a", "eu-west-1a"), SubnetSpec.of("subnet-b", "us-east-1b")),
                "aws.subnets[0].availability_zone");
    }

    @Test
    void databaseAndRegistryAreChecked() {
        error(valid().database(d -> d.port(70000)), "database.port");
        error(valid().database(d -> d.params("?useSSL=true")), "database.params");
        assertThat(error(valid().registry(r -> r.connectString("zk1:2181,zk2")), "registry.connect_string").message())
                .contains("'zk2' is not host:port");
        error(valid().registry(r -> r.sessionTimeout(Duration.ZERO)), "registry.session_timeout");
        error(valid().registry(r -> r.blockUntilConnected(Duration.ofSeconds(-1))), "registry.block_until_connected");
    }

    @Test
    void storageNeedsAValidBucketAndStaticCredentials() {
        error(valid().storage(s -> s.bucket("Bad_Bucket")), "storage.bucket");
        error(valid().storage(s -> s.bucket("192.168.1.1")), "storage.bucket");
        error(valid().storage(s -> s.prefix("relative")), "storage.upload_path");
        error(valid().storage(s -> s.endpoint("localhost:9000")), "storage.endpoint");
        ClusterSpec.Builder noKeys = valid().noStorage().storage(s -> s.bucket("ds-resources"));
        assertThat(error(noKeys, "storage.access_key_id").message()).contains("only static credentials");
        error(noKeys, "storage.secret_access_key");
    }

    @Test
    void cidrsAndIdsAreChecked() {
        error(valid().aws(a -> a.adminCidr("10.0.0.1")), "aws.admin_cidr");
        error(valid().aws(a -> a.adminCidr("10.0.0.300/32")), "aws.admin_cidr");
        // IPv6 is refused clearly before anything is created (the rules ds-ec2 writes are IPv4 only; issue 10)
        assertThat(error(valid().aws(a -> a.adminCidr("2001:db8::/32")), "aws.admin_cidr").message()).contains("IPv6");
        error(valid().aws(a -> a.apiAllowedCidrs(List.of("10.0.0.0/33"))), "aws.api_allowed_cidrs[0]");
        error(valid().aws(a -> a.vpcId("vpc")), "aws.vpc_id");
        error(valid().aws(a -> a.securityGroupIds(List.of("group-1"))), "aws.security_group_ids[0]");
        error(valid().region("useast1"), "aws.region");
    }

    @Test
    void heapMustFitTheInstanceAndBeOrdered() {
        assertThat(error(valid().workers(w -> w.instanceType("t3.medium").jvm(j -> j.heapMib(4096))), "jvm.worker.xmx")
                .message()).contains("does not fit t3.medium");
        assertThat(at(valid().workers(w -> w.instanceType("t3.medium")).validate(), "jvm.worker.xmx"))
                .as("an unset heap is sized for the instance").isEmpty();
        assertThat(at(valid().workers(w -> w.instanceType("m6i.large").jvm(j -> j.heapMib(7000))).validate(),
                "jvm.worker.xmx").orElseThrow().isError()).isFalse();
        error(valid().masters(m -> m.jvm(j -> j.xmsMib(4096).xmxMib(2048).xmnMib(512))), "jvm.master.xms");
        error(valid().masters(m -> m.jvm(j -> j.xmnMib(4096))), "jvm.master.xmn");
        error(valid().apis(a -> a.jvm(j -> j.extraOptions("UseG1GC"))), "jvm.api.extra_opts");
        error(valid().alerts(a -> a.rootVolumeSizeGib(4)), "cluster.alert.root_volume_size_gib");
    }

    @Test
    void workerGroupsNeedDistinctNamesAndPathsPointAtTheirEntry() {
        NodeGroupSpec gpu = NodeGroupSpec.builder(NodeRole.WORKER).name("gpu").count(0).build();
        ClusterSpec.Builder b = valid().addWorkerGroup(gpu).addWorkerGroup(gpu.copy(g -> g.count(1)));
        error(b, "cluster.worker_groups[0].count");
        error(b, "cluster.worker_groups[1].name");
        error(valid().addWorkerGroup(NodeGroupSpec.builder(NodeRole.API).name("x").build()), "cluster.worker_groups[0]");
    }

    @Test
    void deploymentSettingsAreChecked() {
        error(valid().deployment(d -> d.installPath("opt/ds")), "deployment.install_path");
        error(valid().deployment(d -> d.deployUser("Root User")), "deployment.user");
        error(valid().deployment(d -> d.dsVersion("3.2.1")), "deployment.version");
        error(valid().deployment(d -> d.packageSha512("abc")), "deployment.package_sha512");
        error(valid().deployment(d -> d.parallelism(0)), "deployment.parallelism");
        error(valid().deployment(d -> d.packageUrl(java.net.URI.create("ftp://x/y.tgz"))), "deployment.package_url");
    }

    @Test
    void loadBalancerNeedsTwoSubnetsAndSaneSettings() {
        error(valid().masters(1).subnets("subnet-a").loadBalancer(l -> l.enabled(true)), "aws.subnets");
        error(valid().loadBalancer(l -> l.enabled(true).subnets("subnet-x")), "service_config.api.load_balancer.subnets");
        error(valid().loadBalancer(l -> l.enabled(true).deregistrationDelay(Duration.ofHours(2))),
                "service_config.api.load_balancer.deregistration_delay");
        assertThat(at(valid().apis(2).validate(), "service_config.api.load_balancer.enabled")).isPresent();
    }

    @Test
    void plainTextSecretsInServiceConfigAreWarnings() {
        Violation v = at(valid().apis(a -> a.putConfig("api.python-gateway.auth-token", "x")).validate(),
                "service_config.api.api.python-gateway.auth-token").orElseThrow();
        assertThat(v.isError()).isFalse();
        assertThat(v.message()).contains("plain text");
    }

    @Test
    void enabledPythonGatewayWithoutTokenIsAWarning() {
        Violation v = at(valid().pythonGatewayEnabled(true).validate(),
                "service_config.api.python_gateway.auth_token").orElseThrow();
        assertThat(v.isError()).isFalse();
        assertThat(v.message()).contains("default, publicly known token");
        assertThat(valid().pythonGatewayEnabled(true).pythonGatewayToken(Secret.fromEnv("T")).validate()).isEmpty();
    }

    @Test
    void packageFileMustBeAReadableRegularFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path tgz = java.nio.file.Files.writeString(dir.resolve("ds.tar.gz"), "tarball");
        assertThat(at(valid().deployment(d -> d.packageFile(tgz)).validate(), "deployment.package_file")).isEmpty();
        assertThat(error(valid().deployment(d -> d.packageFile(dir.resolve("absent.tar.gz"))), "deployment.package_file")
                .message()).contains("absent.tar.gz").contains("no regular file");
        error(valid().deployment(d -> d.packageFile(dir)), "deployment.package_file");
    }
}
