package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** What the config commands and {@code restart} share: building the cluster, confirming, applying, reporting. */
final class Rollouts {
    private Rollouts() {
    }

    /** @return the cluster of the spec file, with the console progress display unless {@code quiet} */
    static DsCluster cluster(SpecOptions options, boolean quiet, PrintWriter out) {
        return cluster(options, quiet, out, null);
    }

    /**
     * @param stages records the stages for {@code --json}, or null
     * @return the cluster of the spec file, with the console progress display unless {@code quiet}
     */
    static DsCluster cluster(SpecOptions options, boolean quiet, PrintWriter out, StageRecorder stages) {
        DsCluster.Builder b = options.builder();
        if (!quiet) {
            b.addListener(new ConsoleProgress(out));
        }
        if (stages != null) {
            b.addListener(stages);
        }
        return b.build();
    }

    /**
     * The base of {@code update-jvm} and {@code update-service}, as the library's change sets start there: the newest
     * applied version's spec (else the newest recorded one; a paused or rolled-back change is not built on), with the
     * command line's AWS overrides, and literal secrets from the file: {@link SpecEdits#withLiteralSecretsFrom}), or
     * the file's spec when nothing is recorded.
     */
    static ClusterSpec base(DsCluster cluster, SpecOptions options, PrintWriter out) {
        List<ConfigVersion> history = cluster.history();
        if (history.isEmpty()) {
            out.println("base: " + options.file + " (no configuration version recorded yet)");
            return cluster.spec();
        }
        java.util.Optional<ConfigVersion> applied = history.stream()
                .filter(v -> v.status() == io.dsec2.model.VersionStatus.APPLIED).reduce((a, b) -> b);
        ConfigVersion base = applied.orElse(history.get(history.size() - 1));
        out.println("base: v" + base.number() + (applied.isPresent() ? " (the newest applied version)"
                : " (the newest recorded version; none is applied)"));
        return SpecEdits.withLiteralSecretsFrom(options.withOverrides(base.spec()), cluster.spec());
    }

    /**
     * Shows the change set from the applied version to {@code desired}, then (unless a dry run, or refused)
     * confirms and runs the update.
     *
     * @return the exit code
     */
    /**
     * {@code config update-jvm} and {@code update-service}: the newest applied version (or the file) with
     * {@code edit} applied, rolled out like {@code config update}.
     */
    static int updateEdited(CommandLine cmd, SpecOptions options, ApplyOptions apply, RollingPolicy policy,
                            boolean dryRun, java.util.function.UnaryOperator<ClusterSpec> edit) {
        PrintWriter out = apply.json.prose(cmd.getOut());
        StageRecorder stages = new StageRecorder();
        DsCluster cluster = cluster(options, apply.quiet || dryRun || apply.json.json, out, stages);
        return update(cmd, cluster, edit.apply(base(cluster, options, out)), apply, dryRun, policy, stages);
    }

    static int update(CommandLine cmd, DsCluster cluster, ClusterSpec desired, ApplyOptions apply, boolean dryRun,
                      RollingPolicy policy) {
        return update(cmd, cluster, desired, apply, dryRun, policy, new StageRecorder());
    }

    static int update(CommandLine cmd, DsCluster cluster, ClusterSpec desired, ApplyOptions apply, boolean dryRun,
                      RollingPolicy policy, StageRecorder stages) {
        PrintWriter out = apply.json.prose(cmd.getOut());
        PrintWriter err = cmd.getErr();
        UpdateOptions options = options(cmd, apply, policy);
        ChangeSet changes = cluster.planUpdate(desired);
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("cluster", desired.name());
        json.put("changes", JsonViews.changeSet(changes));
        json.put("policy", RollingPolicyOptions.describe(policy));
        json.put("dryRun", dryRun);
        boolean noBaseline = changes.fromVersion() == 0 && changes.isEmpty();
        if (noBaseline) {
            out.println("no configuration version recorded yet for cluster " + desired.name() + ": nothing to compare"
                    + " with; an update records this spec as the first version and restarts only the nodes whose"
                    + " rendered configuration differs from it");
        } else {
            out.print(ChangeSetTable.render(changes.fromVersion() == 0 ? "changes"
                    : "changes from v" + changes.fromVersion(), changes));
        }
        out.flush();
        if (!changes.unsupported().isEmpty()) {
            err.println("error: nothing was changed: " + changes.unsupported().size() + " change(s) cannot be applied"
                    + " to a running cluster (marked ! above, each with its way out)");
            err.flush();
            if (apply.json.json) {
                json.put("error", "nothing was changed: unsupported change(s) " + changes.unsupported().stream()
                        .map(io.dsec2.model.ConfigChange::key).toList());
                JsonOption.print(cmd.getOut(), json);
            }
            return DsEc2Cli.BAD_INPUT;
        }
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
        if (changes.isEmpty() && !noBaseline) {
            out.println("the spec equals the applied version: only an interrupted earlier run is finished, if any");
        } else if (!confirm(cmd, apply, "Apply these changes to cluster " + desired.name() + "?")) {
            return DsEc2Cli.BAD_INPUT;
        }
        RolloutResult result = cluster.update(desired, options);
        if (apply.json.json) {
            return reportJson(cmd.getOut(), json, result, stages);
        }
        return report(out, result);
    }

    /**
     * Prints {@code json} with the rollout's {@code result} and {@code stages} added.
     *
     * @return the exit code, as {@link #report}
     */
    static int reportJson(PrintWriter out, java.util.Map<String, Object> json, RolloutResult result,
                          StageRecorder stages) {
        json.put("result", JsonViews.rollout(result));
        json.put("stages", stages.stages());
        JsonOption.print(out, json);
        return result.outcome() == RolloutResult.Outcome.COMPLETED_WITH_FAILURES ? DsEc2Cli.DEGRADED : DsEc2Cli.OK;
    }

    /** @return the update options, a bad note being a usage error naming {@code --note} */
    static UpdateOptions options(CommandLine cmd, ApplyOptions apply, RollingPolicy policy) {
        try {
            return UpdateOptions.builder().note(apply.note).policy(policy).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--note: " + e.getMessage());
        }
    }

    /**
     * Asks on the terminal unless {@code --yes}; without a terminal (stdin or stdout redirected: scripts, CI)
     * proceeds without asking.
     *
     * @return true to go on; false (after saying so) if the operator declined
     */
    static boolean confirm(CommandLine cmd, ApplyOptions apply, String question) {
        if (apply.yes || apply.json.json) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            return true;
        }
        cmd.getOut().flush();
        String answer = console.readLine("%s [y/N] ", question);
        if (answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        cmd.getErr().println("not confirmed: nothing was changed");
        cmd.getErr().flush();
        return false;
    }

    /**
     * Prints the result.
     *
     * @return 0, or 4 (degraded) when the rollout completed with failed nodes within {@code --max-failures}
     */
    static int report(PrintWriter out, RolloutResult result) {
        out.println();
        out.print(RolloutReport.render(result));
        out.flush();
        return result.outcome() == RolloutResult.Outcome.COMPLETED_WITH_FAILURES ? DsEc2Cli.DEGRADED : DsEc2Cli.OK;
    }
}
