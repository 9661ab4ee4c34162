package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeleteOptions;
import io.dsec2.model.DeleteResult;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.SecretResolver;
import io.dsec2.spi.SubnetInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster is its name within its VPC: delete finds only what is in the spec's VPC, and stops before touching anything
 * when it cannot tell which VPC that is. The provisioner fake answers like AWS: a region-wide describe also returns a
 * same-named cluster's instance in another VPC.
 */
class DeleteOperationVpcTest {
    @TempDir
    Path dir;

    private final Provisioner cloud = mock(Provisioner.class);

    private final CloudInstance twin = CloudInstance.builder().instanceId("i-0other").nodeId("master-1")
            .role(NodeRole.MASTER).ordinal(1).state("running").privateIp("10.30.1.5").subnetId("subnet-other")
            .availabilityZone("us-east-1a").instanceType("m6i.large").imageId("ami-1").launchTime(Instant.EPOCH)
            .build();

    private Settings settings() {
        when(cloud.describe(any())).thenAnswer(inv -> {
            DescribeRequest r = inv.getArgument(0);
            return r.vpcId().isEmpty() || r.vpcId().get().equals("vpc-other") ? List.of(twin) : List.of();
        });
        Settings s = new Settings();
        s.provisioner = cloud;
        s.loadBalancer = mock(LoadBalancer.class);
        s.remoteExecutor = mock(RemoteExecutor.class);
        SecretResolver secrets = mock(SecretResolver.class);
        when(secrets.resolve(any())).thenReturn("pw");
        s.secretResolver = secrets;
        s.stateDirectory = dir;
        return s;
    }

    private static ClusterSpec spec() {
        return ClusterSpec.builder().name("twin").region("us-east-1").subnets("subnet-a").masters(1)
                .database(db -> db.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
                .registry(zk -> zk.connectString("10.0.1.10:2181")).build();
    }

    @Test
    void aSameNamedClusterInAnotherVpcIsNotDeleted() {
        Settings s = settings();
        when(cloud.describeSubnets(List.of("subnet-a")))
                .thenReturn(List.of(SubnetInfo.of("subnet-a", "us-east-1a", "vpc-mine", "10.20.1.0/24")));
        DeleteResult r = new DeleteOperation(spec(), s, DeleteOptions.builder().confirmed(true).build()).run();
        assertThat(r.instancesTerminated()).isEmpty();
        assertThat(r.serversStopped()).isEmpty();
        verify(cloud, never()).terminate(any());
        verify(cloud, atLeastOnce()).describe(DescribeRequest.builder().clusterId("twin").vpcId("vpc-mine").build());
        verify(cloud, never()).describe(DescribeRequest.builder().clusterId("twin").build());
    }

    @Test
    void aDeleteThatCannotTellTheVpcTouchesNothing() {
        Settings s = settings();
        when(cloud.describeSubnets(List.of("subnet-a"))).thenReturn(List.of());
        assertThatThrownBy(() -> new DeleteOperation(spec(), s, DeleteOptions.builder().confirmed(true).build()).run())
                .isInstanceOf(DsEc2Exception.class).hasMessageContaining("aws.vpc_id").hasMessageContaining("subnet-a");
        verify(cloud, never()).terminate(any());
        verify(cloud, never()).deleteNetwork(any());
    }
}
