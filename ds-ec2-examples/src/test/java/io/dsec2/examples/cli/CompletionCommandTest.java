package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ds-ec2 completion bash|zsh}: the script completes commands, subcommands and options in a real bash. */
class CompletionCommandTest {
    static String complete(Path tmp, String script, String... words) throws Exception {
        Path f = tmp.resolve("ds-ec2.bash");
        Files.writeString(f, script);
        String line = String.join(" ", words);
        String bash = "source " + f + "\nCOMP_WORDS=(" + line + ")\nCOMP_CWORD=" + (words.length - 1)
                + "\nCOMP_LINE='" + line + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_ds-ec2\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        CliProcess.Result r = CliProcess.run(tmp, List.of("bash", "-c", bash), Map.of());
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions(@TempDir Path tmp) throws Exception {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("completion", "bash");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(complete(tmp, r.out(), "ds-ec2", "")).contains("create", "delete", "status", "config", "completion");
        assertThat(complete(tmp, r.out(), "ds-ec2", "sc")).isEqualTo("scale\n");
        assertThat(complete(tmp, r.out(), "ds-ec2", "config", "up")).contains("update", "update-jvm", "update-service");
        assertThat(complete(tmp, r.out(), "ds-ec2", "delete", "--pu")).isEqualTo("--purge-data\n");
        assertThat(complete(tmp, r.out(), "ds-ec2", "create", "--log")).isEqualTo("--log-file\n");
    }

    @Test
    void clusterCompletesToTheClustersWithLocalState(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state.resolve("analytics").resolve("versions"));
        Files.createDirectories(state.resolve("etl-prod"));
        String old = System.getProperty("ds-ec2.state-dir");
        System.setProperty("ds-ec2.state-dir", state.toString());
        DsEc2CliTest.Run r;
        try {
            r = DsEc2CliTest.cli("completion", "bash");
        } finally {
            if (old == null) {
                System.clearProperty("ds-ec2.state-dir");
            } else {
                System.setProperty("ds-ec2.state-dir", old);
            }
        }
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(complete(tmp, r.out(), "ds-ec2", "delete", "--cluster", "")).isEqualTo("analytics\netl-prod\n");
        assertThat(complete(tmp, r.out(), "ds-ec2", "status", "--cluster", "et")).isEqualTo("etl-prod\n");
    }

    @Test
    void zshGetsTheScriptThroughBashcompinit() {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("completion", "zsh");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("bashcompinit", "complete -F _complete_ds-ec2", "ZSH_VERSION");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("completion", "fish");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("fish").contains("bash", "zsh");
    }
}
