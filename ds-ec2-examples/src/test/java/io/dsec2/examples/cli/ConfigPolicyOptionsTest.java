package io.dsec2.examples.cli;

import static io.dsec2.examples.cli.DsEc2CliTest.SAMPLE;
import static io.dsec2.examples.cli.DsEc2CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.FailureAction;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The rolling-policy options shared by config update/update-jvm/update-service/rollback and restart. */
class ConfigPolicyOptionsTest {

    private static RollingPolicy parse(String... args) {
        ConfigUpdateCommand cmd = new ConfigUpdateCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.policy.policy();
    }

    @Test
    void noOptionsGiveTheLibraryDefaults() {
        assertThat(parse("-f", "c.yaml")).isEqualTo(RollingPolicy.defaults());
    }

    @Test
    void everyOptionReachesThePolicy() {
        RollingPolicy p = parse("-f", "c.yaml", "--batch-size", "3", "--pause", "30s", "--monitor", "500ms",
                "--health-timeout", "5m", "--drain-timeout", "1h", "--on-failure", "continue", "--max-failures", "2",
                "--order", "master,worker");
        assertThat(p.batchSize()).isEqualTo(3);
        assertThat(p.batchPercent()).isZero();
        assertThat(p.pauseBetweenBatches()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.monitorWindow()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.healthTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.drainTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.failureAction()).isEqualTo(FailureAction.CONTINUE);
        assertThat(p.maxFailures()).isEqualTo(2);
        assertThat(p.roleOrder()).containsExactly(NodeRole.MASTER, NodeRole.WORKER, NodeRole.API, NodeRole.ALERT);
    }

    @Test
    void aPercentBatchSizeIsAPercentageNotACount() {
        RollingPolicy p = parse("-f", "c.yaml", "--batch-size", "25%");
        assertThat(p.batchPercent()).isEqualTo(25);
        assertThat(p.batchSize()).isZero();
        assertThat(p.batchSizeFor(6)).isEqualTo(2);
        assertThat(parse("-f", "c.yaml", "--batch-size", "100%").batchSizeFor(6)).isEqualTo(6);
    }

    @Test
    void failureActionsReadAsWritten() {
        assertThat(parse("-f", "c.yaml", "--on-failure", "pause").failureAction()).isEqualTo(FailureAction.PAUSE);
        assertThat(parse("-f", "c.yaml", "--on-failure", "rollback").failureAction()).isEqualTo(FailureAction.ROLL_BACK);
        assertThat(parse("-f", "c.yaml", "--on-failure", "roll-back").failureAction())
                .isEqualTo(FailureAction.ROLL_BACK);
        assertThat(parse("-f", "c.yaml", "--on-failure", "CONTINUE").failureAction()).isEqualTo(FailureAction.CONTINUE);
    }

    @Test
    void zeroDrainAndPauseAreAllowed() {
        RollingPolicy p = parse("-f", "c.yaml", "--drain-timeout", "0s", "--pause", "0s", "--monitor", "PT0S");
        assertThat(p.drainTimeout()).isZero();
        assertThat(p.pauseBetweenBatches()).isZero();
        assertThat(p.monitorWindow()).isZero();
    }

    @Test
    void describeNamesEveryValue() {
        assertThat(RollingPolicyOptions.describe(parse("-f", "c.yaml", "--batch-size", "25%", "--pause", "90s",
                "--on-failure", "continue", "--max-failures", "3")))
                .isEqualTo("batch 25%, pause 90s, monitor 10s, health timeout 3m, drain timeout 5m, on failure continue"
                        + " (max 3 failure(s)), order worker,master,api,alert");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--batch-size|0|--batch-size",
        "--batch-size|-2|--batch-size",
        "--batch-size|0%|--batch-size",
        "--batch-size|101%|--batch-size",
        "--batch-size|some|--batch-size",
        "--pause|soon|--pause",
        "--pause|-PT5S|--pause",
        "--monitor|5 parsecs|--monitor",
        "--health-timeout|0s|--health-timeout",
        "--drain-timeout|x|--drain-timeout",
        "--on-failure|retry|--on-failure",
        "--max-failures|-1|--max-failures",
        "--max-failures|two|--max-failures",
        "--order|worker,boss|--order"})
    void badValuesAreUsageErrorsNamingTheOption(String option, String value, String named) {
        for (List<String> command : List.of(List.of("config", "update"), List.of("config", "update-jvm", "--role",
                "worker", "--xmx", "2g"), List.of("config", "rollback", "--version", "1"),
                List.of("restart", "--role", "worker"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("-f",
                    SAMPLE.toString(), "--endpoint-url", "http://127.0.0.1:9", option, value)).toArray(String[]::new);
            DsEc2CliTest.Run r = cli(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(DsEc2Cli.BAD_INPUT);
            assertThat(r.err()).contains("Invalid value for option '" + named + "'").contains(value.substring(value.lastIndexOf(',') + 1));
        }
    }
}
