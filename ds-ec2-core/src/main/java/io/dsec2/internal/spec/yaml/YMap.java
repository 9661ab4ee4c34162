package io.dsec2.internal.spec.yaml;

import io.dsec2.internal.spec.Grammar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping at a known path, with the keys it allows. Unknown and duplicate keys are reported when it
 * is created, with a "did you mean" for near misses. Accessors record the line of every value they see.
 */
final class YMap {
    private final YamlContext ctx;
    private final String path;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keys = new LinkedHashMap<>();

    private YMap(YamlContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /**
     * @param node a node that should be a mapping
     * @param allowed the keys allowed in it, or null to allow any (free-form maps such as service_config)
     * @return the map, or empty (with an error reported) if the node is not a mapping
     */
    static Optional<YMap> of(YamlContext ctx, String path, Node node, Set<String> allowed) {
        if (isNull(node)) {
            return Optional.empty();
        }
        // the document itself has no path of its own: its problems are reported at <yaml>
        String at = path.isEmpty() ? "<yaml>" : path;
        if (!(node instanceof MappingNode)) {
            ctx.error(at, node, "must be a mapping of keys to values");
            return Optional.empty();
        }
        YMap map = new YMap(ctx, path);
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                ctx.error(at, t.getKeyNode(), "keys must be plain strings");
                continue;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            String child = map.child(key);
            if (map.values.containsKey(key)) {
                ctx.error(map.child(Grammar.shownKey(key)), t.getKeyNode(), "is given twice; keep one");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                // shown cut: a mistyped "password:hunter2" is one key that holds a secret; and not shown with
                // capitals: every key here is lower case, and a broken line can leave a password where a key stands
                String shown = Grammar.shownKey(key);
                boolean capitals = !shown.equals(shown.toLowerCase(java.util.Locale.ROOT));
                if (capitals) {
                    shown = "\u2026";
                }
                ctx.error(map.child(shown), t.getKeyNode(), "unknown key '" + shown + "'"
                        + (capitals ? " (not shown: it has capitals, and keys are lower case; a broken line may have"
                        + " moved a value here)" : shown.equals(key) ? "" : " (shown up to the first character a key"
                        + " cannot have; put a space after ':')") + Suggest.didYouMean(key, allowed));
                continue;
            }
            ctx.seen(child, t.getKeyNode());
            map.values.put(key, t.getValueNode());
            map.keys.put(key, t.getKeyNode());
        }
        return Optional.of(map);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    String path() {
        return path;
    }

    YamlContext ctx() {
        return ctx;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Set<String> keySet() {
        return values.keySet();
    }

    boolean has(String key) {
        Node n = values.get(key);
        return n != null && !isNull(n);
    }

    /** @return the value node of a present, non-null key */
    Optional<Node> node(String key) {
        return has(key) ? Optional.of(values.get(key)) : Optional.empty();
    }

    Node keyNode(String key) {
        return keys.get(key);
    }

    Optional<YMap> map(String key, Set<String> allowed) {
        return node(key).flatMap(n -> of(ctx, child(key), n, allowed));
    }

    /** Runs {@code action} with the scalar text of {@code key}, if present and scalar. */
    void scalar(String key, Consumer<String> action) {
        node(key).ifPresent(n -> {
            if (n instanceof ScalarNode) {
                apply(key, n, action, ((ScalarNode) n).getValue());
            } else {
                ctx.error(child(key), n, "must be a single value, not a list or mapping");
            }
        });
    }

    /** Runs {@code action} with the elements of {@code key}: a list, or one scalar treated as a one-element list. */
    void list(String key, Consumer<List<Node>> action) {
        node(key).ifPresent(n -> {
            if (n instanceof SequenceNode) {
                action.accept(((SequenceNode) n).getValue());
            } else if (n instanceof ScalarNode) {
                action.accept(List.of(n));
            } else {
                ctx.error(child(key), n, "must be a list");
            }
        });
    }

    /** Runs {@code action} with a list of strings (a YAML list, or a comma-separated string). */
    void strings(String key, Consumer<List<String>> action) {
        list(key, nodes -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (!(n instanceof ScalarNode)) {
                    ctx.error(child(key) + "[" + i + "]", n, "must be a plain value");
                    return;
                }
                for (String part : ((ScalarNode) n).getValue().split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
            apply(key, values.get(key), action, out);
        });
    }

    /**
     * Applies a value to the builder; an {@link IllegalArgumentException} from the conversion or the setter
     * becomes an error at this key (its message must not contain secrets; ours never do).
     */
    <T> void apply(String key, Node node, Consumer<T> action, T value) {
        try {
            action.accept(value);
        } catch (IllegalArgumentException e) {
            ctx.error(child(key), node, e.getMessage());
        }
    }
}
