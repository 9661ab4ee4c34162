package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.NodeRole;
import io.dsec2.model.ScaleOptions;
import io.dsec2.model.ScaleResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 scale -f cluster.yaml --role worker --count 5 [--drain-timeout 2m] [--force]
 * [--remove worker-3,worker-4]}: scales one role of the running cluster and prints what changed.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Scale one role (master, worker, api, alert) of the running cluster to --count nodes. Workers"
                + " are drained before they stop; api nodes leave the target group first.")
final class ScaleCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--role", required = true, description = "master, worker, api or alert.")
    String role;

    @Option(names = "--count", required = true, description = "Running nodes wanted (0 or more).")
    int count;

    @Option(names = "--drain-timeout", description = "How long removed workers may finish their tasks, e.g. 90s, 2m,"
            + " 1h (default 5m); tasks still running then are killed and counted.")
    String drainTimeout;

    @Option(names = "--force", description = "Allow going below one master.")
    boolean force;

    @Option(names = "--remove", split = ",", description = "Node ids to remove instead of the newest, e.g."
            + " worker-3,worker-4.")
    List<String> remove;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    @Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = json.prose(command.commandLine().getOut());
        ScaleOptions.Builder o = ScaleOptions.builder().force(force);
        if (drainTimeout != null) {
            o.drainTimeout(parse(drainTimeout));
        }
        if (remove != null) {
            o.remove(remove);
        }
        DsCluster.Builder b = options.builder();
        if (!quiet && !json.json) {
            b.addListener(new ConsoleProgress(out));
        }
        StageRecorder stages = new StageRecorder();
        b.addListener(stages);
        DsCluster cluster = b.build();
        ScaleResult r = cluster.scale(NodeRole.of(role), count, o.build());
        if (json.json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("cluster", cluster.spec().name());
            m.putAll(JsonViews.scale(r));
            m.put("stages", stages.stages());
            JsonOption.print(command.commandLine().getOut(), m);
            return DsEc2Cli.OK;
        }
        out.println();
        out.printf("%s: %d -> %d in %.1f s%n", r.role().id(), r.previousCount(), r.count(),
                r.duration().toMillis() / 1000.0);
        if (!r.added().isEmpty()) {
            out.println("added:   " + String.join(", ", r.added()));
        }
        if (!r.removed().isEmpty()) {
            out.println("removed: " + String.join(", ", r.removed()));
        }
        if (r.role() == NodeRole.WORKER && !r.removed().isEmpty()) {
            out.printf("tasks finished during drain: %d, tasks killed: %d%n", r.tasksFinished(), r.tasksKilled());
        }
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
        return DsEc2Cli.OK;
    }

    /** {@code 0}, {@code 90s}, {@code 2m}, {@code 1h}, or an ISO-8601 duration such as {@code PT2M}. */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--drain-timeout: '" + text + "' is no duration; use 90s, 2m, 1h or PT2M");
        }
    }
}
