package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.TargetHealth;
import io.dsec2.spi.TargetsRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** {@link AwsLoadBalancer} against moto in server mode. */
class AwsLoadBalancerMotoTest {
    private static final String CLUSTER = "prod-b";
    private static MotoAccount account;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-loadbalancer");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @Test
    void withACertificateTheListenerIsHttpsAndHttpRedirects() {
        account.resetAndSetUp();
        String cert;
        try (software.amazon.awssdk.services.acm.AcmClient acm = software.amazon.awssdk.services.acm.AcmClient.builder()
                .endpointOverride(account.moto.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(MotoAccount.CREDENTIALS).build()) {
            cert = acm.requestCertificate(b -> b.domainName("ds.example.com")).certificateArn();
        }
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
             AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            NetworkResult net = aws.ensureNetwork(NetworkRequest.builder().clusterId(CLUSTER).vpcId(account.vpcId)
                    .apiCidrs(List.of("198.51.100.0/24")).loadBalancerEnabled(true).loadBalancerPort(443).build());
            LoadBalancerRequest req = LoadBalancerRequest.builder().clusterId(CLUSTER).name(CLUSTER)
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).listenerPort(443).certificateArn(cert)
                    .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow())).build();

            LoadBalancerInfo info = lb.ensure(req);
            assertThat(lb.ensure(req).createdArns()).isEmpty();
            List<Listener> listeners = account.elb.describeListeners(b -> b.loadBalancerArn(info.loadBalancerArn()))
                    .listeners();
            assertThat(listeners).hasSize(2);
            Listener https = listeners.stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
            assertThat(https.listenerArn()).isEqualTo(info.listenerArn());
            assertThat(https.protocolAsString()).isEqualTo("HTTPS");
            assertThat(https.certificates()).extracting(c -> c.certificateArn()).containsExactly(cert);
            assertThat(https.defaultActions().get(0).targetGroupArn()).isEqualTo(info.targetGroupArn());
            Listener http = listeners.stream().filter(l -> l.port() == 80).findFirst().orElseThrow();
            assertThat(http.protocolAsString()).isEqualTo("HTTP");
            assertThat(http.defaultActions().get(0).typeAsString()).isEqualTo("redirect");
            assertThat(http.defaultActions().get(0).redirectConfig().protocol()).isEqualTo("HTTPS");
            assertThat(http.defaultActions().get(0).redirectConfig().port()).isEqualTo("443");
            var albGroup = account.ec2.describeSecurityGroups(b -> b.groupIds(net.loadBalancerSecurityGroupId()
                    .orElseThrow())).securityGroups().get(0);
            assertThat(albGroup.ipPermissions()).extracting(p -> p.fromPort()).contains(443, 80);
        }
    }

    @Test
    void ensureIsIdempotentTargetsRegisterAndDeleteGoesInDependencyOrder() {
        account.resetAndSetUp();
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
             AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            NetworkResult net = aws.ensureNetwork(NetworkRequest.builder().clusterId(CLUSTER).vpcId(account.vpcId)
                    .apiCidrs(List.of("0.0.0.0/0")).loadBalancerEnabled(true).build());
            LoadBalancerRequest req = LoadBalancerRequest.builder().clusterId(CLUSTER).name(CLUSTER)
                    .vpcId(account.vpcId).subnetIds(account.subnetIds)
                    .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow())).build();

            LoadBalancerInfo info = lb.ensure(req);
            assertThat(info.createdArns()).containsExactlyInAnyOrder(info.loadBalancerArn(), info.targetGroupArn(),
                    info.listenerArn());
            LoadBalancerInfo again = lb.ensure(req);
            assertThat(again.createdArns()).isEmpty();
            assertThat(again.loadBalancerArn()).isEqualTo(info.loadBalancerArn());
            assertThat(again.targetGroupArn()).isEqualTo(info.targetGroupArn());
            assertThat(again.listenerArn()).isEqualTo(info.listenerArn());
            assertThat(again.dnsName()).isEqualTo(info.dnsName()).isNotBlank();

            TargetGroup tg = account.elb.describeTargetGroups(b -> b.targetGroupArns(info.targetGroupArn()))
                    .targetGroups().get(0);
            assertThat(tg.targetGroupName()).isEqualTo(CLUSTER + "-api");
            assertThat(tg.port()).isEqualTo(12345);
            assertThat(tg.protocolAsString()).isEqualTo("HTTP");
            assertThat(tg.healthCheckPath()).isEqualTo("/dolphinscheduler/actuator/health");
            assertThat(tg.healthCheckProtocolAsString()).isEqualTo("HTTP");
            Map<String, String> attrs = account.elb.describeTargetGroupAttributes(b -> b
                    .targetGroupArn(info.targetGroupArn())).attributes().stream()
                    .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
            assertThat(attrs).containsEntry("deregistration_delay.timeout_seconds", "30");
            List<Listener> listeners = account.elb.describeListeners(b -> b.loadBalancerArn(info.loadBalancerArn()))
                    .listeners();
            assertThat(listeners).singleElement().satisfies(l -> {
                assertThat(l.port()).isEqualTo(80);
                assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(info.targetGroupArn());
            });
            assertThat(account.elb.describeTags(b -> b.resourceArns(info.loadBalancerArn())).tagDescriptions().get(0)
                    .tags()).anyMatch(t -> t.key().equals(ClusterTags.CLUSTER) && t.value().equals(CLUSTER));

            String ami = aws.resolveAmi("x86_64");
            List<String> apis = List.of(1, 2).stream().map(i -> aws.launch(LaunchRequest.builder().clusterId(CLUSTER)
                    .nodeId("api-" + i).role(NodeRole.API).ordinal(i).subnetId(account.subnetIds.get(i))
                    .instanceType("t3.medium").imageId(ami).securityGroupIds(net.securityGroupIdsFor(NodeRole.API))
                    .runningTimeout(Duration.ofSeconds(30)).build()).instance().instanceId()).toList();
            lb.registerTargets(TargetsRequest.of(info.targetGroupArn(), apis));
            lb.registerTargets(TargetsRequest.of(info.targetGroupArn(), apis));
            assertThat(lb.describeTargetHealth(TargetsRequest.of(info.targetGroupArn(), List.of())))
                    .extracting(TargetHealth::instanceId, TargetHealth::state)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(apis.get(0), "healthy"),
                            org.assertj.core.groups.Tuple.tuple(apis.get(1), "healthy"));

            lb.deregisterTargets(TargetsRequest.of(info.targetGroupArn(), List.of(apis.get(0))));
            List<TargetHealth> one = lb.describeTargetHealth(TargetsRequest.of(info.targetGroupArn(),
                    List.of(apis.get(0))));
            assertThat(one).singleElement().satisfies(h -> {
                assertThat(h.healthy()).isFalse();
                assertThat(h.reason()).contains("Target.NotRegistered");
            });

            lb.delete(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER));
            assertThatThrownBy(() -> account.elb.describeLoadBalancers(b -> b.names(CLUSTER)))
                    .isInstanceOf(LoadBalancerNotFoundException.class);
            assertThatThrownBy(() -> account.elb.describeTargetGroups(b -> b.names(CLUSTER + "-api")))
                    .isInstanceOf(TargetGroupNotFoundException.class);
            lb.delete(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER));
        }
    }

    @Test
    void refusesToAdoptALoadBalancerOfAnotherCluster() {
        account.resetAndSetUp();
        try (AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            LoadBalancerRequest theirs = LoadBalancerRequest.builder().clusterId("someone-else").name("shared")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).build();
            lb.ensure(theirs);

            assertThatThrownBy(() -> lb.ensure(theirs.copy(b -> b.clusterId(CLUSTER))))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("does not carry the tag");
            lb.delete(DeleteLoadBalancerRequest.of(CLUSTER, "shared"));
            assertThat(account.elb.describeLoadBalancers(b -> b.names("shared")).loadBalancers()).hasSize(1);
        }
    }

    @Test
    void aLoadBalancerInAnotherVpcIsNeitherFoundNorDeleted() {
        account.resetAndSetUp();
        try (AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            lb.ensure(LoadBalancerRequest.builder().clusterId(CLUSTER).name(CLUSTER).vpcId(account.vpcId)
                    .subnetIds(account.subnetIds).build());
            String otherVpc = account.ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();

            assertThat(lb.find(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER, otherVpc))).isEmpty();
            lb.delete(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER, otherVpc));
            assertThat(account.elb.describeLoadBalancers(b -> b.names(CLUSTER)).loadBalancers()).hasSize(1);
            assertThat(account.elb.describeTargetGroups(b -> b.names(CLUSTER + "-api")).targetGroups()).hasSize(1);

            assertThat(lb.find(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER, account.vpcId))).hasSize(2);
            lb.delete(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER, account.vpcId));
            assertThat(lb.find(DeleteLoadBalancerRequest.of(CLUSTER, CLUSTER))).isEmpty();
        }
    }
}
