package io.dsec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.Violation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DsClusterBuilderTest {

    static DsCluster.Builder design() {
        return DsCluster.builder()
                .name("analytics").region("us-east-1")
                .subnets("subnet-a", "subnet-b")
                .masters(3).workers(w -> w.count(6).instanceType("m6i.xlarge")).apis(2).alerts(1)
                .database(db -> db.mysql("analytics.cluster-x.rds.amazonaws.com", 3306, "dolphinscheduler")
                        .username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(zk -> zk.connectString("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181"))
                .storage(s3 -> s3.bucket("ds-resources").prefix("/dolphinscheduler")
                        .accessKeyId(Secret.fromSsmParameter("/ds/s3/key-id"))
                        .secretAccessKey(Secret.fromSsmParameter("/ds/s3/secret")))
                .loadBalancer(alb -> alb.enabled(true))
                .spec(s -> s.adminPassword(Secret.fromSecretsManager("ds/admin")));
    }

    @Test
    void designExampleBuildsWithDefaultsFilledIn() {
        ClusterSpec spec = design().build().spec();

        assertThat(spec.name()).isEqualTo("analytics");
        assertThat(spec.aws().region()).isEqualTo("us-east-1");
        assertThat(spec.aws().subnets()).containsExactly(SubnetSpec.of("subnet-a"), SubnetSpec.of("subnet-b"));
        assertThat(spec.masters().count()).isEqualTo(3);
        assertThat(spec.workerGroups()).hasSize(1);
        assertThat(spec.workerGroups().get(0).name()).isEqualTo("default");
        assertThat(spec.workerGroups().get(0).instanceType()).isEqualTo("m6i.xlarge");
        assertThat(spec.count(NodeRole.WORKER)).isEqualTo(6);
        assertThat(spec.count(NodeRole.API)).isEqualTo(2);
        assertThat(spec.database().type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(spec.database().jdbcUrl()).isEqualTo("jdbc:mysql://analytics.cluster-x.rds.amazonaws.com:3306/"
                + "dolphinscheduler?useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED");
        assertThat(spec.registry().namespace()).isEqualTo("dolphinscheduler");
        assertThat(spec.registry().blockUntilConnected()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.storage()).hasValueSatisfying(s -> assertThat(s.bucket()).isEqualTo("ds-resources"));
        assertThat(spec.loadBalancer().enabled()).isTrue();
        assertThat(spec.loadBalancer().deregistrationDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.loadBalancer().healthCheckPath()).isEqualTo("/dolphinscheduler/actuator/health");
        assertThat(spec.deployment().installPath()).isEqualTo("/opt/dolphinscheduler");
        assertThat(spec.deployment().rollbackOnFailure()).isTrue();
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void nodeIdsAreRoleDashOrdinalFromOneAcrossWorkerGroups() {
        ClusterSpec spec = design().masters(2).workers(2).apis(1).alerts(1)
                .addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("gpu").count(1).build())
                .build().spec();

        assertThat(spec.nodeIds()).containsExactly("master-1", "master-2", "worker-1", "worker-2", "worker-3",
                "api-1", "alert-1");
        assertThat(spec.nodeGroups()).extracting(NodeGroupSpec::name)
                .containsExactly("master", "default", "gpu", "api", "alert");
    }

    @Test
    void toBuilderRoundTripsToAnEqualSpecAndCopyChangesOnlyWhatItSays() {
        ClusterSpec spec = design().masters(m -> m.jvm(j -> j.heapMib(6144)).putConfig("master.exec-threads", "200"))
                .build().spec();

        ClusterSpec again = spec.toBuilder().build();
        assertThat(again).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(again.toString()).isEqualTo(spec.toString());

        ClusterSpec bigger = spec.copy(b -> b.workers(10));
        assertThat(bigger.count(NodeRole.WORKER)).isEqualTo(10);
        assertThat(bigger.masters()).isEqualTo(spec.masters());
        assertThat(bigger).isNotEqualTo(spec);
        assertThat(spec.count(NodeRole.WORKER)).isEqualTo(6);
    }

    @Test
    void specCanBeHandedToTheClusterBuilder() {
        ClusterSpec spec = design().build().spec();
        assertThat(DsCluster.builder().spec(spec).build().spec()).isEqualTo(spec);
    }

    @Test
    void singleMasterBuildsWithAWarning() {
        ClusterSpec spec = design().masters(1).build().spec();
        assertThat(spec.warnings()).extracting(Violation::path).contains("cluster.master.count");
        assertThat(spec.warnings()).allMatch(v -> !v.isError());
    }

    @Test
    void emptyBuilderReportsEveryRequiredSettingAtOnce() {
        assertThatThrownBy(() -> DsCluster.builder().build())
                .isInstanceOf(InvalidClusterSpecException.class)
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(((InvalidClusterSpecException) e).errors()).extracting(Violation::path)
                        .contains("cluster.name", "aws.region", "aws.subnets", "database.host", "database.username",
                                "database.password", "registry.connect_string"));
    }

    @Test
    void settersRejectNullWithTheArgumentName() {
        assertThatThrownBy(() -> ClusterSpec.builder().name(null))
                .isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
    }
}
