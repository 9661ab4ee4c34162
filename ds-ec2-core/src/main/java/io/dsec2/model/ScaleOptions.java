package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@code scale} removes nodes: how long workers may drain, whether safe minimums may be crossed, and
 * optionally which nodes go.
 *
 * <pre>{@code
 * ScaleOptions o = ScaleOptions.builder().drainTimeout(Duration.ofMinutes(2)).remove(List.of("worker-3")).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ScaleOptions {
    /** The default drain timeout: 5 minutes. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private final Duration drainTimeout;
    private final boolean force;
    private final List<String> remove;

    private ScaleOptions(Builder b) {
        drainTimeout = b.drainTimeout;
        force = b.force;
        remove = List.copyOf(b.remove);
    }

    /** @return a builder with the defaults (5 min drain, not forced, newest nodes chosen) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static ScaleOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding this object's values */
    public Builder toBuilder() {
        return new Builder().drainTimeout(drainTimeout).force(force).remove(remove);
    }

    /**
     * @param change edits to apply
     * @return a changed copy
     */
    public ScaleOptions copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return how long a worker being removed may keep running its tasks after masters stopped dispatching to it;
     *     tasks still running then are killed (and counted). Default 5 minutes. A worker that is down (not
     *     registered in the registry) cannot be drained: removing it needs zero, which counts the task instances
     *     that ran on it as killed and terminates it without a stop.
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** @return true to go below the safe minimum of one master; default false */
    public boolean force() {
        return force;
    }

    /** @return node ids to remove instead of the newest ones (empty: ds-ec2 chooses) */
    public List<String> remove() {
        return remove;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleOptions s && drainTimeout.equals(s.drainTimeout) && force == s.force
                && remove.equals(s.remove);
    }

    @Override
    public int hashCode() {
        return Objects.hash(drainTimeout, force, remove);
    }

    @Override
    public String toString() {
        return "ScaleOptions{drainTimeout=" + drainTimeout + ", force=" + force + ", remove=" + remove + "}";
    }

    /** Builds {@link ScaleOptions}; not thread-safe. */
    public static final class Builder {
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private boolean force;
        private List<String> remove = List.of();

        private Builder() {
        }

        /**
         * @param v zero or more; default 5 minutes
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder drainTimeout(Duration v) {
            Checks.notNull(v, "drainTimeout");
            if (v.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative: " + v);
            }
            drainTimeout = v;
            return this;
        }

        /** @param v true to allow going below one master @return this */
        public Builder force(boolean v) {
            force = v;
            return this;
        }

        /** @param nodeIds node ids such as {@code worker-3} to remove @return this */
        public Builder remove(List<String> nodeIds) {
            remove = List.copyOf(Checks.notNull(nodeIds, "remove"));
            return this;
        }

        /** @return the options */
        public ScaleOptions build() {
            return new ScaleOptions(this);
        }
    }
}
