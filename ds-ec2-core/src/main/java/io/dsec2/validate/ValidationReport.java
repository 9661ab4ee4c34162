package io.dsec2.validate;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The findings of one {@link io.dsec2.DsCluster#validate()}, errors first, then warnings, then infos (each group
 * sorted by path). {@link #passed()} is true when there is no error.
 *
 * <pre>{@code
 * ValidationReport r = cluster.validate();
 * r.errors().forEach(f -> System.err.println(f));   // ERROR database.password [database.connect] ...
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ValidationReport {
    private final List<Finding> findings;

    private ValidationReport(List<Finding> findings) {
        this.findings = findings.stream().sorted(Comparator.comparing(Finding::level).thenComparing(Finding::path)
                .thenComparing(Finding::id)).toList();
    }

    /**
     * @param findings the findings, in any order
     * @return a report
     */
    public static ValidationReport of(List<Finding> findings) {
        return new ValidationReport(Objects.requireNonNull(findings, "findings must not be null"));
    }

    /** @return every finding, errors first */
    public List<Finding> findings() {
        return findings;
    }

    /** @return the errors */
    public List<Finding> errors() {
        return level(Finding.Level.ERROR);
    }

    /** @return the warnings */
    public List<Finding> warnings() {
        return level(Finding.Level.WARNING);
    }

    /** @return the infos */
    public List<Finding> infos() {
        return level(Finding.Level.INFO);
    }

    /** @return true if there is no error */
    public boolean passed() {
        return errors().isEmpty();
    }

    private List<Finding> level(Finding.Level level) {
        return findings.stream().filter(f -> f.level() == level).toList();
    }

    @Override
    public String toString() {
        return "ValidationReport{errors=" + errors().size() + ", warnings=" + warnings().size() + ", infos="
                + infos().size() + "}";
    }
}
