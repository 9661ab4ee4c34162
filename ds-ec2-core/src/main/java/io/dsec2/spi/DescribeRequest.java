package io.dsec2.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks a {@link Provisioner} for the instances of one cluster (by the {@link ClusterTags#CLUSTER} tag), optionally
 * only those in one VPC. A cluster's identity is its name <em>and</em> its VPC: operations that change a cluster
 * (create's adoption, delete) always set {@link Builder#vpcId}, so a same-named cluster in another VPC of the region
 * is never touched.
 *
 * <pre>{@code
 * List<CloudInstance> live = provisioner.describe(DescribeRequest.builder().clusterId("prod").vpcId("vpc-0abc").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class DescribeRequest {
    private final String clusterId;
    private final boolean terminatedIncluded;
    private final String vpcId;

    private DescribeRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.terminatedIncluded = b.terminatedIncluded;
        this.vpcId = b.vpcId;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).terminatedIncluded(terminatedIncluded).vpcId(vpcId);
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

    /** @return the VPC to look in; empty (the default) for every VPC of the region */
    public Optional<String> vpcId() {
        return Optional.ofNullable(vpcId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DescribeRequest && ((DescribeRequest) o).clusterId.equals(clusterId)
                && ((DescribeRequest) o).terminatedIncluded == terminatedIncluded
                && Objects.equals(((DescribeRequest) o).vpcId, vpcId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, terminatedIncluded, vpcId);
    }

    @Override
    public String toString() {
        return "DescribeRequest{cluster=" + clusterId + ", terminatedIncluded=" + terminatedIncluded
                + (vpcId == null ? "" : ", vpc=" + vpcId) + "}";
    }

    /** Builder for {@link DescribeRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private boolean terminatedIncluded;
        private String vpcId;

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

        /**
         * @param v only instances in this VPC ({@code vpc-…}); default null, every VPC of the region
         * @return this
         */
        public Builder vpcId(String v) {
            vpcId = v;
            return this;
        }

        /** @return the request @throws NullPointerException if the cluster id is missing */
        public DescribeRequest build() {
            return new DescribeRequest(this);
        }
    }
}
