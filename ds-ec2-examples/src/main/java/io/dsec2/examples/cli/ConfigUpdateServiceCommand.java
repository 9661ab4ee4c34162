package io.dsec2.examples.cli;

import io.dsec2.model.NodeRole;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 config update-service -f cluster.yaml --role master --param master.exec-threads=200 [--param k=v]...}:
 * sets {@code application.yaml} keys of one role on top of the newest applied version (or the file), then updates
 * like {@code config update}.
 */
@Command(name = "update-service", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Set application.yaml keys of one role, starting from the newest applied configuration"
                + " version (or the file when none is recorded), and roll the change out like config update.")
final class ConfigUpdateServiceCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--role", required = true, converter = RollingPolicyOptions.RoleConverter.class,
            description = "master, worker, api or alert (for workers: every worker group unless --group).")
    NodeRole role;

    @Option(names = "--group", paramLabel = "NAME", description = "Only this worker group.")
    String group;

    @Option(names = "--param", required = true, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "An application.yaml key and value, e.g. master.exec-threads=200; a key without a dot gets"
                    + " the role's prefix (exec_threads -> worker.exec-threads). Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Only show the changes.")
    boolean dryRun;

    @Mixin
    ApplyOptions apply;

    @Mixin
    RollingPolicyOptions policy;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().isBlank() || e.getValue().isBlank()) {
                throw new picocli.CommandLine.ParameterException(command.commandLine(), "--param: '" + e.getKey() + "="
                        + e.getValue() + "': give KEY=VALUE, for example master.exec-threads=200");
            }
        }
        return Rollouts.updateEdited(command.commandLine(), options, apply, policy.policy(), dryRun,
                base -> SpecEdits.withConfig(base, role, group, params));
    }
}
