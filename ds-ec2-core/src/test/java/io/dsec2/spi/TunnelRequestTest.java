package io.dsec2.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TunnelRequestTest {
    private static final RemoteHost NODE = RemoteHost.builder().nodeId("master-1").address("10.0.1.4")
            .user("ec2-user").build();

    @Test
    void equalRequestsNameTheSameHostAndTarget() {
        TunnelRequest zk = TunnelRequest.of(NODE, "10.0.1.10", 2181);
        assertThat(zk).isEqualTo(TunnelRequest.of(NODE, "10.0.1.10", 2181))
                .hasSameHashCodeAs(TunnelRequest.of(NODE, "10.0.1.10", 2181))
                .isNotEqualTo(TunnelRequest.of(NODE, "10.0.1.10", 2182))
                .isNotEqualTo(TunnelRequest.of(NODE.toBuilder().port(2222).build(), "10.0.1.10", 2181));
        assertThat(zk.target()).isEqualTo("10.0.1.10:2181");
        assertThat(zk).hasToString("10.0.1.10:2181 via " + NODE);
        assertThat(TunnelRequest.of(NODE, "fd00::a", 3306).target()).isEqualTo("[fd00::a]:3306");
    }

    @Test
    void aTargetNeedsAHostAndAPortInRange() {
        assertThatThrownBy(() -> TunnelRequest.of(NODE, "", 2181)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetHost");
        assertThatThrownBy(() -> TunnelRequest.of(NODE, " db", 2181)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TunnelRequest.of(NODE, "db", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetPort must be 1..65535, was 0");
        assertThatThrownBy(() -> TunnelRequest.of(NODE, "db", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TunnelRequest.of(null, "db", 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("via must not be null");
    }
}
