package io.dsec2.examples.cli;

import io.dsec2.model.RolloutResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders what an update, rollback or restart did: outcome, version, restarted, failed and rolled-back nodes. */
final class RolloutReport {
    private RolloutReport() {
    }

    /**
     * @param r the result (of a finished run, or of a {@link io.dsec2.exception.RolloutException})
     * @return the text, ending with a newline
     */
    static String render(RolloutResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "outcome: %s in %.1f s (job %s%s)%n", outcome(r.outcome()),
                r.duration().toMillis() / 1000.0, r.jobId(), r.resumed() ? ", resumed" : ""));
        r.version().ifPresent(v -> sb.append("version: v").append(v.number())
                .append(v.operation().equals("rollback") && v.basedOn() > 0 ? " (rollback to v" + v.basedOn() + ")" : "")
                .append(", ").append(v.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(", digest ")
                .append(v.renderedDigest(), 0, Math.min(12, v.renderedDigest().length())).append('\n'));
        nodes(sb, "restarted", r.restarted());
        nodes(sb, "unchanged", r.unchanged());
        if (!r.failed().isEmpty()) {
            sb.append("failed:\n").append(failures(r.failed()));
        }
        nodes(sb, "rolled back", r.rolledBack());
        if (r.outcome() == RolloutResult.Outcome.PAUSED) {
            sb.append("nodes not reached keep the previous configuration; fix the cause and re-run the same command"
                    + " to resume\n");
        }
        return sb.toString();
    }

    /**
     * @param failed node id to cause
     * @return the nodes and causes, one per line, sorted by node id
     */
    static String failures(Map<String, String> failed) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(failed).forEach((node, cause) -> sb.append("  ").append(node).append(": ").append(cause)
                .append('\n'));
        return sb.toString();
    }

    private static void nodes(StringBuilder sb, String label, List<String> nodes) {
        if (!nodes.isEmpty()) {
            sb.append(label).append(": ").append(String.join(", ", nodes)).append('\n');
        }
    }

    private static String outcome(RolloutResult.Outcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
