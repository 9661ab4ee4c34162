package io.dsec2.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Terminates instances of one cluster. Instances that are already gone (terminated or unknown) are fine.
 *
 * <pre>{@code
 * provisioner.terminate(TerminateRequest.builder().clusterId("prod").instanceIds(ids)
 *         .waitTimeout(Duration.ofMinutes(5)).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class TerminateRequest {
    private final String clusterId;
    private final List<String> instanceIds;
    private final Duration waitTimeout;

    private TerminateRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.instanceIds = List.copyOf(b.instanceIds);
        this.waitTimeout = b.waitTimeout;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).instanceIds(instanceIds).waitTimeout(waitTimeout);
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public TerminateRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster id; only instances carrying this cluster's tag are terminated */
    public String clusterId() {
        return clusterId;
    }

    /** @return the instance ids to terminate */
    public List<String> instanceIds() {
        return instanceIds;
    }

    /** @return how long to wait for {@code terminated}; {@link Duration#ZERO} (default) = do not wait */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TerminateRequest)) {
            return false;
        }
        TerminateRequest r = (TerminateRequest) o;
        return clusterId.equals(r.clusterId) && instanceIds.equals(r.instanceIds) && waitTimeout.equals(r.waitTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, instanceIds, waitTimeout);
    }

    @Override
    public String toString() {
        return "TerminateRequest{cluster=" + clusterId + ", instances=" + instanceIds + ", wait=" + waitTimeout + "}";
    }

    /** Builder for {@link TerminateRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private List<String> instanceIds = List.of();
        private Duration waitTimeout = Duration.ZERO;

        private Builder() {
        }

        /** @param v cluster id (required) @return this */
        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        /** @param v instance ids (replaces the list); default empty, which terminates nothing @return this */
        public Builder instanceIds(List<String> v) {
            instanceIds = List.copyOf(v);
            return this;
        }

        /**
         * @param v wait at most this long for {@code terminated}; zero = do not wait (default)
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder waitTimeout(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("waitTimeout must not be negative: " + v);
            }
            waitTimeout = v;
            return this;
        }

        /** @return the request @throws NullPointerException if the cluster id is missing */
        public TerminateRequest build() {
            return new TerminateRequest(this);
        }
    }
}
