package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.testkit.LocalCloudExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 5's REPLACE policy on the shared {@link RollingCluster}: a new instance type for the alert server is applied
 * by stopping the server, stopping the instance, changing its type and starting both again: the same instance (id,
 * private IP) comes back with the new type, healthy and registered, and no other server restarts. Then back again.
 */
@ExtendWith({LocalCloudExtension.class, RollingClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplaceIT {
    private RollingCluster c;

    @BeforeAll
    void setUp(RollingCluster c) throws Exception {
        this.c = c;
        c.awaitHealthy(Duration.ofMinutes(2));
    }

    private Instance alert() {
        return c.instances().stream().filter(i -> RollingCluster.nodeOf(i).equals("alert-1")).findFirst().orElseThrow();
    }

    @Test
    void aNewInstanceTypeReplacesTheNodeInPlaceAndRestartsNothingElse() throws Exception {
        RollingPolicy policy = RollingPolicy.builder().monitorWindow(Duration.ofSeconds(1))
                .healthTimeout(Duration.ofMinutes(2)).build();
        ClusterSpec before = c.applied();
        Instance was = alert();
        String newType = was.instanceTypeAsString().equals("t3.large") ? "t3.xlarge" : "t3.large";
        ClusterSpec desired = before.copy(b -> b.alerts(a -> a.instanceType(newType)));
        List<String> others = RollingCluster.NODES.stream().filter(n -> !n.equals("alert-1")).toList();
        Map<String, String> othersBefore = c.startMarkers(others);
        String alertBefore = c.startMarker("alert-1");

        ChangeSet plan = c.cluster(desired).planUpdate(desired);
        assertThat(plan.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.key()).endsWith("alert.instance_type");
            assertThat(ch.policy()).isEqualTo(UpdatePolicy.REPLACE);
            assertThat(ch.roles()).containsExactly(NodeRole.ALERT);
        });

        RolloutResult r = c.cluster(desired).update(desired, UpdateOptions.builder().note("replace-it: alert "
                + newType).policy(policy).build());
        c.applied(desired);
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactly("alert-1");
        Instance now = alert();
        assertThat(now.instanceId()).isEqualTo(was.instanceId());
        assertThat(now.privateIpAddress()).isEqualTo(was.privateIpAddress());
        assertThat(now.instanceTypeAsString()).isEqualTo(newType);
        assertThat(c.healthUp("alert-1")).isTrue();
        assertThat(c.registered(NodeRole.ALERT)).contains("alert-1");
        assertThat(c.startMarker("alert-1")).isNotEqualTo(alertBefore).isNotEmpty();
        assertThat(c.startMarkers(others)).as("no other server restarted").isEqualTo(othersBefore);

        RolloutResult back = c.cluster(before).update(before, UpdateOptions.builder().note("replace-it: back")
                .policy(policy).build());
        c.applied(before);
        assertThat(back.restarted()).containsExactly("alert-1");
        assertThat(alert().instanceTypeAsString()).isEqualTo(was.instanceTypeAsString());
        assertThat(alert().instanceId()).isEqualTo(was.instanceId());
        c.awaitHealthy(Duration.ofMinutes(2));
    }
}
