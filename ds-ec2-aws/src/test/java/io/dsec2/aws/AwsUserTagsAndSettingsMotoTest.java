package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.SubnetPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The user's tags, root volume settings and load balancer settings on the resources {@link AwsProvisioner} and
 * {@link AwsLoadBalancer} create, and the tag updates of {@code config update}, against moto in server mode.
 */
class AwsUserTagsAndSettingsMotoTest {
    private static final String CLUSTER = "prod-t";
    private static final Map<String, String> TAGS = Map.of("Environment", "prod", "Owner", "data-platform");
    private static MotoAccount account;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-user-tags");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @BeforeEach
    void reset() {
        account.resetAndSetUp();
    }

    /**
     * moto 5.2.3 creates the root volume of RunInstances without the mapping's Iops and Throughput (and so refuses
     * io1/io2 there), so the request the SDK sends is what shows those; the volume shows type, size and tags.
     */
    @Test
    void instancesVolumesAndSecurityGroupsCarryTheUserTagsAndTheRootVolumeSettings() {
        List<RunInstancesRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof RunInstancesRequest r) {
                    sent.add(r);
                }
            }
        };
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(account.moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(MotoAccount.CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build();
             AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).ec2Client(ec2).build()) {
            NetworkResult net = aws.ensureNetwork(network().tags(TAGS).build());
            Map<String, String> workerTags = Map.of("Environment", "prod", "Owner", "etl", "Tier", "compute",
                    ClusterTags.CLUSTER, "someone-else");
            LaunchResult worker = aws.launch(request(aws, net, NodeRole.WORKER, 1, workerTags)
                    .rootVolumeSizeGib(100).rootVolume("gp3", 6000, 500).build());
            LaunchResult master = aws.launch(request(aws, net, NodeRole.MASTER, 1, TAGS)
                    .rootVolumeSizeGib(50).rootVolume("gp2", 0, 0).build());
            assertThat(sent).hasSize(2);
            assertThat(sent.get(0).blockDeviceMappings()).singleElement().satisfies(m -> {
                assertThat(m.ebs().volumeTypeAsString()).isEqualTo("gp3");
                assertThat(m.ebs().iops()).isEqualTo(6000);
                assertThat(m.ebs().throughput()).isEqualTo(500);
                assertThat(m.ebs().encrypted()).isTrue();
            });
            assertThat(sent.get(1).blockDeviceMappings()).singleElement().satisfies(m -> {
                assertThat(m.ebs().volumeTypeAsString()).isEqualTo("gp2");
                assertThat(m.ebs().iops()).isNull();
                assertThat(m.ebs().throughput()).isNull();
            });

            Map<String, String> wi = instanceTags(worker.instance().instanceId());
            assertThat(wi).containsEntry("Owner", "etl").containsEntry("Tier", "compute")
                    .containsEntry("Environment", "prod").containsEntry(ClusterTags.CLUSTER, CLUSTER);
            Volume wv = rootVolume(worker.instance().instanceId());
            assertThat(tags(wv.tags())).containsEntry("Owner", "etl").containsEntry("Tier", "compute")
                    .containsEntry(ClusterTags.CLUSTER, CLUSTER);
            assertThat(wv.volumeTypeAsString()).isEqualTo("gp3");
            assertThat(wv.size()).isEqualTo(100);
            Volume mv = rootVolume(master.instance().instanceId());
            assertThat(mv.volumeTypeAsString()).isEqualTo("gp2");
            assertThat(mv.size()).isEqualTo(50);
            assertThat(tags(mv.tags())).containsAllEntriesOf(TAGS);

            List<String> groups = new ArrayList<>();
            for (NodeRole role : NodeRole.values()) {
                groups.addAll(net.securityGroupIdsFor(role));
            }
            assertThat(groups).isNotEmpty();
            account.ec2.describeSecurityGroups(b -> b.groupIds(groups)).securityGroups().forEach(g ->
                    assertThat(tags(g.tags())).as(g.groupName()).containsAllEntriesOf(TAGS)
                            .containsEntry(ClusterTags.CLUSTER, CLUSTER).containsKey("Name"));
        }
    }

    @Test
    void updateTagsSetsAndRemovesOnlyTheUsersKeys() {
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).build()) {
            NetworkResult net = aws.ensureNetwork(network().tags(TAGS).build());
            LaunchResult worker = aws.launch(request(aws, net, NodeRole.WORKER, 1, TAGS).build());
            String id = worker.instance().instanceId();

            aws.updateTags(CLUSTER, "worker-1", Map.of("Environment", "staging", "Team", "bi"),
                    List.of("Owner", ClusterTags.NODE, "Name"));
            aws.updateTags(CLUSTER, null, Map.of("Environment", "staging"), List.of("Owner"));

            assertThat(instanceTags(id)).containsEntry("Environment", "staging").containsEntry("Team", "bi")
                    .doesNotContainKey("Owner").containsEntry(ClusterTags.NODE, "worker-1").containsKey("Name");
            assertThat(tags(rootVolume(id).tags())).containsEntry("Environment", "staging")
                    .containsEntry("Team", "bi").doesNotContainKey("Owner");
            account.ec2.describeSecurityGroups(b -> b.groupIds(net.securityGroupIdsFor(NodeRole.WORKER)))
                    .securityGroups().forEach(g -> assertThat(tags(g.tags())).containsEntry("Environment", "staging")
                            .doesNotContainKey("Owner").containsEntry(ClusterTags.CLUSTER, CLUSTER));
        }
    }

    @Test
    void loadBalancerListenerHealthCheckIdleTimeoutAndTags() {
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
             AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            NetworkResult net = aws.ensureNetwork(network().loadBalancerEnabled(true).loadBalancerPort(8080)
                    .tags(TAGS).build());
            LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId(CLUSTER).name(CLUSTER)
                    .vpcId(account.vpcId).subnetIds(account.subnetIds)
                    .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow()))
                    .listenerPort(8080).tags(TAGS).healthCheckPath("/dolphinscheduler/actuator/health/liveness")
                    .healthCheck(Duration.ofSeconds(20), Duration.ofSeconds(4), 3, 5)
                    .idleTimeout(Duration.ofSeconds(120)).build());

            TargetGroup tg = account.elb.describeTargetGroups(b -> b.targetGroupArns(info.targetGroupArn()))
                    .targetGroups().get(0);
            assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(20);
            assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(4);
            assertThat(tg.healthyThresholdCount()).isEqualTo(3);
            assertThat(tg.unhealthyThresholdCount()).isEqualTo(5);
            assertThat(tg.healthCheckPath()).isEqualTo("/dolphinscheduler/actuator/health/liveness");
            assertThat(account.elb.describeListeners(b -> b.loadBalancerArn(info.loadBalancerArn())).listeners())
                    .singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(8080));
            Map<String, String> attrs = account.elb.describeLoadBalancerAttributes(b -> b
                    .loadBalancerArn(info.loadBalancerArn())).attributes().stream()
                    .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
            assertThat(attrs).containsEntry("idle_timeout.timeout_seconds", "120");
            for (String arn : List.of(info.loadBalancerArn(), info.targetGroupArn(), info.listenerArn())) {
                assertThat(elbTags(arn)).as(arn).containsAllEntriesOf(TAGS).containsEntry(ClusterTags.CLUSTER, CLUSTER);
            }
            String albGroup = net.loadBalancerSecurityGroupId().orElseThrow();
            assertThat(account.ec2.describeSecurityGroups(b -> b.groupIds(albGroup)).securityGroups().get(0)
                    .ipPermissions()).anySatisfy(p -> assertThat(p.fromPort()).isEqualTo(8080));

            lb.updateTags(CLUSTER, CLUSTER, Map.of("Environment", "staging"), List.of("Owner", ClusterTags.CLUSTER));
            for (String arn : List.of(info.loadBalancerArn(), info.targetGroupArn(), info.listenerArn())) {
                assertThat(elbTags(arn)).as(arn).containsEntry("Environment", "staging").doesNotContainKey("Owner")
                        .containsEntry(ClusterTags.CLUSTER, CLUSTER);
            }
        }
    }

    private NetworkRequest.Builder network() {
        return NetworkRequest.builder().clusterId(CLUSTER).vpcId(account.vpcId)
                .adminCidrs(List.of("203.0.113.7/32")).apiCidrs(List.of("10.0.0.0/8"));
    }

    private static LaunchRequest.Builder request(AwsProvisioner aws, NetworkResult net, NodeRole role, int ordinal,
                                                 Map<String, String> tags) {
        List<SubnetInfo> subnets = aws.describeSubnets(account.subnetIds);
        String ami = aws.resolveAmi(aws.architectureOf("m6i.large"));
        return LaunchRequest.builder().clusterId(CLUSTER).nodeId(role.id() + "-" + ordinal).role(role)
                .ordinal(ordinal).subnetId(SubnetPlacement.subnetFor(subnets, role, ordinal))
                .instanceType("m6i.large").imageId(ami).securityGroupIds(net.securityGroupIdsFor(role))
                .tags(tags).runningTimeout(Duration.ofSeconds(30));
    }

    private static Map<String, String> instanceTags(String instanceId) {
        return tags(account.ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances()
                .get(0).tags());
    }

    private static Volume rootVolume(String instanceId) {
        List<Volume> vols = account.ec2.describeVolumes(b -> b.filters(Filter.builder()
                .name("attachment.instance-id").values(instanceId).build())).volumes();
        assertThat(vols).hasSize(1);
        return vols.get(0);
    }

    private static Map<String, String> elbTags(String arn) {
        return account.elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    private static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return tags.stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
