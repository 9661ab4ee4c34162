package io.dsec2.examples.cli;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeRole;
import io.dsec2.model.UpdatePolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link ChangeSet}: one line per changed key (old and new value as the library gives them, so literal
 * secrets stay {@code ******}), the roles it touches, its policy and the reason; unsupported changes are marked
 * with {@code !} and listed again below the table with their way out.
 */
final class ChangeSetTable {
    private ChangeSetTable() {
    }

    /**
     * @param title the first line, e.g. {@code changes from v2 to the desired spec}
     * @param set the change set
     * @return the text, ending with a newline
     */
    static String render(String title, ChangeSet set) {
        StringBuilder sb = new StringBuilder(title);
        if (set.isEmpty()) {
            return sb.append(": none\n").toString();
        }
        sb.append(" (").append(set.changes().size()).append(" key(s)");
        if (!set.rolesToRestart().isEmpty()) {
            sb.append("; restarts ").append(roles(set.rolesToRestart()));
        }
        if (!set.rolesToReplace().isEmpty()) {
            sb.append("; replaces instances of ").append(roles(set.rolesToReplace()));
        }
        sb.append(")\n");
        TextTable t = new TextTable("", "KEY", "OLD -> NEW", "ROLES", "POLICY", "REASON");
        for (ConfigChange c : set.changes()) {
            boolean bad = c.policy() == UpdatePolicy.UNSUPPORTED;
            t.row(bad ? "!" : " ", c.key(), c.oldValue().orElse("(unset)") + " -> " + c.newValue().orElse("(unset)"),
                    c.roles().isEmpty() ? "-" : roles(c.roles()), policy(c.policy()), oneLine(c.reason()));
        }
        sb.append(t.render());
        List<ConfigChange> unsupported = set.unsupported();
        if (!unsupported.isEmpty()) {
            sb.append("! ").append(unsupported.size()).append(" change(s) cannot be applied to a running cluster:\n");
            unsupported.forEach(c -> sb.append("  ").append(c.key()).append(": ").append(oneLine(c.reason()))
                    .append('\n'));
        }
        return sb.toString();
    }

    static String policy(UpdatePolicy p) {
        return p == UpdatePolicy.UNSUPPORTED ? "UNSUPPORTED" : p.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String roles(java.util.Set<NodeRole> roles) {
        return EnumSet.copyOf(roles).stream().map(NodeRole::id).collect(Collectors.joining(","));
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
