package io.dsec2.examples.cli;

import io.dsec2.model.FailureAction;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The rolling-restart options {@code config update}, {@code config update-jvm}, {@code config update-service},
 * {@code config rollback} and {@code restart} share. Values are checked while the command line is parsed, so a bad
 * value is a usage error (exit 2) whose message names the option. Options not given keep
 * {@link RollingPolicy#defaults()}.
 */
final class RollingPolicyOptions {
    @Option(names = "--batch-size", paramLabel = "N|N%", converter = BatchSizeConverter.class,
            description = "Nodes of a role restarted at once: a count (default 1) or a percentage of the role's"
                    + " nodes such as 25%% (rounded up). A master batch always leaves one master registered.")
    BatchSize batchSize;

    @Option(names = "--pause", paramLabel = "DURATION", converter = NonNegativeDuration.class,
            description = "Wait between batches, e.g. 30s, 5m (default 0).")
    Duration pause;

    @Option(names = "--monitor", paramLabel = "DURATION", converter = NonNegativeDuration.class,
            description = "How long a batch must stay healthy after its gate before the next starts (default 10s).")
    Duration monitor;

    @Option(names = "--health-timeout", paramLabel = "DURATION", converter = PositiveDuration.class,
            description = "How long a restarted node may take to pass its health gate (default 3m).")
    Duration healthTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = NonNegativeDuration.class,
            description = "How long a worker may finish its running tasks before it stops (default 5m; 0 kills"
                    + " them at once).")
    Duration drainTimeout;

    @Option(names = "--on-failure", paramLabel = "pause|continue|rollback", converter = FailureActionConverter.class,
            description = "When a node fails its gate: pause (default; re-run to resume), continue (up to"
                    + " --max-failures nodes) or rollback (changed nodes return to the previous version).")
    FailureAction onFailure;

    @Option(names = "--max-failures", paramLabel = "N", converter = NonNegativeInt.class,
            description = "With --on-failure continue, how many failed nodes are tolerated (default 1).")
    Integer maxFailures;

    @Option(names = "--order", paramLabel = "ROLE[,ROLE...]", split = ",", hideParamSyntax = true, converter = RoleConverter.class,
            description = "Role order, e.g. worker,master,api,alert (the default); roles left out follow in the"
                    + " default order.")
    List<NodeRole> order;

    /** @return the policy these options describe: the defaults with every given option applied */
    RollingPolicy policy() {
        RollingPolicy.Builder b = RollingPolicy.builder();
        if (batchSize != null) {
            if (batchSize.percent() > 0) {
                b.batchPercent(batchSize.percent());
            } else {
                b.batchSize(batchSize.count());
            }
        }
        if (pause != null) {
            b.pauseBetweenBatches(pause);
        }
        if (monitor != null) {
            b.monitorWindow(monitor);
        }
        if (healthTimeout != null) {
            b.healthTimeout(healthTimeout);
        }
        if (drainTimeout != null) {
            b.drainTimeout(drainTimeout);
        }
        if (onFailure != null) {
            b.failureAction(onFailure);
        }
        if (maxFailures != null) {
            b.maxFailures(maxFailures);
        }
        if (order != null) {
            b.roleOrder(order);
        }
        return b.build();
    }

    /** One line describing a policy, for the confirmation and the dry run. */
    static String describe(RollingPolicy p) {
        return "batch " + (p.batchPercent() > 0 ? p.batchPercent() + "%" : String.valueOf(p.batchSize()))
                + ", pause " + human(p.pauseBetweenBatches()) + ", monitor " + human(p.monitorWindow())
                + ", health timeout " + human(p.healthTimeout()) + ", drain timeout " + human(p.drainTimeout())
                + ", on failure " + FailureActionConverter.name(p.failureAction())
                + (p.failureAction() == FailureAction.CONTINUE ? " (max " + p.maxFailures() + " failure(s))" : "")
                + ", order " + String.join(",", p.roleOrder().stream().map(NodeRole::id).toList());
    }

    private static String human(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillisPart() != 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A batch size: a count ({@code percent == 0}) or a percentage ({@code count == 0}). */
    record BatchSize(int count, int percent) {
    }

    /** {@code 2} or {@code 25%}. */
    static final class BatchSizeConverter implements ITypeConverter<BatchSize> {
        @Override
        public BatchSize convert(String value) {
            String v = value.strip();
            boolean percent = v.endsWith("%");
            int n;
            try {
                n = Integer.parseInt(percent ? v.substring(0, v.length() - 1).strip() : v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither a node count (e.g. 2) nor a percentage"
                        + " (e.g. 25%)");
            }
            if (percent && (n < 1 || n > 100)) {
                throw new TypeConversionException("'" + value + "': a percentage must be 1% to 100%");
            }
            if (!percent && n < 1) {
                throw new TypeConversionException("'" + value + "': at least 1 node per batch");
            }
            return percent ? new BatchSize(0, n) : new BatchSize(n, 0);
        }
    }

    /** A duration of zero or more, written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601. */
    static class NonNegativeDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = new DeleteCommand.DurationConverter().convert(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
            }
            if (d.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return d;
        }
    }

    /** Like {@link NonNegativeDuration}, but zero is refused too. */
    static final class PositiveDuration extends NonNegativeDuration {
        @Override
        public Duration convert(String value) {
            Duration d = super.convert(value);
            if (d.isZero()) {
                throw new TypeConversionException("'" + value + "' must be longer than zero");
            }
            return d;
        }
    }

    /** {@code pause}, {@code continue} or {@code rollback} (also {@code roll-back}, {@code roll_back}). */
    static final class FailureActionConverter implements ITypeConverter<FailureAction> {
        @Override
        public FailureAction convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
                case "pause" -> FailureAction.PAUSE;
                case "continue" -> FailureAction.CONTINUE;
                case "rollback" -> FailureAction.ROLL_BACK;
                default -> throw new TypeConversionException("'" + value + "': use pause, continue or rollback");
            };
        }

        static String name(FailureAction a) {
            return switch (a) {
                case PAUSE -> "pause";
                case CONTINUE -> "continue";
                case ROLL_BACK -> "rollback";
            };
        }
    }

    /** An integer of zero or more. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 0) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return n;
        }
    }

    /** master, worker, api or alert. */
    static final class RoleConverter implements ITypeConverter<NodeRole> {
        @Override
        public NodeRole convert(String value) {
            try {
                return NodeRole.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
