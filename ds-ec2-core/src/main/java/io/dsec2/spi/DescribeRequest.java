package io.dsec2.spi;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Asks a {@link Provisioner} for the instances of one cluster (by the {@link ClusterTags#CLUSTER} tag).
 *
 * <pre>{@code
 * List<CloudInstance> live = provisioner.describe(DescribeRequest.builder().clusterId("prod").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class DescribeRequest {
    private final String clusterId;
    private final boolean terminatedIncluded;

    private DescribeRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.terminatedIncluded = b.terminatedIncluded;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).terminatedIncluded(terminatedIncluded);
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public DescribeRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return whether {@code shutting-down} and {@code terminated} instances are listed too; default false */
    public boolean terminatedIncluded() {
        return terminatedIncluded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DescribeRequest && ((DescribeRequest) o).clusterId.equals(clusterId)
                && ((DescribeRequest) o).terminatedIncluded == terminatedIncluded;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, terminatedIncluded);
    }

    @Override
    public String toString() {
        return "DescribeRequest{cluster=" + clusterId + ", terminatedIncluded=" + terminatedIncluded + "}";
    }

    /** Builder for {@link DescribeRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private boolean terminatedIncluded;

        private Builder() {
        }

        /** @param v the cluster id (required) @return this */
        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        /** @param v list terminated and shutting-down instances too; default false @return this */
        public Builder terminatedIncluded(boolean v) {
            terminatedIncluded = v;
            return this;
        }

        /** @return the request @throws NullPointerException if the cluster id is missing */
        public DescribeRequest build() {
            return new DescribeRequest(this);
        }
    }
}
