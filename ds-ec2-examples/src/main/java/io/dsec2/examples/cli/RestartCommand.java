package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.NodeRole;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 restart -f cluster.yaml --role worker[,master,...] [--yes] [policy options]}: a rolling restart of
 * every server of the roles, configuration unchanged.
 */
@Command(name = "restart", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rolling restart of every server of the given roles, configuration unchanged: batch by batch,"
                + " workers drained and api nodes out of the load balancer while they restart, each gated on"
                + " health. Re-running after an interruption resumes.")
final class RestartCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE[,ROLE...]",
            hideParamSyntax = true,
            converter = RollingPolicyOptions.RoleConverter.class,
            description = "Roles to restart: master, worker, api, alert (rolled in --order).")
    List<NodeRole> roles;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation. Without a terminal (scripts, CI) the"
            + " command never asks.")
    boolean yes;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    @Mixin
    JsonOption json;

    @Mixin
    RollingPolicyOptions policy;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var policy = this.policy.policy();
        var cmd = command.commandLine();
        var out = json.prose(cmd.getOut());
        StageRecorder stages = new StageRecorder();
        DsCluster cluster = Rollouts.cluster(options, quiet || json.json, out, stages);
        String names = roles.stream().distinct().map(NodeRole::id).collect(Collectors.joining(", "));
        out.println("restart " + names + " of cluster " + cluster.spec().name());
        out.println("policy: " + RollingPolicyOptions.describe(policy));
        ApplyOptions confirm = new ApplyOptions();
        confirm.yes = yes;
        confirm.json = json;
        if (!Rollouts.confirm(cmd, confirm, "Restart every " + names + " server of cluster " + cluster.spec().name()
                + "?")) {
            return DsEc2Cli.BAD_INPUT;
        }
        var result = cluster.restart(roles.stream().distinct().toList(), policy);
        if (json.json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("cluster", cluster.spec().name());
            m.put("roles", roles.stream().distinct().map(NodeRole::id).toList());
            m.put("policy", RollingPolicyOptions.describe(policy));
            return Rollouts.reportJson(cmd.getOut(), m, result, stages);
        }
        return Rollouts.report(out, result);
    }
}
