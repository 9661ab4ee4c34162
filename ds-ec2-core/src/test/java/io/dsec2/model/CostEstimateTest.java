package io.dsec2.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** The cost estimate of {@code plan}, from the bundled price table (us-east-1 list prices). */
class CostEstimateTest {
    static ClusterSpec.Builder spec() {
        return ClusterSpec.builder().name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b")
                .masters(g -> g.count(2).instanceType("m6i.xlarge").rootVolumeSizeGib(30))
                .workers(g -> g.count(3).instanceType("m6i.2xlarge").rootVolumeSizeGib(100).rootVolumeType("gp3")
                        .rootVolumeIops(6000).rootVolumeThroughput(500))
                .apis(g -> g.count(2).instanceType("m6i.large").rootVolumeType("gp2"))
                .alerts(g -> g.count(1).instanceType("t3.medium").rootVolumeSizeGib(50).rootVolumeType("io1")
                        .rootVolumeIops(1000))
                .database(d -> d.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
                .registry(r -> r.connectString("10.0.0.1:2181"))
                .loadBalancer(l -> l.enabled(true));
    }

    static BigDecimal usd(String v) {
        return new BigDecimal(v);
    }

    static String cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static CostEstimate.Line line(CostEstimate c, String group) {
        return c.lines().stream().filter(l -> l.group().equals(group)).findFirst().orElseThrow();
    }

    @Test
    void mastersAreInstancesPerHourPlusGp3VolumesPerGib() {
        CostEstimate.Line m = line(CostEstimate.of(spec().build()), "master");
        assertThat(m.role()).isEqualTo(NodeRole.MASTER);
        assertThat(m.count()).isEqualTo(2);
        assertThat(m.instancesUsdPerHour()).contains(usd("0.384"));          // 2 x 0.192
        assertThat(m.volumesUsdPerMonth()).hasValueSatisfying(v -> assertThat(cents(v)).isEqualTo("4.80")); // 2x30x0.08
        assertThat(cents(m.usdPerMonth())).isEqualTo("285.12");              // 0.384 x 730 + 4.80
    }

    @Test
    void workersPayGp3IopsAndThroughputAboveTheFreeBaseline() {
        CostEstimate.Line w = line(CostEstimate.of(spec().build()), "worker/default");
        assertThat(w.instancesUsdPerHour()).contains(usd("1.152"));          // 3 x 0.384
        // per volume: 100 x 0.08 + (6000 - 3000) x 0.005 + (500 - 125) x 0.04 = 8 + 15 + 15
        assertThat(w.volumesUsdPerMonth()).hasValueSatisfying(v -> assertThat(cents(v)).isEqualTo("114.00"));
        assertThat(cents(w.usdPerMonth())).isEqualTo("954.96");
        CostEstimate.Line baseline = line(CostEstimate.of(spec().workers(g -> g.rootVolumeIops(3000)
                .rootVolumeThroughput(125)).build()), "worker/default");
        assertThat(baseline.volumesUsdPerMonth()).hasValueSatisfying(v -> assertThat(cents(v)).isEqualTo("24.00"));
    }

    @Test
    void apisUseGp2AndAlertsIo1WithEveryIopsPaid() {
        CostEstimate c = CostEstimate.of(spec().build());
        CostEstimate.Line api = line(c, "api");
        assertThat(api.instancesUsdPerHour()).contains(usd("0.192"));
        assertThat(api.volumesUsdPerMonth()).hasValueSatisfying(v -> assertThat(cents(v)).isEqualTo("6.00"));
        CostEstimate.Line alert = line(c, "alert");
        assertThat(alert.instancesUsdPerHour()).contains(usd("0.0416"));
        // 50 x 0.125 + 1000 x 0.065
        assertThat(alert.volumesUsdPerMonth()).hasValueSatisfying(v -> assertThat(cents(v)).isEqualTo("71.25"));
        assertThat(cents(alert.usdPerMonth())).isEqualTo("101.62");
    }

    @Test
    void theLoadBalancerAndTheTotalsAddUp() {
        CostEstimate c = CostEstimate.of(spec().build());
        assertThat(c.loadBalancerUsdPerHour()).contains(usd("0.0225"));
        assertThat(c.complete()).isTrue();
        // instances 1.7696/h + ALB 0.0225/h, x 730, + volumes 196.05/month
        assertThat(cents(c.totalUsdPerMonth())).isEqualTo("1504.28");
        assertThat(c.totalUsdPerHour().setScale(4, RoundingMode.HALF_UP)).isEqualTo(usd("2.0607"));
        assertThat(CostEstimate.of(spec().loadBalancer(l -> l.enabled(false)).build()).loadBalancerUsdPerHour())
                .isEmpty();
        assertThat(c.hoursPerMonth()).isEqualTo(730);
        assertThat(c.priceDate()).isEqualTo("2025-06");
        assertThat(c.source()).contains("AWS public on-demand pricing");
    }

    @Test
    void anUnknownInstanceTypeIsReportedNotPriced() {
        NodeGroupSpec gpu = NodeGroupSpec.builder(NodeRole.WORKER).name("gpu").count(2).instanceType("p4d.24xlarge")
                .build();
        CostEstimate c = CostEstimate.of(spec().addWorkerGroup(gpu).build());

        CostEstimate.Line l = line(c, "worker/gpu");
        assertThat(l.instancesUsdPerHour()).isEmpty();
        assertThat(l.volumesUsdPerMonth()).isPresent();
        assertThat(c.complete()).isFalse();
        assertThat(c.unpriced()).containsExactly("worker/gpu: instance type p4d.24xlarge has no price for us-east-1"
                + " in the table");
        assertThat(c.totalUsdPerMonth()).isEqualByComparingTo(CostEstimate.of(spec().build()).totalUsdPerMonth()
                .add(l.volumesUsdPerMonth().orElseThrow()));
        assertThat(c.toText()).contains("not priced: worker/gpu: instance type p4d.24xlarge",
                "totals leave out what is not priced");
    }

    @Test
    void anUnknownRegionIsReportedAndNothingIsPriced() {
        CostEstimate c = CostEstimate.of(spec().region("ap-south-2").build());
        assertThat(c.lines()).isEmpty();
        assertThat(c.totalUsdPerHour()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(c.unpriced()).singleElement().satisfies(u -> assertThat(u).startsWith("region ap-south-2: not in"
                + " the price table"));
    }

    @Test
    void planPrintsTheEstimateWithItsSource() {
        DsCluster cluster = DsCluster.builder().spec(spec().build()).build();
        assertThat(cluster.estimateCost()).isEqualTo(CostEstimate.of(cluster.spec()));
        assertThat(cluster.plan()).contains("estimated cost (on demand, USD, us-east-1):")
                .containsPattern("master\\s+2 m6i.xlarge\\s+0.3840\\s+4.80\\s+0.3906\\s+285.12")
                .containsPattern("load balancer\\s+1 ALB\\s+0.0225")
                .containsPattern("total\\s+2.0607\\s+1504.28")
                .contains("as of 2025-06 (shipped with ds-ec2, never fetched)");
    }
}
