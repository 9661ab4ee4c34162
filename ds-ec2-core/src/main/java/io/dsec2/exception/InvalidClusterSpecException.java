package io.dsec2.exception;

import io.dsec2.model.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster specification that cannot be built: thrown by {@code build()} and {@code DsCluster.fromYaml(...)}
 * before anything touches AWS. It lists <em>every</em> problem at once, each with its YAML-form path, its
 * line when the spec came from a file, and a message that says how to fix it.
 *
 * <p>This is a programming/configuration error, so it extends {@link IllegalStateException} and is not a
 * {@link DsEc2Exception}. The message never contains secret values.
 *
 * <pre>{@code
 * try {
 *     DsCluster.fromYaml(Path.of("cluster.yaml"));
 * } catch (InvalidClusterSpecException e) {
 *     e.violations().forEach(v -> System.err.println(v));
 * }
 * }</pre>
 */
public class InvalidClusterSpecException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    /**
     * @param source where the spec came from (a file name, or {@code builder})
     * @param violations the problems; errors first is conventional but not required
     */
    public InvalidClusterSpecException(String source, List<Violation> violations) {
        super(format(source, violations));
        this.violations = List.copyOf(violations);
    }

    /** @return every violation (errors, and the warnings found alongside them), in report order */
    public List<Violation> violations() {
        return violations;
    }

    /** @return only the errors */
    public List<Violation> errors() {
        return violations.stream().filter(Violation::isError).collect(Collectors.toUnmodifiableList());
    }

    private static String format(String source, List<Violation> violations) {
        long errors = violations.stream().filter(Violation::isError).count();
        StringBuilder sb = new StringBuilder("invalid cluster spec (").append(source).append("): ")
                .append(errors).append(errors == 1 ? " error" : " errors");
        for (Violation v : violations) {
            sb.append(System.lineSeparator()).append("  ").append(v);
        }
        return sb.toString();
    }
}
