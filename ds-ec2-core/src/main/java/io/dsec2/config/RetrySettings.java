package io.dsec2.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a task is retried after a transient failure: exponential backoff with jitter, a bounded number of
 * attempts. Only failures that are a {@link io.dsec2.exception.DsEc2Exception} with
 * {@code retryable() == true} (throttling, connection resets, 5xx answers) are retried; everything else
 * fails the task at once.
 *
 * <pre>{@code
 * RetrySettings retry = RetrySettings.builder()
 *         .maxAttempts(5)
 *         .initialBackoff(Duration.ofSeconds(2))
 *         .maxBackoff(Duration.ofSeconds(60))
 *         .build();
 * }</pre>
 *
 * <p>The wait before retry {@code n} (n = 1 after the first failure) is
 * {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}, then spread uniformly by {@code ±jitter}
 * of itself. Defaults: 3 attempts in all, 1 s initial backoff, 30 s maximum, multiplier 2.0, jitter 0.5.
 * Immutable and thread-safe.
 */
public final class RetrySettings {
    private static final RetrySettings DEFAULTS = builder().build();
    private static final RetrySettings NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;

    private RetrySettings(Builder b) {
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + b.maxAttempts);
        }
        if (b.initialBackoff.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("initialBackoff must be at least 1 ms, was " + b.initialBackoff);
        }
        if (b.maxBackoff.compareTo(b.initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + b.maxBackoff + ") must not be less than initialBackoff ("
                    + b.initialBackoff + ")");
        }
        if (!(b.multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1.0, was " + b.multiplier);
        }
        if (!(b.jitter >= 0.0 && b.jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0.0, 1.0), was " + b.jitter);
        }
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
    }

    /** @return a builder holding the defaults; mutable, not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults (3 attempts, 1 s, 30 s, x2.0, jitter 0.5) */
    public static RetrySettings defaults() {
        return DEFAULTS;
    }

    /** @return settings that never retry (one attempt) */
    public static RetrySettings none() {
        return NONE;
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .multiplier(multiplier).jitter(jitter);
    }

    /**
     * @param change changes to apply to a copy
     * @return the changed copy
     */
    public RetrySettings copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return attempts in all, including the first; 1 means no retry */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the wait before the first retry, before jitter */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the cap of the wait before jitter */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the growth factor of the wait between retries */
    public double multiplier() {
        return multiplier;
    }

    /** @return the relative spread of each wait: 0.5 means anywhere from half to one and a half times it */
    public double jitter() {
        return jitter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetrySettings)) {
            return false;
        }
        RetrySettings r = (RetrySettings) o;
        return maxAttempts == r.maxAttempts && initialBackoff.equals(r.initialBackoff)
                && maxBackoff.equals(r.maxBackoff) && multiplier == r.multiplier && jitter == r.jitter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    @Override
    public String toString() {
        return "RetrySettings{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter + "}";
    }

    /** Builder of {@link RetrySettings}; mutable, not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double multiplier = 2.0;
        private double jitter = 0.5;

        private Builder() {
        }

        /**
         * @param maxAttempts attempts in all including the first; default 3; at least 1 (1 = no retry)
         * @return this
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param initialBackoff wait before the first retry, before jitter; default 1 s; at least 1 ms
         * @return this
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
            return this;
        }

        /**
         * @param maxBackoff cap of the wait before jitter; default 30 s; not less than initialBackoff
         * @return this
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
            return this;
        }

        /**
         * @param multiplier growth factor of the wait; default 2.0; at least 1.0 (1.0 = constant wait)
         * @return this
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * @param jitter relative spread of each wait; default 0.5; in [0.0, 1.0), 0 = no jitter
         * @return this
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if a value is out of range
         */
        public RetrySettings build() {
            return new RetrySettings(this);
        }
    }
}
