package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeleteCommandTest {

    @Test
    void drainTimeoutsReadAsAPersonWritesThem() {
        DeleteCommand.DurationConverter c = new DeleteCommand.DurationConverter();
        assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10m");
    }

    @Test
    void aBadDrainTimeoutIsAUsageError() {
        assertThat(DsEc2Cli.run("delete", "-f", "cluster.yaml", "--force", "--drain-timeout", "soon")).isEqualTo(2);
    }
}
