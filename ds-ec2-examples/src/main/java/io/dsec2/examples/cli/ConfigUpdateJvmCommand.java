package io.dsec2.examples.cli;

import io.dsec2.model.NodeRole;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ds-ec2 config update-jvm -f cluster.yaml --role worker [--xms 1g] [--xmx 2g] [--xmn 512m] [--jvm-opt OPT]...}:
 * changes one role's JVM settings on top of the newest applied version (or the file, when none is recorded),
 * then updates like {@code config update}.
 */
@Command(name = "update-jvm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Change one role's heap sizes or JVM options, starting from the newest applied configuration"
                + " version (or the file when none is recorded), and roll the change out like config update.")
final class ConfigUpdateJvmCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--role", required = true, converter = RollingPolicyOptions.RoleConverter.class,
            description = "master, worker, api or alert (for workers: every worker group unless --group).")
    NodeRole role;

    @Option(names = "--group", paramLabel = "NAME", description = "Only this worker group.")
    String group;

    @Option(names = "--xms", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Initial heap, e.g. 1g, 512m (bare numbers are MiB).")
    Integer xms;

    @Option(names = "--xmx", paramLabel = "SIZE", converter = SizeConverter.class, description = "Maximum heap.")
    Integer xmx;

    @Option(names = "--xmn", paramLabel = "SIZE", converter = SizeConverter.class, description = "Young generation.")
    Integer xmn;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "A JVM option to add, e.g. -XX:+UseG1GC;"
            + " replaces an option of the same name (-Dname, -XX:Name). Repeatable.")
    List<String> jvmOpts = List.of();

    @Option(names = "--clear-jvm-opts", description = "Drop the role's extra JVM options before adding --jvm-opt.")
    boolean clearJvmOpts;

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
        SpecEdits.JvmEdit edit = new SpecEdits.JvmEdit(xms, xmx, xmn, jvmOpts, clearJvmOpts);
        if (edit.isEmpty()) {
            throw new ParameterException(command.commandLine(),
                    "nothing to change: give --xms, --xmx, --xmn, --jvm-opt or --clear-jvm-opts");
        }
        return Rollouts.updateEdited(command.commandLine(), options, apply, policy.policy(), dryRun,
                base -> SpecEdits.withJvm(base, role, group, edit));
    }

    /** A size as the YAML reader reads one: {@code 2g}, {@code 512m}, {@code 1.5g}, {@code 4096} (MiB). */
    static final class SizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return SpecEdits.mib(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
