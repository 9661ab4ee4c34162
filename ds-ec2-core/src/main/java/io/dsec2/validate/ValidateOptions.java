package io.dsec2.validate;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link io.dsec2.DsCluster#validate(ValidateOptions)} runs: which check ids to suppress, whether to run the
 * online checks (AWS, database, ZooKeeper, S3, package URLs) or only the spec's own rules, and how long each
 * online check may take.
 *
 * <pre>{@code
 * cluster.validate(ValidateOptions.builder().suppress("aws.dry_run", "storage.bucket").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ValidateOptions {
    private final Set<String> suppressed;
    private final boolean online;
    private final Duration checkTimeout;

    private ValidateOptions(Builder b) {
        this.suppressed = Set.copyOf(b.suppressed);
        this.online = b.online;
        this.checkTimeout = b.checkTimeout;
    }

    /** @return the defaults: nothing suppressed, online checks on, 10 s per check */
    public static ValidateOptions defaults() {
        return builder().build();
    }

    /** @return a new builder; mutable, not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the suppressed check ids */
    public Set<String> suppressed() {
        return suppressed;
    }

    /** @return true if checks that call AWS, the database, ZooKeeper, S3 and package URLs run; default true */
    public boolean online() {
        return online;
    }

    /** @return how long one online check may take; default 10 s */
    public Duration checkTimeout() {
        return checkTimeout;
    }

    @Override
    public String toString() {
        return "ValidateOptions{suppressed=" + suppressed + ", online=" + online + ", checkTimeout=" + checkTimeout
                + "}";
    }

    /** Builder for {@link ValidateOptions}; mutable, not thread-safe. */
    public static final class Builder {
        private final Set<String> suppressed = new LinkedHashSet<>();
        private boolean online = true;
        private Duration checkTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * @param ids check ids whose findings are dropped, for example {@code storage.bucket}
         * @return this builder
         */
        public Builder suppress(String... ids) {
            Arrays.stream(ids).map(id -> Objects.requireNonNull(id, "id must not be null").trim())
                    .filter(id -> !id.isEmpty()).forEach(suppressed::add);
            return this;
        }

        /**
         * @param v false to run the spec's own rules only (no network); default true
         * @return this builder
         */
        public Builder online(boolean v) {
            online = v;
            return this;
        }

        /**
         * @param v how long one online check may take, positive; default 10 s
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder checkTimeout(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("checkTimeout must be positive, got " + v);
            }
            checkTimeout = v;
            return this;
        }

        /** @return the options */
        public ValidateOptions build() {
            return new ValidateOptions(this);
        }
    }
}
