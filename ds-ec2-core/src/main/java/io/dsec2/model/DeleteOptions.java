package io.dsec2.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@link io.dsec2.DsCluster#delete(DeleteOptions)} deletes a cluster.
 *
 * <pre>{@code
 * DeleteResult r = cluster.delete(DeleteOptions.builder().confirmed(true).drainTimeout(Duration.ofMinutes(5)).build());
 * }</pre>
 *
 * <p>Deleting is irreversible, so {@link Builder#confirmed(boolean)} must be set to true (the CLI sets it after its
 * prompt or {@code --force}). Database and S3 data are kept unless {@link #purgeData()}.
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class DeleteOptions {
    private final Duration drainTimeout;
    private final boolean purgeData;

    private DeleteOptions(Builder b) {
        this.drainTimeout = b.drainTimeout;
        this.purgeData = b.purgeData;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value (confirmed, since this value exists) */
    public Builder toBuilder() {
        Builder b = new Builder().confirmed(true).purgeData(purgeData);
        b.drainTimeout = drainTimeout;
        return b;
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public DeleteOptions copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return how long to wait for task instances running on workers to finish before the workers are stopped;
     *     empty = the cluster's {@link io.dsec2.config.Timeouts#workerDrain()} (default 10 min)
     */
    public Optional<Duration> drainTimeout() {
        return Optional.ofNullable(drainTimeout);
    }

    /**
     * @return true to also remove data: DolphinScheduler's tables ({@code t_ds_*}, {@code qrtz_*}) in the spec's
     *     database (the database itself and any other table are kept) and, with a {@code storage} section, the
     *     objects whose keys start with {@code storage.prefix} (leading slash removed, trailing slash added) in
     *     {@code storage.bucket}, deleted with the operator's AWS credentials; default false
     */
    public boolean purgeData() {
        return purgeData;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteOptions d && Objects.equals(d.drainTimeout, drainTimeout) && d.purgeData == purgeData;
    }

    @Override
    public int hashCode() {
        return Objects.hash(drainTimeout, purgeData);
    }

    @Override
    public String toString() {
        return "DeleteOptions{drainTimeout=" + (drainTimeout == null ? "default" : drainTimeout) + ", purgeData="
                + purgeData + "}";
    }

    /** Builder for {@link DeleteOptions}; mutable, not thread-safe. */
    public static final class Builder {
        private boolean confirmed;
        private Duration drainTimeout;
        private boolean purgeData;

        private Builder() {
        }

        /** @param v true to confirm that the cluster is to be deleted (required) @return this */
        public Builder confirmed(boolean v) {
            confirmed = v;
            return this;
        }

        /**
         * @param v the drain timeout; zero = do not wait for running tasks; default {@code Timeouts.workerDrain()}
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder drainTimeout(Duration v) {
            Objects.requireNonNull(v, "drainTimeout must not be null");
            if (v.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative: " + v);
            }
            drainTimeout = v;
            return this;
        }

        /** @param v true to remove DolphinScheduler's tables and the storage prefix's objects too; default false @return this */
        public Builder purgeData(boolean v) {
            purgeData = v;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalStateException if not confirmed
         */
        public DeleteOptions build() {
            if (!confirmed) {
                throw new IllegalStateException("deleting a cluster is irreversible: set confirmed(true) on"
                        + " DeleteOptions.builder() (the CLI: answer its prompt or pass --force)");
            }
            return new DeleteOptions(this);
        }
    }
}
