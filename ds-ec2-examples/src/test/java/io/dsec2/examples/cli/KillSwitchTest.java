package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KillSwitchTest {
    @Test
    void aPointNamesAnEventAndAStageOrTask() {
        KillSwitch s = KillSwitch.parse("task-started:package/worker-1@2s");
        assertThat(s.matches("task-started", "package/worker-1")).isTrue();
        assertThat(s.matches("task-started", "package/worker-10")).isFalse();
        assertThat(s.matches("task-succeeded", "package/worker-1")).isFalse();
        KillSwitch prefix = KillSwitch.parse("stage-started:worker-batch-*");
        assertThat(prefix.matches("stage-started", "worker-batch-2")).isTrue();
        assertThat(prefix.matches("stage-started", "master-batch-1")).isFalse();
    }

    @Test
    void aMalformedPointIsRefusedNamingTheVariableAndTheFormat() {
        assertThatThrownBy(() -> KillSwitch.parse("launch")).hasMessageContaining("DS_EC2_KILL_AT=launch")
                .hasMessageContaining("EVENT:NAME[@DELAY]");
        assertThatThrownBy(() -> KillSwitch.parse("stage-begun:launch")).hasMessageContaining("stage-started");
        assertThatThrownBy(() -> KillSwitch.parse("stage-started:launch@soon")).hasMessageContaining("delay");
    }
}
