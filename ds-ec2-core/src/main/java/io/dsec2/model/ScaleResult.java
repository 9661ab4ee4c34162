package io.dsec2.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code scale(role, count)} did: the nodes it added (launched, installed, started, verified joined) or
 * removed (drained, stopped, terminated), what became of the tasks running on removed workers, and warnings
 * (for example fewer than two masters).
 *
 * <p>Tasks: {@link #tasksFinished()} counts task instances that were running on a removed worker when its drain
 * began and ended on their own before the worker stopped; {@link #tasksKilled()} counts those still running when
 * the drain timeout passed, which the worker's stop turned into NEED_FAULT_TOLERANCE (8) or KILL (9) rows of
 * {@code t_ds_task_instance}, those its masters failed over or killed during the drain, and those still running on
 * a worker that was down and removed without a drain (then a warning names the worker).
 *
 * <p>Immutable and thread-safe.
 */
public final class ScaleResult {
    private final NodeRole role;
    private final int previousCount;
    private final int count;
    private final List<String> added;
    private final List<String> removed;
    private final int tasksFinished;
    private final int tasksKilled;
    private final List<String> warnings;
    private final Duration duration;

    private ScaleResult(Builder b) {
        role = Objects.requireNonNull(b.role, "role must not be null");
        previousCount = b.previousCount;
        count = b.count;
        added = List.copyOf(b.added);
        removed = List.copyOf(b.removed);
        tasksFinished = b.tasksFinished;
        tasksKilled = b.tasksKilled;
        warnings = List.copyOf(b.warnings);
        duration = Objects.requireNonNull(b.duration, "duration must not be null");
    }

    /** @return a builder (for ds-ec2 itself and for test doubles) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the role scaled */
    public NodeRole role() {
        return role;
    }

    /** @return how many running nodes of the role there were before */
    public int previousCount() {
        return previousCount;
    }

    /** @return how many there are now */
    public int count() {
        return count;
    }

    /** @return node ids added, for example {@code [worker-3, worker-4]} */
    public List<String> added() {
        return added;
    }

    /** @return node ids removed */
    public List<String> removed() {
        return removed;
    }

    /** @return tasks on removed workers that finished during the drain */
    public int tasksFinished() {
        return tasksFinished;
    }

    /** @return tasks on removed workers still running when they stopped (killed) */
    public int tasksKilled() {
        return tasksKilled;
    }

    /** @return warnings, for example about going below two masters */
    public List<String> warnings() {
        return warnings;
    }

    /** @return wall-clock time of the operation */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleResult r && role == r.role && previousCount == r.previousCount && count == r.count
                && added.equals(r.added) && removed.equals(r.removed) && tasksFinished == r.tasksFinished
                && tasksKilled == r.tasksKilled && warnings.equals(r.warnings) && duration.equals(r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, previousCount, count, added, removed, tasksFinished, tasksKilled, warnings, duration);
    }

    @Override
    public String toString() {
        return "ScaleResult{" + role.id() + " " + previousCount + " -> " + count + ", added=" + added + ", removed="
                + removed + ", tasksFinished=" + tasksFinished + ", tasksKilled=" + tasksKilled + ", warnings="
                + warnings + ", duration=" + duration + "}";
    }

    /** Builds a {@link ScaleResult}; not thread-safe. */
    public static final class Builder {
        private NodeRole role;
        private int previousCount;
        private int count;
        private List<String> added = List.of();
        private List<String> removed = List.of();
        private int tasksFinished;
        private int tasksKilled;
        private List<String> warnings = List.of();
        private Duration duration = Duration.ZERO;

        private Builder() {
        }

        /** @param v the role @return this */
        public Builder role(NodeRole v) {
            role = v;
            return this;
        }

        /** @param v nodes before @return this */
        public Builder previousCount(int v) {
            previousCount = v;
            return this;
        }

        /** @param v nodes after @return this */
        public Builder count(int v) {
            count = v;
            return this;
        }

        /** @param v node ids added @return this */
        public Builder added(List<String> v) {
            added = List.copyOf(v);
            return this;
        }

        /** @param v node ids removed @return this */
        public Builder removed(List<String> v) {
            removed = List.copyOf(v);
            return this;
        }

        /** @param v tasks finished during the drain @return this */
        public Builder tasksFinished(int v) {
            tasksFinished = v;
            return this;
        }

        /** @param v tasks killed @return this */
        public Builder tasksKilled(int v) {
            tasksKilled = v;
            return this;
        }

        /** @param v warnings @return this */
        public Builder warnings(List<String> v) {
            warnings = List.copyOf(v);
            return this;
        }

        /** @param v wall-clock time @return this */
        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        /** @return the result */
        public ScaleResult build() {
            return new ScaleResult(this);
        }
    }
}
