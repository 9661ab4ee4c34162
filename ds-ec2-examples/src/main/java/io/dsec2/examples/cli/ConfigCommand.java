package io.dsec2.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 config <update|update-jvm|update-service|history|diff|rollback>}: configuration changes. */
@Command(name = "config", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Change a running cluster's configuration with rolling restarts, and list, compare and roll"
                + " back its recorded configuration versions.",
        subcommands = {ConfigUpdateCommand.class, ConfigUpdateJvmCommand.class, ConfigUpdateServiceCommand.class,
                ConfigHistoryCommand.class, ConfigDiffCommand.class, ConfigRollbackCommand.class})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        throw new ParameterException(command.commandLine(), "Missing command: use one of update, update-jvm,"
                + " update-service, history, diff, rollback");
    }
}
