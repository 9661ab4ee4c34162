package io.dsec2.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How long ds-ec2 waits for each kind of thing before it gives up with a
 * {@link io.dsec2.exception.ClusterTimeoutException}.
 *
 * <pre>{@code
 * Timeouts timeouts = Timeouts.builder()
 *         .taskTimeout(Duration.ofMinutes(20))
 *         .sshReady(Duration.ofMinutes(3))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: task 30 min (the per-task limit of the job/stage/task model), instance running 10 min,
 * sshd ready 5 min, server healthy 5 min, worker drain 10 min, state lock wait 0 (fail at once when
 * another operator holds the cluster's lock). All values except {@code lockWait} must be positive.
 * Immutable and thread-safe.
 */
public final class Timeouts {
    private static final Timeouts DEFAULTS = builder().build();

    private final Duration taskTimeout;
    private final Duration instanceRunning;
    private final Duration sshReady;
    private final Duration serverHealthy;
    private final Duration workerDrain;
    private final Duration lockWait;

    private Timeouts(Builder b) {
        this.taskTimeout = positive("taskTimeout", b.taskTimeout);
        this.instanceRunning = positive("instanceRunning", b.instanceRunning);
        this.sshReady = positive("sshReady", b.sshReady);
        this.serverHealthy = positive("serverHealthy", b.serverHealthy);
        this.workerDrain = positive("workerDrain", b.workerDrain);
        if (b.lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + b.lockWait);
        }
        this.lockWait = b.lockWait;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** @return a builder holding the defaults; mutable, not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static Timeouts defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return builder().taskTimeout(taskTimeout).instanceRunning(instanceRunning).sshReady(sshReady)
                .serverHealthy(serverHealthy).workerDrain(workerDrain).lockWait(lockWait);
    }

    /**
     * @param change changes to apply to a copy
     * @return the changed copy
     */
    public Timeouts copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the limit of one attempt of one task, unless the task sets its own; default 30 min */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** @return the wait for a launched instance to reach {@code running}; default 10 min */
    public Duration instanceRunning() {
        return instanceRunning;
    }

    /** @return the wait for a node's sshd to accept a login; default 5 min */
    public Duration sshReady() {
        return sshReady;
    }

    /** @return the wait for a started DS server to report healthy; default 5 min */
    public Duration serverHealthy() {
        return serverHealthy;
    }

    /** @return the wait for a worker's running tasks to finish before it stops; default 10 min */
    public Duration workerDrain() {
        return workerDrain;
    }

    /** @return the wait for another operator's state lock to be released; default 0 = fail at once */
    public Duration lockWait() {
        return lockWait;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Timeouts)) {
            return false;
        }
        Timeouts t = (Timeouts) o;
        return taskTimeout.equals(t.taskTimeout) && instanceRunning.equals(t.instanceRunning)
                && sshReady.equals(t.sshReady) && serverHealthy.equals(t.serverHealthy)
                && workerDrain.equals(t.workerDrain) && lockWait.equals(t.lockWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskTimeout, instanceRunning, sshReady, serverHealthy, workerDrain, lockWait);
    }

    @Override
    public String toString() {
        return "Timeouts{taskTimeout=" + taskTimeout + ", instanceRunning=" + instanceRunning + ", sshReady="
                + sshReady + ", serverHealthy=" + serverHealthy + ", workerDrain=" + workerDrain + ", lockWait="
                + lockWait + "}";
    }

    /** Builder of {@link Timeouts}; mutable, not thread-safe. */
    public static final class Builder {
        private Duration taskTimeout = Duration.ofMinutes(30);
        private Duration instanceRunning = Duration.ofMinutes(10);
        private Duration sshReady = Duration.ofMinutes(5);
        private Duration serverHealthy = Duration.ofMinutes(5);
        private Duration workerDrain = Duration.ofMinutes(10);
        private Duration lockWait = Duration.ZERO;

        private Builder() {
        }

        /**
         * @param value limit of one task attempt; default 30 min; positive
         * @return this
         */
        public Builder taskTimeout(Duration value) {
            this.taskTimeout = Objects.requireNonNull(value, "taskTimeout must not be null");
            return this;
        }

        /**
         * @param value wait for {@code running}; default 10 min; positive
         * @return this
         */
        public Builder instanceRunning(Duration value) {
            this.instanceRunning = Objects.requireNonNull(value, "instanceRunning must not be null");
            return this;
        }

        /**
         * @param value wait for sshd; default 5 min; positive
         * @return this
         */
        public Builder sshReady(Duration value) {
            this.sshReady = Objects.requireNonNull(value, "sshReady must not be null");
            return this;
        }

        /**
         * @param value wait for a healthy server; default 5 min; positive
         * @return this
         */
        public Builder serverHealthy(Duration value) {
            this.serverHealthy = Objects.requireNonNull(value, "serverHealthy must not be null");
            return this;
        }

        /**
         * @param value wait for a worker to drain; default 10 min; positive
         * @return this
         */
        public Builder workerDrain(Duration value) {
            this.workerDrain = Objects.requireNonNull(value, "workerDrain must not be null");
            return this;
        }

        /**
         * @param value wait for a held state lock; default 0 = fail at once; not negative
         * @return this
         */
        public Builder lockWait(Duration value) {
            this.lockWait = Objects.requireNonNull(value, "lockWait must not be null");
            return this;
        }

        /**
         * @return the timeouts
         * @throws IllegalArgumentException if a value is out of range
         */
        public Timeouts build() {
            return new Timeouts(this);
        }
    }
}
