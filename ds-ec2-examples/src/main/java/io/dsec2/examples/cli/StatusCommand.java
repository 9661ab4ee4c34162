package io.dsec2.examples.cli;

import io.dsec2.model.ClusterStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 status -f cluster.yaml [--json]}: the cluster's verdict and every node's details, read-only.
 * Exit code 0 healthy, 4 degraded, 5 down (1, 2, 3 as for every command).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Check a running cluster: instances, SSH, server processes, health, ZooKeeper registration, "
                + "load balancer targets. Read-only. Exit code 0 healthy, 4 degraded, 5 down.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--json", description = "Print the status as one JSON object instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ClusterStatus s = options.builder().build().status();
        var out = command.commandLine().getOut();
        out.print(json ? s.toJson() + "\n" : s.toTable());
        out.flush();
        return switch (s.verdict()) {
            case HEALTHY -> DsEc2Cli.OK;
            case DEGRADED -> DsEc2Cli.DEGRADED;
            case DOWN -> DsEc2Cli.DOWN;
        };
    }
}
