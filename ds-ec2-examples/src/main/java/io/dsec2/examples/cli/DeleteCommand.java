package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeleteOptions;
import io.dsec2.model.DeleteResult;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 delete (-f cluster.yaml | --cluster NAME) [--force] [--purge-data] [--drain-timeout 10m]}: deletes the cluster's
 * instances, load balancer and security groups (found by the {@code ds-ec2:cluster} tag). Without {@code --force}
 * it asks on the console for the cluster name; with no console and no {@code --force} it refuses (exit 2).
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete the cluster: drain workers, stop servers, terminate instances, delete the ALB and the"
                + " security groups ds-ec2 created. Database data is kept unless --purge-data. Re-running finishes"
                + " an interrupted delete.")
final class DeleteCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--purge-data", description = "Also drop DolphinScheduler's tables (t_ds_*, qrtz_*) in the spec's"
            + " database and the objects under storage.prefix in storage.bucket.")
    boolean purgeData;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for running tasks on workers (e.g. 90s, 10m, 1h; default 10m).")
    Duration drainTimeout;

    @Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        ClusterSpec spec = options.spec();
        if (!force) {
            Console console = json.json ? null : System.console();
            if (console == null) {
                err.println("delete " + spec.name() + ": no console to confirm on; pass --force to delete without asking");
                return DsEc2Cli.BAD_INPUT;
            }
            out.println("This deletes cluster " + spec.name() + " in " + spec.aws().region() + ":");
            out.println("  - every instance tagged ds-ec2:cluster=" + spec.name() + " (servers stopped, instances terminated)");
            out.println("  - its load balancer " + spec.name() + ", listener and target group " + spec.name() + "-api, if any");
            out.println("  - the security groups ds-ec2 created for it");
            if (purgeData) {
                out.println("  - DolphinScheduler's tables (t_ds_*, qrtz_*) in database " + spec.database().database()
                        + " (--purge-data)");
                spec.storage().ifPresent(st -> out.println("  - the objects under s3://" + st.bucket() + "/"
                        + st.prefix().replaceAll("^/+", "") + "/ (--purge-data)"));
            } else {
                out.println("  Database " + spec.database().database() + " and S3 data are kept.");
            }
            out.flush();
            String answer = console.readLine("Type the cluster name to confirm: ");
            if (answer == null || !answer.strip().equals(spec.name())) {
                err.println("not confirmed: nothing was deleted");
                return DsEc2Cli.BAD_INPUT;
            }
        }
        DeleteOptions.Builder o = DeleteOptions.builder().confirmed(true).purgeData(purgeData);
        if (drainTimeout != null) {
            o.drainTimeout(drainTimeout);
        }
        DsCluster.Builder b = options.builder(spec);
        StageRecorder stages = new StageRecorder();
        b.addListener(stages);
        DeleteResult r = b.build().delete(o.build());
        if (json.json) {
            java.util.Map<String, Object> m = JsonViews.delete(r);
            m.put("stages", stages.stages());
            JsonOption.print(out, m);
            return DsEc2Cli.OK;
        }
        out.printf("deleted %s in %.1f s: %d server(s) stopped, %d instance(s) terminated, %d api target(s)"
                + " deregistered, %d task(s) killed%n", r.clusterId(), r.duration().toMillis() / 1000.0,
                r.serversStopped().size(), r.instancesTerminated().size(), r.targetsDeregistered().size(), r.tasksKilled());
        if (!r.dataPurged().isEmpty()) {
            out.println("purged: " + String.join(", ", r.dataPurged()));
        }
        out.println(r.complete() ? "nothing tagged ds-ec2:cluster=" + r.clusterId() + " is left"
                : "left: " + r.leftovers());
        out.flush();
        return DsEc2Cli.OK;
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT10M}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a duration: " + value + " (use e.g. 90s, 10m, 1h)");
            }
        }
    }
}
