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
    void aBadDrainTimeoutIsAUsageErrorNamingTheOption() {
        // a spec file that exists and is valid, so the only thing wrong is the option
        DsEc2CliTest.Run r = DsEc2CliTest.cli("delete", "-f", DsEc2CliTest.SAMPLE.toString(), "--force",
                "--drain-timeout", "soon");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--drain-timeout").contains("not a duration: soon");
    }

    @Test
    void aSpecFileOrAClusterNameIsNeededAndNotBoth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        DsEc2CliTest.Run none = DsEc2CliTest.cli("delete", "--force", "--state-dir", tmp.toString());
        assertThat(none.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(none.err()).contains("--file").contains("--cluster NAME");

        DsEc2CliTest.Run both = DsEc2CliTest.cli("status", "-f", "cluster.yaml", "--cluster", "analytics");
        assertThat(both.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(both.err()).contains("-f and --cluster both given");

        DsEc2CliTest.Run unknown = DsEc2CliTest.cli("scale", "--cluster", "analytics", "--role", "worker", "--count",
                "2", "--state-dir", tmp.toString());
        assertThat(unknown.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(unknown.err()).contains("cluster analytics has no applied configuration version").contains("-f");

        DsEc2CliTest.Run plan = DsEc2CliTest.cli("plan", "--cluster", "analytics");
        assertThat(plan.exit()).as("only delete, status and scale take --cluster").isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(plan.err()).contains("Unknown options: '--cluster'");
    }
}
