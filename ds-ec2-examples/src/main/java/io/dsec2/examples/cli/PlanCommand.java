package io.dsec2.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 plan -f cluster.yaml}: what create would do, from the spec alone; no credentials needed. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what create would do. Reads only the spec: no credentials, no AWS call.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        io.dsec2.DsCluster cluster = options.builder().build();
        SpecWarnings.print(command.commandLine().getErr(), SpecWarnings.of(cluster));
        command.commandLine().getOut().print(cluster.plan());
        command.commandLine().getOut().flush();
        return DsEc2Cli.OK;
    }
}
