package io.dsec2.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dsec2.DsCluster;
import io.dsec2.exception.ProvisioningException;
import io.dsec2.model.Secret;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.TerminateRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * validate() with a provisioner written for the test (as a user with their own cloud SPI would wire it): findings,
 * paths, suppression, "not checked" for what the SPI cannot answer. Every address used is on loopback.
 */
class ValidateOptionsAndReportTest {
    /**
     * Knows subnet-a (us-east-1a) and subnet-c (us-east-1b) in vpc-1, subnet-b (us-east-1c) in vpc-2, security
     * group sg-1 in vpc-1; us-east-1c offers t3.medium only.
     */
    static final class Cloud implements Provisioner {
        @Override
        public List<SubnetInfo> describeSubnets(List<String> ids) {
            return ids.stream().map(id -> switch (id) {
                case "subnet-a" -> SubnetInfo.of(id, "us-east-1a", "vpc-1", "10.0.1.0/24");
                case "subnet-c" -> SubnetInfo.of(id, "us-east-1b", "vpc-1", "10.0.2.0/24");
                case "subnet-b" -> SubnetInfo.of(id, "us-east-1c", "vpc-2", "10.1.1.0/24");
                default -> throw new ProvisioningException("subnet " + id + " does not exist");
            }).toList();
        }

        @Override
        public Map<String, String> securityGroupVpcs(List<String> groupIds) {
            return groupIds.contains("sg-1") ? Map.of("sg-1", "vpc-1") : Map.of();
        }

        @Override
        public Set<String> instanceTypesOffered(String az) {
            return az.equals("us-east-1c") ? Set.of("t3.medium") : Set.of("t3.medium", "m6i.large", "m6i.xlarge");
        }

        @Override
        public String callerIdentity() {
            return "arn:aws:iam::111122223333:user/test";
        }

        @Override
        public String architectureOf(String instanceType) {
            return "x86_64";
        }

        @Override
        public String resolveAmi(String architecture) {
            return "ami-123";
        }

        @Override
        public List<CloudInstance> describe(DescribeRequest request) {
            throw new AssertionError("validate must not list instances");
        }

        @Override
        public LaunchResult launch(LaunchRequest request) {
            throw new AssertionError("validate must not launch");
        }

        @Override
        public void terminate(TerminateRequest request) {
            throw new AssertionError("validate must not terminate");
        }

        @Override
        public NetworkResult ensureNetwork(NetworkRequest request) {
            throw new AssertionError("validate must not create groups");
        }

        @Override
        public void deleteNetwork(DeleteNetworkRequest request) {
            throw new AssertionError("validate must not delete groups");
        }

        @Override
        public void close() {
        }
    }

    static DsCluster.Builder cluster(String... subnets) {
        return DsCluster.builder().name("checks").region("us-east-1").subnets(subnets)
                .aws(a -> a.securityGroupIds(List.of("sg-1")))
                .masters(2).workers(w -> w.count(1).instanceType("t3.medium")).apis(1).alerts(1)
                .database(db -> db.mysql("127.0.0.1", 1, "dolphinscheduler").username("ds")
                        .password(Secret.fromEnv("DS_EC2_VALIDATE_TEST_UNSET_VARIABLE")))
                .registry(zk -> zk.connectString("127.0.0.1:1"))
                .deployment(d -> d.packageUrl(URI.create("http://127.0.0.1:1/apache-dolphinscheduler-3.2.0-bin.tar.gz"))
                        .packageSha512("ab".repeat(64)).mysqlDriverUrl(URI.create("http://127.0.0.1:1/driver.jar")))
                .provisioner(new Cloud());
    }

    static ValidateOptions quick(String... suppress) {
        return ValidateOptions.builder().checkTimeout(Duration.ofSeconds(1)).suppress(suppress).build();
    }

    @Test
    void eachProblemIsItsOwnFindingWithPathAndFix() {
        ValidationReport r = cluster("subnet-a", "subnet-x", "subnet-b").build().validate(quick());
        assertThat(r.passed()).isFalse();
        assertThat(r.errors()).extracting(Finding::id, Finding::path).containsExactlyInAnyOrder(
                tuple("aws.subnets.exist", "aws.subnets[1]"),
                tuple("aws.subnets.vpc", "aws.subnets[2]"),
                tuple("aws.instance_types.offered", "cluster.master.instance_type"),
                tuple("aws.instance_types.offered", "cluster.api.instance_type"),
                tuple("aws.instance_types.offered", "cluster.alert.instance_type"),
                tuple("secrets.resolve", "database.password"),
                tuple("registry.connect", "registry.connect_string"));
        assertThat(r.errors()).allMatch(f -> f.message().contains("Fix:"));
        // what this SPI cannot answer is reported as not checked, never as an error
        assertThat(r.infos()).extracting(Finding::id).contains("aws.dry_run", "aws.region", "database.connect");
        assertThat(r.infos()).filteredOn(f -> f.id().equals("aws.dry_run")).extracting(Finding::message)
                .containsExactly("not checked: the endpoint does not support dry runs");
        assertThat(r.warnings()).extracting(Finding::id).contains("deployment.package_url");
    }

    @Test
    void suppressedIdsDisappearAndTheRestStays() {
        ValidationReport r = cluster("subnet-a", "subnet-c").build().validate(quick("registry.connect",
                "secrets.resolve"));
        assertThat(r.findings()).extracting(Finding::id).doesNotContain("registry.connect", "secrets.resolve")
                .contains("aws.identity");
        assertThat(r.errors()).isEmpty();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void offlineRunsOnlyTheSpecRules() {
        ValidationReport r = DsCluster.builder().name("solo").region("us-east-1").subnets("subnet-a").masters(1)
                .workers(1).apis(1).database(db -> db.mysql("127.0.0.1", 1, "ds").username("ds").password(Secret.literal("x")))
                .registry(zk -> zk.connectString("127.0.0.1:1")).build()
                .validate(ValidateOptions.builder().online(false).build());
        assertThat(r.findings()).isNotEmpty().allMatch(f -> f.id().equals("spec.rules"));
        assertThat(r.warnings()).extracting(Finding::path).contains("cluster.master.count");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void reportOrdersByLevelAndOptionsRejectNonsense() {
        ValidationReport r = ValidationReport.of(List.of(Finding.of("b", Finding.Level.INFO, "x", "m"),
                Finding.of("a", Finding.Level.ERROR, "y", "m"), Finding.of("c", Finding.Level.WARNING, "z", "m")));
        assertThat(r.findings()).extracting(Finding::level).containsExactly(Finding.Level.ERROR,
                Finding.Level.WARNING, Finding.Level.INFO);
        assertThat(r.passed()).isFalse();
        assertThatThrownBy(() -> ValidateOptions.builder().checkTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ValidateOptions.builder().suppress(" a ", "", "b").build().suppressed())
                .containsExactlyInAnyOrder("a", "b");
    }
}
