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
        DsCluster.Builder b = options.builder();
        if (!quiet) {
            b.addListener(new ConsoleProgress(out));
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
        PrintWriter out = cmd.getOut();
        DsCluster cluster = cluster(options, apply.quiet || dryRun, out);
        return update(cmd, cluster, edit.apply(base(cluster, options, out)), apply, dryRun, policy);
    }

    static int update(CommandLine cmd, DsCluster cluster, ClusterSpec desired, ApplyOptions apply, boolean dryRun,
                      RollingPolicy policy) {
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        UpdateOptions options = options(cmd, apply, policy);
        ChangeSet changes = cluster.planUpdate(desired);
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
            return DsEc2Cli.BAD_INPUT;
        }
        out.println("policy: " + RollingPolicyOptions.describe(policy));
        if (dryRun) {
            out.println("dry run: nothing was changed");
            out.flush();
            return DsEc2Cli.OK;
        }
        if (changes.isEmpty() && !noBaseline) {
            out.println("the spec equals the applied version: only an interrupted earlier run is finished, if any");
        } else if (!confirm(cmd, apply, "Apply these changes to cluster " + desired.name() + "?")) {
            return DsEc2Cli.BAD_INPUT;
        }
        return report(out, cluster.update(desired, options));
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
        if (apply.yes) {
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
