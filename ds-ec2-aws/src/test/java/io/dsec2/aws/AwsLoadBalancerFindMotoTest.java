package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link AwsLoadBalancer#findTargetGroupArn} against moto in server mode: read-only, owner-checked. */
class AwsLoadBalancerFindMotoTest {
    private static MotoAccount account;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-lb-find");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @Test
    void findsOnlyTheClustersOwnTargetGroupAndCreatesNothing() {
        account.resetAndSetUp();
        try (AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            assertThat(lb.findTargetGroupArn("find-a", "find-a")).isEmpty();
            assertThat(account.elb.describeTargetGroups().targetGroups()).isEmpty();
            assertThat(account.elb.describeLoadBalancers().loadBalancers()).isEmpty();

            LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("find-a").name("find-a")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds).build());
            assertThat(lb.findTargetGroupArn("find-a", "find-a")).contains(info.targetGroupArn());
            assertThat(lb.findTargetGroupArn("someone-else", "find-a")).isEmpty();
            assertThat(lb.findTargetGroupArn("find-a", "other")).isEmpty();
        }
    }
}
