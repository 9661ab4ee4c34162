package io.dsec2.validate;

import java.util.Objects;

/**
 * One result of {@link io.dsec2.DsCluster#validate()}: which check ({@link #id()}, for example
 * {@code aws.subnets.exist}), how bad ({@link #level()}), which setting ({@link #path()}, the YAML-form path such as
 * {@code aws.subnets[1]}) and what to do ({@link #message()}, which names the fix). Messages never contain secret
 * values.
 *
 * <p>Immutable and thread-safe.
 */
public final class Finding {
    /** How serious a finding is. */
    public enum Level {
        /** Create would fail: fix it first. */
        ERROR,
        /** Create may work, but the cluster may not be what you want. */
        WARNING,
        /** For information, including checks that could not run here. */
        INFO
    }

    private final String id;
    private final Level level;
    private final String path;
    private final String message;

    private Finding(String id, Level level, String path, String message) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.level = Objects.requireNonNull(level, "level must not be null");
        this.path = Objects.requireNonNull(path, "path must not be null");
        this.message = Objects.requireNonNull(message, "message must not be null");
    }

    /**
     * @param id the check's id, for example {@code database.connect}
     * @param level how serious
     * @param path the YAML-form path of the setting, for example {@code database.password}
     * @param message what is wrong and how to fix it
     * @return the finding
     */
    public static Finding of(String id, Level level, String path, String message) {
        return new Finding(id, level, path, message);
    }

    /** @return the check's id; pass it to {@link ValidateOptions.Builder#suppress(String...)} to silence it */
    public String id() {
        return id;
    }

    /** @return ERROR, WARNING or INFO */
    public Level level() {
        return level;
    }

    /** @return true for {@link Level#ERROR} */
    public boolean isError() {
        return level == Level.ERROR;
    }

    /** @return the dotted YAML-form path of the setting concerned */
    public String path() {
        return path;
    }

    /** @return what is wrong and how to fix it */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && id.equals(f.id) && level == f.level && path.equals(f.path)
                && message.equals(f.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, level, path, message);
    }

    /** @return for example {@code ERROR aws.subnets[1] [aws.subnets.exist] subnet-x does not exist: ...} */
    @Override
    public String toString() {
        return level + " " + path + " [" + id + "] " + message;
    }
}
