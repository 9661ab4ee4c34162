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
import io.dsec2.testkit.aws.AwsFaultProxy;
import io.dsec2.testkit.aws.AwsFaultProxy.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throttled, unavailable and reset EC2/ELB calls are retried with backoff. The library is configured as a user would
 * configure it, with an endpoint override, here pointing at the testkit's {@link AwsFaultProxy} in front of moto.
 * The proxy's filter faults the first {@code n} requests of chosen actions, so every assertion is deterministic.
 */
class ThrottlingRetryTest {
    private static MotoAccount account;
    private AwsFaultProxy proxy;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

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
        proxy = AwsFaultProxy.start("127.0.0.1", 0, account.moto.endpoint());
        proxy.faultRate(1.0);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    @Test
    void throttledEc2CallsAreRetriedAndLaunchHappensOnce() {
        proxy.faults(Set.of(Fault.THROTTLING));
        proxy.faultFilter(firstOf(2, "RunInstances", "DescribeInstances", "GetParameter"));
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(fast(5)).build()) {
            String ami = aws.resolveAmi("x86_64");
            LaunchResult r = aws.launch(launch(ami, "worker-1"));

            assertThat(r.adopted()).isFalse();
            assertThat(seen.get("RunInstances")).hasValue(3);
            assertThat(seen.get("GetParameter")).hasValue(3);
            assertThat(proxy.stats().injected(Fault.THROTTLING)).isGreaterThanOrEqualTo(6);
            assertThat(aws.describe(DescribeRequest.builder().clusterId("thr").build())).singleElement()
                    .satisfies(i -> assertThat(i.instanceId()).isEqualTo(r.instance().instanceId()));
        }
    }

    @Test
    void unavailableAndResetConnectionsAreRetriedToo() {
        proxy.faults(Set.of(Fault.HTTP_503, Fault.CONNECTION_RESET));
        proxy.faultFilter(firstOf(2, "RunInstances", "CreateSecurityGroup", "DescribeInstances"));
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(fast(5)).build()) {
            aws.ensureNetwork(io.dsec2.spi.NetworkRequest.builder().clusterId("thr").vpcId(account.vpcId).build());
            aws.launch(launch(aws.resolveAmi("x86_64"), "master-1"));

            assertThat(seen.get("RunInstances")).hasValue(3);
            assertThat(proxy.stats().injected(Fault.HTTP_503) + proxy.stats().injected(Fault.CONNECTION_RESET))
                    .isGreaterThanOrEqualTo(6);
            assertThat(aws.describe(DescribeRequest.builder().clusterId("thr").build())).hasSize(1);
        }
    }

    @Test
    void whenRetriesAreExhaustedTheErrorIsRetryableAndCarriesTheCode() {
        proxy.faults(Set.of(Fault.THROTTLING));
        proxy.faultFilter(firstOf(100, "DescribeInstances"));
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(fast(2)).build()) {
            assertThatThrownBy(() -> aws.describe(DescribeRequest.builder().clusterId("thr").build()))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.errorCode()).contains("RequestLimitExceeded");
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(seen.get("DescribeInstances")).hasValue(2);
        }
    }

    /** Issue 16: errors that are not transient fail at once, named, without a single retry. */
    @Test
    void aPermanentErrorFailsAtOnceNamedWithoutRetries() {
        proxy.faultFilter(firstOf(0, "RunInstances", "DescribeSubnets")); // counts the calls, injects nothing
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(fast(5)).build()) {
            String ami = aws.resolveAmi("x86_64");
            LaunchRequest bad = launch(ami, "worker-1").copy(b -> b.subnetId("subnet-0000000000000dead"));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> aws.launch(bad)).isInstanceOfSatisfying(ProvisioningException.class, e -> {
                assertThat(e.errorCode()).contains("InvalidSubnetID.NotFound");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("subnet-0000000000000dead");
            });
            // the subnet is looked up (DescribeSubnets) before RunInstances: whichever call meets the error, it is
            // made once
            int calls = seen.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(calls).as("calls to the subnet, no retry: %s", seen).isEqualTo(seen.size());
            assertThat(seen).isNotEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** Issue 16: a permission error is not transient either: EC2's {@code UnauthorizedOperation}, made once. */
    @Test
    void anUnauthorizedEc2CallFailsAtOnceNamedWithoutRetries() {
        proxy.faults(Set.of(Fault.UNAUTHORIZED));
        proxy.faultFilter(firstOf(1, "RunInstances"));
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(fast(5)).build()) {
            String ami = aws.resolveAmi("x86_64");
            assertThatThrownBy(() -> aws.launch(launch(ami, "worker-1")))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.errorCode()).contains("UnauthorizedOperation");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("UnauthorizedOperation");
                    });
            assertThat(seen.get("RunInstances")).as("no retry").hasValue(1);
            assertThat(proxy.stats().injected(Fault.UNAUTHORIZED)).isEqualTo(1);
        }
    }

    /** Issue 16: ELBv2's permission error ({@code AccessDenied}) is made once and named. */
    @Test
    void anUnauthorizedElbCallFailsAtOnceNamedWithoutRetries() {
        proxy.faults(Set.of(Fault.UNAUTHORIZED));
        proxy.faultFilter(firstOf(1, "CreateLoadBalancer"));
        try (AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(fast(5)).build()) {
            assertThatThrownBy(() -> lb.ensure(LoadBalancerRequest.builder().clusterId("thr").name("thr")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).build()))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.errorCode()).contains("AccessDenied");
                        assertThat(e.retryable()).isFalse();
                    });
            assertThat(seen.get("CreateLoadBalancer")).as("no retry").hasValue(1);
        }
    }

    @Test
    void throttledElbCallsAreRetried() {
        proxy.faults(Set.of(Fault.THROTTLING));
        proxy.faultFilter(firstOf(2, "CreateLoadBalancer", "CreateTargetGroup", "CreateListener"));
        try (AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(fast(5)).build()) {
            LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("thr").name("thr")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).build());

            assertThat(info.createdArns()).hasSize(3);
            assertThat(seen.get("CreateLoadBalancer")).hasValue(3);
            assertThat(seen.get("CreateListener")).hasValue(3);
            assertThat(account.elb.describeLoadBalancers(b -> b.names("thr")).loadBalancers()).hasSize(1);
            assertThat(account.elb.describeTargetGroups(b -> b.names("thr-api")).targetGroups()).hasSize(1);
            assertThat(account.elb.describeListeners(b -> b.loadBalancerArn(info.loadBalancerArn())).listeners())
                    .hasSize(1);
        }
    }

    private AwsClientSettings fast(int attempts) {
        return account.settings().copy(s -> s.endpointOverride(proxy.endpoint()).retry(r -> r.maxAttempts(attempts)
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200))));
    }

    private static LaunchRequest launch(String ami, String node) {
        return LaunchRequest.builder().clusterId("thr").nodeId(node).role(NodeRole.of(node.split("-")[0]))
                .ordinal(1).subnetId(account.subnetIds.get(0)).instanceType("t3.large").imageId(ami)
                .keyName(MotoAccount.KEY_NAME).runningTimeout(Duration.ofSeconds(30)).build();
    }

    /** Faults the first {@code n} requests of each given action; counts every request of those actions. */
    private Predicate<AwsFaultProxy.Request> firstOf(int n, String... actions) {
        Set<String> chosen = Set.of(actions);
        return r -> r.action() != null && chosen.contains(r.action())
                && seen.computeIfAbsent(r.action(), a -> new AtomicInteger()).incrementAndGet() <= n;
    }
}
