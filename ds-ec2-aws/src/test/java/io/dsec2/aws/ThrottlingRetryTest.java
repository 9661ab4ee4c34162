package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throttled EC2 and ELB calls are retried with backoff: the library is pointed (endpoint override) at a proxy that
 * throttles two of every three requests before moto sees them.
 */
class ThrottlingRetryTest {
    private static MotoAccount account;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-throttling");
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
    }

    @Test
    void throttledEc2CallsAreRetriedAndLaunchHappensOnce() throws Exception {
        try (ThrottlingProxy proxy = new ThrottlingProxy(account.moto.endpoint(), 3);
             AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings().copy(s -> s
                     .endpointOverride(proxy.endpoint()).maxAttempts(5).initialBackoff(Duration.ofMillis(20))
                     .maxBackoff(Duration.ofMillis(200)))).build()) {
            String ami = aws.resolveAmi("x86_64");
            LaunchResult r = aws.launch(LaunchRequest.builder().clusterId("thr").nodeId("worker-1")
                    .role(NodeRole.WORKER).ordinal(1).subnetId(account.subnetIds.get(0)).instanceType("t3.large")
                    .imageId(ami).keyName(MotoAccount.KEY_NAME).runningTimeout(Duration.ofSeconds(30)).build());

            assertThat(r.adopted()).isFalse();
            assertThat(proxy.throttled("RunInstances")).isEqualTo(2);
            assertThat(proxy.forwarded("RunInstances")).isEqualTo(1);
            assertThat(proxy.throttled("DescribeInstances")).isGreaterThanOrEqualTo(2);
            assertThat(aws.describe(DescribeRequest.builder().clusterId("thr").build())).singleElement()
                    .satisfies(i -> assertThat(i.instanceId()).isEqualTo(r.instance().instanceId()));
        }
    }

    @Test
    void whenRetriesAreExhaustedTheErrorIsRetryableAndCarriesTheCode() throws Exception {
        try (ThrottlingProxy proxy = new ThrottlingProxy(account.moto.endpoint(), 3);
             AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings().copy(s -> s
                     .endpointOverride(proxy.endpoint()).maxAttempts(2).initialBackoff(Duration.ofMillis(10))
                     .maxBackoff(Duration.ofMillis(50)))).build()) {
            assertThatThrownBy(() -> aws.describe(DescribeRequest.builder().clusterId("thr").build()))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.errorCode()).contains("RequestLimitExceeded");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.requestId()).contains("proxy-1");
                    });
            assertThat(proxy.throttled("DescribeInstances")).isEqualTo(2);
            assertThat(proxy.forwarded("DescribeInstances")).isZero();
        }
    }

    @Test
    void throttledElbCallsAreRetried() throws Exception {
        try (ThrottlingProxy proxy = new ThrottlingProxy(account.moto.endpoint(), 3);
             AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings().copy(s -> s
                     .endpointOverride(proxy.endpoint()).maxAttempts(5).initialBackoff(Duration.ofMillis(20))
                     .maxBackoff(Duration.ofMillis(200)))).build()) {
            LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("thr").name("thr")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).build());

            assertThat(info.createdArns()).hasSize(3);
            assertThat(proxy.throttled("CreateLoadBalancer")).isEqualTo(2);
            assertThat(proxy.forwarded("CreateLoadBalancer")).isEqualTo(1);
            assertThat(account.elb.describeLoadBalancers(b -> b.names("thr")).loadBalancers()).hasSize(1);
            assertThat(account.elb.describeTargetGroups(b -> b.names("thr-api")).targetGroups()).hasSize(1);
            assertThat(account.elb.describeListeners(b -> b.loadBalancerArn(info.loadBalancerArn())).listeners())
                    .hasSize(1);
        }
    }
}
