package io.dsec2.examples.cli;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the desired spec of {@code config update-jvm} and {@code config update-service} from a base spec (the
 * newest recorded version, or the file): pure functions, no I/O. The result is checked like any spec, so an
 * impossible edit (say {@code -Xmn} above {@code -Xmx}) throws {@link io.dsec2.exception.InvalidClusterSpecException}.
 */
final class SpecEdits {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt])?i?b?", Pattern.CASE_INSENSITIVE);

    private SpecEdits() {
    }

    /**
     * JVM changes for one role; null sizes stay as they are.
     *
     * @param xmsMib new {@code -Xms} in MiB, or null
     * @param xmxMib new {@code -Xmx} in MiB, or null
     * @param xmnMib new {@code -Xmn} in MiB, or null
     * @param addOptions options to add; one with the same name as an existing option replaces it
     * @param clearOptions drop the existing extra options first
     */
    record JvmEdit(Integer xmsMib, Integer xmxMib, Integer xmnMib, List<String> addOptions, boolean clearOptions) {
        JvmEdit {
            addOptions = List.copyOf(addOptions);
        }

        boolean isEmpty() {
            return xmsMib == null && xmxMib == null && xmnMib == null && addOptions.isEmpty() && !clearOptions;
        }
    }

    /**
     * @param base the spec to start from
     * @param role the role whose node groups change (every worker group unless {@code group} is given)
     * @param group a worker group name, or null for all groups of the role
     * @param edit the JVM changes
     * @return the desired spec
     * @throws IllegalArgumentException if {@code group} names no worker group or is given for another role
     */
    static ClusterSpec withJvm(ClusterSpec base, NodeRole role, String group, JvmEdit edit) {
        return edit(base, role, group, g -> g.copy(b -> b.jvm(jvm(g.jvm(), edit))));
    }

    /**
     * @param base the spec to start from
     * @param role the role whose node groups change (every worker group unless {@code group} is given)
     * @param group a worker group name, or null for all groups of the role
     * @param params {@code application.yaml} keys to set; a key without a dot gets the role's prefix, as in the
     *     YAML's {@code service_config} ({@code exec_threads} for worker is {@code worker.exec-threads})
     * @return the desired spec
     * @throws IllegalArgumentException if a key or value is empty, or the group is unknown
     */
    static ClusterSpec withConfig(ClusterSpec base, NodeRole role, String group, Map<String, String> params) {
        Map<String, String> keys = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("--param: give key=value, for example master.exec-threads=200");
            }
            keys.put(configKey(role, k.strip()), v == null ? "" : v.strip());
        });
        return edit(base, role, group, g -> g.copy(b -> keys.forEach(b::putConfig)));
    }

    /** @return the full {@code application.yaml} key for what a user wrote after {@code --param} */
    static String configKey(NodeRole role, String key) {
        return key.contains(".") ? key : role.id() + "." + key.replace('_', '-');
    }

    /**
     * @param text {@code 2g}, {@code 512m}, {@code 1.5g} or a bare number of MiB (as the YAML reader reads sizes)
     * @return MiB
     * @throws IllegalArgumentException if it is no size
     */
    static int mib(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; use e.g. 4g, 512m or 4096 (MiB)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "k" -> 1.0 / 1024;
            case "g" -> 1024;
            case "t" -> 1024 * 1024;
            default -> 1;
        };
        long mib = Math.round(n * factor);
        if (mib < 1 || mib > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is out of range (1 MiB or more)");
        }
        return (int) mib;
    }

    /**
     * @param current the options a group has
     * @param added options to add, in order
     * @return {@code current} with each added option replacing one of the same name (-Dname, -XX:Name, -Xss...)
     *     or appended
     */
    static List<String> mergeOptions(List<String> current, List<String> added) {
        List<String> out = new ArrayList<>(current);
        for (String a : added) {
            String opt = a.strip();
            if (opt.isEmpty()) {
                continue;
            }
            String name = optionName(opt);
            out.removeIf(o -> optionName(o).equals(name));
            out.add(opt);
        }
        return out;
    }

    /** -Dk=v -> -Dk; -XX:+Name / -XX:-Name / -XX:Name=v -> -XX:Name; -Xss1m -> -Xss; otherwise the option itself. */
    static String optionName(String opt) {
        if (opt.startsWith("-XX:")) {
            String rest = opt.substring(4);
            if (rest.startsWith("+") || rest.startsWith("-")) {
                rest = rest.substring(1);
            }
            int eq = rest.indexOf('=');
            return "-XX:" + (eq < 0 ? rest : rest.substring(0, eq));
        }
        if (opt.startsWith("-D")) {
            int eq = opt.indexOf('=');
            return eq < 0 ? opt : opt.substring(0, eq);
        }
        Matcher m = Pattern.compile("(-Xss|-Xms|-Xmx|-Xmn)\\S*").matcher(opt);
        return m.matches() ? m.group(1) : opt;
    }

    private static JvmSpec jvm(JvmSpec current, JvmEdit e) {
        return current.copy(b -> {
            if (e.xmsMib() != null) {
                b.xmsMib(e.xmsMib());
            }
            if (e.xmxMib() != null) {
                b.xmxMib(e.xmxMib());
            }
            if (e.xmnMib() != null) {
                b.xmnMib(e.xmnMib());
            }
            if (e.clearOptions() || !e.addOptions().isEmpty()) {
                b.extraOptions(mergeOptions(e.clearOptions() ? List.of() : current.extraOptions(), e.addOptions()));
            }
        });
    }

    private static ClusterSpec edit(ClusterSpec base, NodeRole role, String group, UnaryOperator<NodeGroupSpec> f) {
        if (group != null && role != NodeRole.WORKER) {
            throw new IllegalArgumentException("--group names a worker group; it does not apply to role " + role.id());
        }
        if (group != null && base.workerGroups().stream().noneMatch(g -> g.name().equals(group))) {
            throw new IllegalArgumentException("--group: no worker group '" + group + "'; the spec has "
                    + base.workerGroups().stream().map(NodeGroupSpec::name).toList());
        }
        return base.copy(b -> {
            switch (role) {
                case MASTER -> b.masters(g -> replace(g, f.apply(base.masters())));
                case API -> b.apis(g -> replace(g, f.apply(base.apis())));
                case ALERT -> b.alerts(g -> replace(g, f.apply(base.alerts())));
                case WORKER -> b.workerGroups(base.workerGroups().stream()
                        .map(g -> group == null || g.name().equals(group) ? f.apply(g) : g).toList());
                default -> throw new IllegalStateException("unknown role " + role);
            }
        });
    }

    private static void replace(NodeGroupSpec.Builder b, NodeGroupSpec g) {
        b.jvm(g.jvm()).config(g.config());
    }
}
