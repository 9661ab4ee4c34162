package io.dsec2.examples.cli;

import io.dsec2.model.ConfigVersion;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders a cluster's configuration history, oldest first: one line per {@link ConfigVersion}. */
final class HistoryTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private HistoryTable() {
    }

    /**
     * @param cluster the cluster name, for the empty case
     * @param versions oldest first
     * @return the table, ending with a newline
     */
    static String render(String cluster, List<ConfigVersion> versions) {
        if (versions.isEmpty()) {
            return "no configuration version recorded for cluster " + cluster + "\n";
        }
        TextTable t = new TextTable("VERSION", "TIME (UTC)", "BY", "OPERATION", "STATUS", "DIGEST", "NOTE");
        for (ConfigVersion v : versions) {
            String digest = v.renderedDigest();
            t.row("v" + v.number(), TIME.format(v.createdAt()), v.createdBy(), operation(v),
                    v.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    digest.substring(0, Math.min(12, digest.length())), v.note().replaceAll("\\s*\\R\\s*", " "));
        }
        return t.render();
    }

    static String operation(ConfigVersion v) {
        return v.operation().equals("rollback") && v.basedOn() > 0 ? "rollback to v" + v.basedOn() : v.operation();
    }
}
