package io.dsec2.internal.spec;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link ClusterSpec} against every rule and reports all violations at once, never failing fast.
 * Pure: no I/O, no AWS. Stateless and thread-safe.
 */
public final class SpecValidator {
    private SpecValidator() {
    }

    /**
     * @param spec a spec, possibly invalid (built without checks)
     * @return errors and warnings in a stable order: cluster, aws, node groups, services, deployment
     */
    public static List<Violation> validate(ClusterSpec spec) {
        Report report = new Report();
        ClusterRules.check(spec, report);
        ServiceRules.check(spec, report);
        DeploymentRules.check(spec, report);
        ResourceRules.check(spec, report);
        return report.violations();
    }

    /**
     * @param source where the spec came from, for the message
     * @param violations errors and warnings
     * @throws InvalidClusterSpecException if there is at least one error; it lists errors first, then warnings
     */
    public static void throwIfErrors(String source, List<Violation> violations) {
        if (violations.stream().anyMatch(Violation::isError)) {
            List<Violation> ordered = new ArrayList<>();
            violations.stream().filter(Violation::isError).forEach(ordered::add);
            violations.stream().filter(v -> !v.isError()).forEach(ordered::add);
            throw new InvalidClusterSpecException(source, ordered);
        }
    }
}
