package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.ConfigVersion;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 config rollback -f cluster.yaml --version N [--note TEXT] [--yes] [policy options]}: records a new
 * version equal to version N and rolls it out like an update.
 */
@Command(name = "rollback", sortOptions = false,
        description = "Return the cluster to configuration version N: a new version equal to N is recorded (history"
                + " only moves forward) and rolled out like config update.")
final class ConfigRollbackCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version to return to.")
    int version;

    /** Not {@code mixinStandardHelpOptions}: its {@code --version} would clash with the version to return to. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--dry-run", description = "Only show what changes.")
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
        var cmd = command.commandLine();
        var options = Rollouts.options(cmd, apply, policy);
        var out = apply.json.prose(cmd.getOut());
        StageRecorder stages = new StageRecorder();
        DsCluster cluster = Rollouts.cluster(this.options, apply.quiet || dryRun || apply.json.json, out, stages);
        List<ConfigVersion> history = cluster.history();
        if (history.stream().noneMatch(v -> v.number() == version)) {
            throw new IllegalArgumentException("--version: cluster " + cluster.spec().name() + " has no version "
                    + version + (history.isEmpty() ? " (no version recorded)" : "; recorded: v"
                    + history.get(0).number() + " to v" + history.get(history.size() - 1).number()));
        }
        int from = history.stream().filter(v -> v.status() == io.dsec2.model.VersionStatus.APPLIED)
                .reduce((a, b) -> b).orElse(history.get(history.size() - 1)).number();
        var changes = cluster.diff(from, version);
        out.print(ChangeSetTable.render("rollback to v" + version + ": changes from v" + from, changes));
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("cluster", cluster.spec().name());
        json.put("toVersion", version);
        json.put("changes", JsonViews.changeSet(changes));
        json.put("policy", RollingPolicyOptions.describe(policy));
        json.put("dryRun", dryRun);
        out.println("policy: " + RollingPolicyOptions.describe(policy));
        if (dryRun) {
            out.println("dry run: nothing was changed");
            out.flush();
            if (apply.json.json) {
                json.put("result", null);
                JsonOption.print(cmd.getOut(), json);
            }
            return DsEc2Cli.OK;
        }
        if (!Rollouts.confirm(cmd, apply, "Roll cluster " + cluster.spec().name() + " back to v" + version + "?")) {
            return DsEc2Cli.BAD_INPUT;
        }
        var result = cluster.rollback(version, options);
        return apply.json.json ? Rollouts.reportJson(cmd.getOut(), json, result, stages) : Rollouts.report(out, result);
    }
}
