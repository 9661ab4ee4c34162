package io.dsec2.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.model.NodeRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPlacementTest {
    private static final SubnetInfo A = SubnetInfo.of("subnet-a", "us-east-1a", "vpc-1", "10.0.1.0/24");
    private static final SubnetInfo A2 = SubnetInfo.of("subnet-a2", "us-east-1a", "vpc-1", "10.0.4.0/24");
    private static final SubnetInfo B = SubnetInfo.of("subnet-b", "us-east-1b", "vpc-1", "10.0.2.0/24");
    private static final SubnetInfo C = SubnetInfo.of("subnet-c", "us-east-1c", "vpc-1", "10.0.3.0/24");

    @Test
    void rolesGoRoundRobinAcrossZones() {
        List<SubnetInfo> three = List.of(A, B, C);
        assertThat(SubnetPlacement.place(three, NodeRole.MASTER, 3)).containsExactly("subnet-a", "subnet-b", "subnet-c");
        assertThat(SubnetPlacement.place(three, NodeRole.WORKER, 4))
                .containsExactly("subnet-b", "subnet-c", "subnet-a", "subnet-b");
        assertThat(SubnetPlacement.subnetFor(three, NodeRole.API, 1)).isEqualTo("subnet-c");
    }

    @Test
    void twoMastersAlwaysLandInTwoZonesEvenWhenAZoneHasSeveralSubnets() {
        List<SubnetInfo> subnets = List.of(A, A2, B);
        assertThat(SubnetPlacement.place(subnets, NodeRole.MASTER, 2)).containsExactly("subnet-a", "subnet-b");
        // the third and fourth use the second subnet of zone a, then zone b again
        assertThat(SubnetPlacement.place(subnets, NodeRole.MASTER, 4))
                .containsExactly("subnet-a", "subnet-b", "subnet-a2", "subnet-b");
    }

    @Test
    void oneZoneStillPlacesEveryNodeAndTheResultIsStable() {
        assertThat(SubnetPlacement.place(List.of(A), NodeRole.MASTER, 2)).containsExactly("subnet-a", "subnet-a");
        assertThat(SubnetPlacement.place(List.of(A, B, C), NodeRole.WORKER, 5))
                .isEqualTo(SubnetPlacement.place(List.of(A, B, C), NodeRole.WORKER, 5));
    }

    @Test
    void rejectsEmptySubnetsAndBadOrdinals() {
        assertThatThrownBy(() -> SubnetPlacement.subnetFor(List.of(), NodeRole.MASTER, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubnetPlacement.subnetFor(List.of(A), NodeRole.MASTER, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
