package io.dsec2.examples.cli;

import static io.dsec2.examples.cli.DsEc2CliTest.SAMPLE;
import static io.dsec2.examples.cli.DsEc2CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RestartCommandTest {

    @Test
    void rolesAreACommaList() {
        RestartCommand cmd = new RestartCommand();
        new CommandLine(cmd).parseArgs("-f", "c.yaml", "--role", "worker,master", "--role", "api", "--batch-size",
                "50%", "--yes");
        assertThat(cmd.roles).containsExactly(NodeRole.WORKER, NodeRole.MASTER, NodeRole.API);
        assertThat(cmd.yes).isTrue();
        assertThat(cmd.policy.policy().batchPercent()).isEqualTo(50);
    }

    @Test
    void roleIsRequiredAndChecked() {
        DsEc2CliTest.Run r = cli("restart", "-f", SAMPLE.toString());
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--role");
        r = cli("restart", "-f", SAMPLE.toString(), "--role", "worker,zookeeper");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("Invalid value for option '--role'").contains("zookeeper");
    }
}
