package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.SubnetPlacement;
import io.dsec2.spi.TerminateRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;

/** {@link AwsProvisioner} against moto in server mode, configured as a user would (endpoint override). */
class AwsProvisionerMotoTest {
    private static final String CLUSTER = "prod-a";
    private static MotoAccount account;
    private AwsProvisioner aws;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-provisioner");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @BeforeEach
    void setUp() {
        account.resetAndSetUp();
        aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void launchesNodesAcrossZonesWithTagsImdsV2EncryptedGp3ProfileAndKey() {
        NetworkResult net = aws.ensureNetwork(network().build());
        List<LaunchResult> results = launchSet(net, 40);

        assertThat(results).noneMatch(LaunchResult::adopted);
        List<CloudInstance> live = aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build());
        assertThat(live).hasSize(6);
        Map<NodeRole, List<CloudInstance>> byRole = live.stream().collect(Collectors.groupingBy(CloudInstance::role));
        assertThat(byRole.get(NodeRole.MASTER).stream().map(CloudInstance::availabilityZone).distinct().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(byRole.get(NodeRole.WORKER).stream().map(CloudInstance::availabilityZone).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(live).allSatisfy(i -> assertThat(i.privateIp()).startsWith("10.20."));

        for (CloudInstance ci : live) {
            Instance raw = account.ec2.describeInstances(b -> b.instanceIds(ci.instanceId())).reservations().get(0)
                    .instances().get(0);
            Map<String, String> tags = raw.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            assertThat(tags).containsEntry(ClusterTags.CLUSTER, CLUSTER)
                    .containsEntry(ClusterTags.ROLE, ci.role().id())
                    .containsEntry(ClusterTags.ORDINAL, Integer.toString(ci.ordinal()))
                    .containsEntry(ClusterTags.NODE, ci.role().id() + "-" + ci.ordinal())
                    .containsEntry(ClusterTags.MANAGED_BY, "ds-ec2")
                    .containsEntry("Name", CLUSTER + "-" + ci.role().id() + "-" + ci.ordinal());
            assertThat(raw.metadataOptions().httpTokensAsString()).isEqualTo("required");
            assertThat(raw.keyName()).isEqualTo(MotoAccount.KEY_NAME);
            assertThat(raw.iamInstanceProfile().arn()).endsWith("/" + MotoAccount.PROFILE_NAME);
            assertThat(raw.securityGroups()).extracting(g -> g.groupId())
                    .containsExactlyElementsOf(net.securityGroupIdsFor(ci.role()));
            List<Volume> vols = account.ec2.describeVolumes(b -> b.filters(
                    Filter.builder().name("attachment.instance-id").values(ci.instanceId()).build())).volumes();
            assertThat(vols).hasSize(1);
            Volume v = vols.get(0);
            assertThat(v.size()).isEqualTo(40);
            assertThat(v.volumeTypeAsString()).isEqualTo("gp3");
            assertThat(v.encrypted()).isTrue();
            assertThat(raw.blockDeviceMappings()).singleElement().satisfies(m -> {
                assertThat(m.deviceName()).isEqualTo(raw.rootDeviceName());
                assertThat(m.ebs().volumeId()).isEqualTo(v.volumeId());
                assertThat(m.ebs().deleteOnTermination()).isTrue();
            });
            assertThat(v.tags()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo(ClusterTags.CLUSTER);
                assertThat(t.value()).isEqualTo(CLUSTER);
            });
        }
    }

    @Test
    void relaunchWithTheSameNodeIdsAdoptsInsteadOfDuplicating() {
        NetworkResult net = aws.ensureNetwork(network().build());
        List<LaunchResult> first = launchSet(net, 30);
        List<LaunchResult> second = launchSet(net, 30);

        assertThat(second).allMatch(LaunchResult::adopted);
        assertThat(second.stream().map(r -> r.instance().instanceId()).toList())
                .isEqualTo(first.stream().map(r -> r.instance().instanceId()).toList());
        int total = account.ec2.describeInstances(b -> b.filters(Filter.builder().name("vpc-id")
                .values(account.vpcId).build())).reservations().stream().mapToInt(r -> r.instances().size()).sum();
        assertThat(total).isEqualTo(6);

        String stopped = first.get(2).instance().instanceId();
        account.ec2.stopInstances(b -> b.instanceIds(stopped));
        LaunchResult third = aws.launch(request(net, subnets(), NodeRole.WORKER, 1, 30));
        assertThat(third.adopted()).isTrue();
        assertThat(third.instance().instanceId()).isEqualTo(stopped);
        assertThat(third.instance().state()).isEqualTo("stopped");
    }

    @Test
    void aSameNamedNodeInAnotherVpcIsNotAdopted() {
        NetworkResult netA = aws.ensureNetwork(network().build());
        LaunchResult inA = aws.launch(request(netA, subnets(), NodeRole.MASTER, 1, 30));
        String vpcB = account.ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String subnetB = account.ec2.createSubnet(b -> b.vpcId(vpcB).cidrBlock("10.30.1.0/24")
                .availabilityZone("us-east-1a")).subnet().subnetId();
        NetworkResult netB = aws.ensureNetwork(network().vpcId(vpcB).build());

        // the same cluster name and node id, launched into the other VPC: a different cluster, never adopted
        LaunchResult inB = aws.launch(request(netB, aws.describeSubnets(List.of(subnetB)), NodeRole.MASTER, 1, 30));
        assertThat(inB.adopted()).isFalse();
        assertThat(inB.instance().instanceId()).isNotEqualTo(inA.instance().instanceId());
        assertThat(inB.instance().privateIp()).startsWith("10.30.");
        assertThat(aws.launch(request(netB, aws.describeSubnets(List.of(subnetB)), NodeRole.MASTER, 1, 30)).adopted())
                .as("but re-launching into the same VPC adopts").isTrue();

        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).vpcId(vpcB).build()))
                .extracting(CloudInstance::instanceId).containsExactly(inB.instance().instanceId());
        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).vpcId(account.vpcId).build()))
                .extracting(CloudInstance::instanceId).containsExactly(inA.instance().instanceId());
        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build())).as("no VPC: the whole region")
                .hasSize(2);
    }

    @Test
    void terminateWaitsAndToleratesInstancesThatAreAlreadyGone() {
        NetworkResult net = aws.ensureNetwork(network().build());
        List<LaunchResult> launched = launchSet(net, 30);
        String victim = launched.get(5).instance().instanceId();
        TerminateRequest req = TerminateRequest.builder().clusterId(CLUSTER).instanceIds(List.of(victim))
                .waitTimeout(Duration.ofSeconds(30)).build();

        aws.terminate(req);
        aws.terminate(req);
        aws.terminate(req.copy(b -> b.instanceIds(List.of("i-0123456789abcdef0"))));

        assertThat(account.ec2.describeInstances(b -> b.instanceIds(victim)).reservations().get(0).instances().get(0)
                .state().nameAsString()).isEqualTo("terminated");
        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build())).hasSize(5)
                .noneMatch(i -> i.instanceId().equals(victim));
        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).terminatedIncluded(true).build()))
                .hasSize(6);
        // after termination the node is launched anew, not adopted
        LaunchResult again = aws.launch(request(net, subnets(), NodeRole.API, 1, 30));
        assertThat(again.adopted()).isFalse();
        assertThat(again.instance().instanceId()).isNotEqualTo(victim);
    }

    @Test
    void terminateRefusesInstancesOfAnotherCluster() {
        NetworkResult net = aws.ensureNetwork(network().build());
        LaunchResult other = aws.launch(request(net, subnets(), NodeRole.WORKER, 1, 30)
                .copy(b -> b.clusterId("other")));

        assertThatThrownBy(() -> aws.terminate(TerminateRequest.builder().clusterId(CLUSTER)
                .instanceIds(List.of(other.instance().instanceId())).build()))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("does not belong to this cluster");
        assertThat(aws.describe(DescribeRequest.builder().clusterId("other").build())).hasSize(1);
    }

    @Test
    void createsLeastPrivilegeGroupsAdoptsThemAndDeletesThem() {
        NetworkRequest req = network().loadBalancerEnabled(true).build();
        NetworkResult net = aws.ensureNetwork(req);
        String master = net.securityGroupIdsFor(NodeRole.MASTER).get(0);
        String worker = net.securityGroupIdsFor(NodeRole.WORKER).get(0);
        String api = net.securityGroupIdsFor(NodeRole.API).get(0);
        String alert = net.securityGroupIdsFor(NodeRole.ALERT).get(0);
        String alb = net.loadBalancerSecurityGroupId().orElseThrow();
        assertThat(net.createdSecurityGroupIds()).containsExactlyInAnyOrder(master, worker, api, alert, alb);

        String admin = "203.0.113.7/32";
        assertThat(rules(master)).containsExactlyInAnyOrder("5678<" + worker, "22<" + admin, "5679<" + admin,
                "18080<" + master, "18080<" + worker, "18080<" + api, "18080<" + alert);
        assertThat(rules(worker)).containsExactlyInAnyOrder("1234<" + master, "1234<" + api, "22<" + admin,
                "1235<" + admin);
        assertThat(rules(alert)).containsExactlyInAnyOrder("50052<" + worker, "50052<" + api, "22<" + admin,
                "50053<" + admin);
        assertThat(rules(api)).containsExactlyInAnyOrder("12345<" + alb, "22<" + admin, "12345<" + admin);
        assertThat(rules(alb)).containsExactlyInAnyOrder("80<10.0.0.0/8");

        NetworkResult again = aws.ensureNetwork(req);
        assertThat(again.createdSecurityGroupIds()).isEmpty();
        assertThat(again.securityGroupIds()).isEqualTo(net.securityGroupIds());
        assertThat(rules(worker)).hasSize(4);
        assertThat(rules(master)).hasSize(7);

        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, account.vpcId, Duration.ofSeconds(10)));
        assertThat(account.ec2.describeSecurityGroups(b -> b.filters(
                Filter.builder().name("vpc-id").values(account.vpcId).build(),
                Filter.builder().name("tag:" + ClusterTags.CLUSTER).values(CLUSTER).build())).securityGroups())
                .isEmpty();
        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, account.vpcId, Duration.ZERO));
    }

    @Test
    void narrowingTheCidrsRevokesTheRulesTheSpecNoLongerHasAndRulesAddedByHand() {
        NetworkRequest wide = network().adminCidrs(List.of("0.0.0.0/0")).apiCidrs(List.of("0.0.0.0/0")).build();
        NetworkResult net = aws.ensureNetwork(wide);
        String master = net.securityGroupIdsFor(NodeRole.MASTER).get(0);
        String worker = net.securityGroupIdsFor(NodeRole.WORKER).get(0);
        String api = net.securityGroupIdsFor(NodeRole.API).get(0);
        assertThat(rules(api)).contains("22<0.0.0.0/0", "12345<0.0.0.0/0");
        // by hand: a port range and all traffic, which ds-ec2 never writes
        account.ec2.authorizeSecurityGroupIngress(b -> b.groupId(worker).ipPermissions(
                software.amazon.awssdk.services.ec2.model.IpPermission.builder().ipProtocol("tcp").fromPort(8000)
                        .toPort(9000).ipRanges(software.amazon.awssdk.services.ec2.model.IpRange.builder()
                                .cidrIp("0.0.0.0/0").build()).build(),
                software.amazon.awssdk.services.ec2.model.IpPermission.builder().ipProtocol("-1")
                        .ipRanges(software.amazon.awssdk.services.ec2.model.IpRange.builder().cidrIp("198.51.100.0/24")
                                .build()).build()));

        NetworkResult narrowed = aws.ensureNetwork(network().build());

        assertThat(narrowed.securityGroupIds()).isEqualTo(net.securityGroupIds());
        String admin = "203.0.113.7/32";
        assertThat(rules(api)).containsExactlyInAnyOrder("12345<10.0.0.0/8", "22<" + admin, "12345<" + admin);
        assertThat(rules(master)).containsExactlyInAnyOrder("5678<" + worker, "22<" + admin, "5679<" + admin,
                "18080<" + master, "18080<" + worker, "18080<" + api,
                "18080<" + net.securityGroupIdsFor(NodeRole.ALERT).get(0));
        assertThat(account.ec2.describeSecurityGroups(b -> b.groupIds(worker)).securityGroups().get(0).ipPermissions())
                .as("only ds-ec2's single-port TCP rules are left")
                .allMatch(p -> "tcp".equals(p.ipProtocol()) && p.fromPort().equals(p.toPort()));
        assertThat(rules(worker)).containsExactlyInAnyOrder("1234<" + master, "1234<" + api, "22<" + admin,
                "1235<" + admin);
        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, account.vpcId, Duration.ofSeconds(10)));
    }

    @Test
    void withoutLoadBalancerTheApiIsOpenOnlyToTheApiCidrs() {
        NetworkResult net = aws.ensureNetwork(network().build());
        assertThat(net.loadBalancerSecurityGroupId()).isEmpty();
        assertThat(rules(net.securityGroupIdsFor(NodeRole.API).get(0)))
                .containsExactlyInAnyOrder("12345<10.0.0.0/8", "22<203.0.113.7/32", "12345<203.0.113.7/32");
    }

    @Test
    void givenGroupsAreUsedForEveryRoleAndMissingOnesAreReported() {
        String own = account.ec2.createSecurityGroup(b -> b.groupName("mine").description("user's")
                .vpcId(account.vpcId)).groupId();
        NetworkResult net = aws.ensureNetwork(network().securityGroupIds(List.of(own)).build());
        for (NodeRole role : NodeRole.values()) {
            assertThat(net.securityGroupIdsFor(role)).containsExactly(own);
        }
        assertThat(net.createdSecurityGroupIds()).isEmpty();

        assertThatThrownBy(() -> aws.ensureNetwork(network().securityGroupIds(List.of("sg-0000000000000dead")).build()))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("sg-0000000000000dead");
        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, account.vpcId, Duration.ZERO));
        assertThat(account.ec2.describeSecurityGroups(b -> b.groupIds(own)).securityGroups()).hasSize(1);
    }

    @Test
    void resolvesArchitectureAndAl2023AmiAndDescribesSubnets() {
        assertThat(aws.architectureOf("m6i.large")).isEqualTo("x86_64");
        assertThat(aws.architectureOf("m7g.large")).isEqualTo("arm64");
        String x86 = aws.resolveAmi("x86_64");
        String arm = aws.resolveAmi("arm64");
        assertThat(x86).startsWith("ami-").isNotEqualTo(arm);
        assertThat(account.ec2.describeImages(b -> b.imageIds(x86)).images().get(0).architectureAsString())
                .isEqualTo("x86_64");

        List<SubnetInfo> subnets = aws.describeSubnets(List.of(account.subnetIds.get(2), account.subnetIds.get(0)));
        assertThat(subnets).extracting(SubnetInfo::availabilityZone).containsExactly("us-east-1c", "us-east-1a");
        assertThat(subnets).allMatch(s -> s.vpcId().equals(account.vpcId));
        assertThat(subnets.get(0).cidrBlock()).isEqualTo("10.20.3.0/24");
        assertThatThrownBy(() -> aws.describeSubnets(List.of("subnet-0000000000000dead")))
                .isInstanceOf(ProvisioningException.class);
    }

    @Test
    void awsErrorsBecomeProvisioningExceptionsWithCode() {
        NetworkResult net = aws.ensureNetwork(network().build());
        LaunchRequest bad = request(net, subnets(), NodeRole.MASTER, 1, 30).copy(b -> b.keyName("no-such-key"));

        assertThatThrownBy(() -> aws.launch(bad)).isInstanceOfSatisfying(ProvisioningException.class, e -> {
            assertThat(e.errorCode()).contains("InvalidKeyPair.NotFound");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("master-1");
        });
    }

    private List<LaunchResult> launchSet(NetworkResult net, int rootGib) {
        List<SubnetInfo> subnets = subnets();
        List<LaunchResult> out = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            out.add(aws.launch(request(net, subnets, NodeRole.MASTER, i, rootGib)));
        }
        for (int i = 1; i <= 3; i++) {
            out.add(aws.launch(request(net, subnets, NodeRole.WORKER, i, rootGib)));
        }
        out.add(aws.launch(request(net, subnets, NodeRole.API, 1, rootGib)));
        return out;
    }

    private LaunchRequest request(NetworkResult net, List<SubnetInfo> subnets, NodeRole role, int ordinal, int gib) {
        String ami = aws.resolveAmi(aws.architectureOf("m6i.large"));
        return LaunchRequest.builder().clusterId(CLUSTER).nodeId(role.id() + "-" + ordinal).role(role)
                .ordinal(ordinal).subnetId(SubnetPlacement.subnetFor(subnets, role, ordinal))
                .instanceType("m6i.large").imageId(ami).keyName(MotoAccount.KEY_NAME)
                .instanceProfileName(MotoAccount.PROFILE_NAME).securityGroupIds(net.securityGroupIdsFor(role))
                .rootVolumeSizeGib(gib).runningTimeout(Duration.ofSeconds(30)).build();
    }

    private List<SubnetInfo> subnets() {
        return aws.describeSubnets(account.subnetIds);
    }

    private NetworkRequest.Builder network() {
        return NetworkRequest.builder().clusterId(CLUSTER).vpcId(account.vpcId)
                .adminCidrs(List.of("203.0.113.7/32")).apiCidrs(List.of("10.0.0.0/8"));
    }

    /** @return the group's TCP ingress rules as {@code port<source} */
    private Set<String> rules(String groupId) {
        Set<String> out = new HashSet<>();
        account.ec2.describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().get(0).ipPermissions()
                .forEach(p -> {
                    assertThat(p.ipProtocol()).isEqualTo("tcp");
                    assertThat(p.fromPort()).isEqualTo(p.toPort());
                    p.ipRanges().forEach(r -> out.add(p.fromPort() + "<" + r.cidrIp()));
                    p.userIdGroupPairs().forEach(g -> out.add(p.fromPort() + "<" + g.groupId()));
                });
        return out;
    }
}
