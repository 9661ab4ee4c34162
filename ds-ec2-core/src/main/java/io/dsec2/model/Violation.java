package io.dsec2.model;

import java.util.Objects;

/**
 * One problem found in a cluster specification: where it is, how bad it is, and how to fix it.
 *
 * <p>The {@link #path()} is the dotted path of the YAML form (for example {@code cluster.master.count},
 * {@code aws.subnets[1].availability_zone}) whether the spec came from YAML or from the builder, so one
 * path names one setting everywhere. {@link #line()} is the 1-based YAML line, or -1 when the spec was built
 * in code or the setting is absent from the file. Messages never contain secret values.
 *
 * <pre>{@code
 * for (Violation v : spec.warnings()) {
 *     log.warn("{}", v);   // cluster.master.count (line 12): WARNING a single master ...
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Violation {
    /** How serious a violation is. */
    public enum Severity {
        /** The spec cannot be built. */
        ERROR,
        /** The spec builds, but the cluster may not be what you want (for example a single master). */
        WARNING
    }

    private final Severity severity;
    private final String path;
    private final int line;
    private final String message;

    private Violation(Severity severity, String path, int line, String message) {
        this.severity = Objects.requireNonNull(severity, "severity must not be null");
        this.path = Objects.requireNonNull(path, "path must not be null");
        this.line = line;
        this.message = Objects.requireNonNull(message, "message must not be null");
    }

    /**
     * @param path the YAML-form path, for example {@code database.host}
     * @param message what is wrong and how to fix it
     * @return an error without a line
     */
    public static Violation error(String path, String message) {
        return new Violation(Severity.ERROR, path, -1, message);
    }

    /**
     * @param path the YAML-form path
     * @param message what may be wrong and what to do
     * @return a warning without a line
     */
    public static Violation warning(String path, String message) {
        return new Violation(Severity.WARNING, path, -1, message);
    }

    /**
     * @param line the 1-based source line, or -1 for none
     * @return a copy at that line
     */
    public Violation atLine(int line) {
        return new Violation(severity, path, line < 1 ? -1 : line, message);
    }

    /** @return ERROR or WARNING */
    public Severity severity() {
        return severity;
    }

    /** @return true for {@link Severity#ERROR} */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** @return the dotted YAML-form path */
    public String path() {
        return path;
    }

    /** @return the 1-based YAML line, or -1 if unknown */
    public int line() {
        return line;
    }

    /** @return what is wrong and how to fix it */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Violation)) {
            return false;
        }
        Violation v = (Violation) o;
        return severity == v.severity && path.equals(v.path) && line == v.line && message.equals(v.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, path, line, message);
    }

    /** @return for example {@code cluster.master.count (line 12): ERROR must be at least 1, got 0} */
    @Override
    public String toString() {
        return path + (line > 0 ? " (line " + line + ")" : "") + ": " + severity + " " + message;
    }
}
