package io.dsec2.internal.spec.yaml;

import io.dsec2.internal.spec.Grammar;
import io.dsec2.model.Secret;
import io.dsec2.model.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.nodes.Node;

/** What one YAML read collects: violations found while reading, and the line of every path seen. */
final class YamlContext {
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final BiFunction<String, String, Secret> redacted;

    YamlContext() {
        this(null);
    }

    /**
     * @param redacted turns a recorded {@code {redacted: ...}} secret at a path back into a secret (throwing
     *     {@link IllegalArgumentException} with a message if it cannot); null where redacted secrets are not
     *     allowed (every ordinary read)
     */
    YamlContext(BiFunction<String, String, Secret> redacted) {
        this.redacted = redacted;
    }

    /** @return the resolver of redacted secrets, or null */
    BiFunction<String, String, Secret> redacted() {
        return redacted;
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(-1);
    }

    void seen(String path, Node node) {
        lines.putIfAbsent(path, line(node));
    }

    void alias(String path, String existingPath) {
        Integer line = lines.get(existingPath);
        if (line != null) {
            lines.putIfAbsent(path, line);
        }
    }

    void error(String path, Node node, String message) {
        violations.add(Violation.error(path, Grammar.hideOddValues(message)).atLine(line(node)));
    }

    void warn(String path, Node node, String message) {
        violations.add(Violation.warning(path, Grammar.hideOddValues(message)).atLine(line(node)));
    }

    List<Violation> violations() {
        return violations;
    }

    /**
     * @param v a violation with a YAML-form path
     * @return it with the line of its path, or of the nearest enclosing path that appears in the file
     */
    Violation locate(Violation v) {
        if (v.line() > 0) {
            return v;
        }
        String path = v.path();
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return v.atLine(line);
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return v;
    }
}
