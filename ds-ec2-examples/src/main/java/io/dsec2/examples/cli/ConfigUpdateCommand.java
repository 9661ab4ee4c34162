package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 config update -f cluster.yaml [--note TEXT] [--dry-run] [--yes] [policy options]}: makes the file
 * the cluster's configuration. Prints the change set; with {@code --dry-run} stops there. Unsupported changes:
 * exit 2, nothing changed.
 */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Apply the spec file to the running cluster: show what changes (key, old -> new, roles,"
                + " policy), record a new configuration version and restart only the servers whose configuration"
                + " changed, batch by batch, each gated on health. Unsupported changes: exit 2, nothing changed.")
final class ConfigUpdateCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--dry-run", description = "Only show the changes (nothing is locked, written or restarted).")
    boolean dryRun;

    @Mixin
    ApplyOptions apply;

    @Mixin
    RollingPolicyOptions policy;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var policy = this.policy.policy();
        StageRecorder stages = new StageRecorder();
        DsCluster cluster = Rollouts.cluster(options, apply.quiet || dryRun || apply.json.json,
                command.commandLine().getOut(), stages);
        return Rollouts.update(command.commandLine(), cluster, cluster.spec(), apply, dryRun, policy, stages);
    }
}
