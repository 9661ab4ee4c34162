package io.dsec2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeRoleTest {
    @Test
    void parsesIdsServerDirsAndEnumNames() {
        assertThat(NodeRole.of("worker")).isEqualTo(NodeRole.WORKER);
        assertThat(NodeRole.of("api-server")).isEqualTo(NodeRole.API);
        assertThat(NodeRole.of(" MASTER ")).isEqualTo(NodeRole.MASTER);
    }

    @Test
    void rejectsUnknownRoleNamingTheValidOnes() {
        assertThatThrownBy(() -> NodeRole.of("scheduler"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master, worker, api, alert");
    }

    @Test
    void carriesThe320Ports() {
        assertThat(NodeRole.MASTER.rpcPort()).isEqualTo(5678);
        assertThat(NodeRole.WORKER.httpPort()).isEqualTo(1235);
        assertThat(NodeRole.API.httpPort()).isEqualTo(12345);
        assertThat(NodeRole.ALERT.rpcPort()).isEqualTo(50052);
    }
}
