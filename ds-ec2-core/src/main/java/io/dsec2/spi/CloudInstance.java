package io.dsec2.spi;

import io.dsec2.model.NodeRole;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One cloud instance of a ds-ec2 cluster, as the provider reported it at the time of the call.
 *
 * <pre>{@code
 * for (CloudInstance i : provisioner.describe(DescribeRequest.builder().clusterId("prod").build())) {
 *     System.out.println(i.nodeId() + " " + i.state() + " " + i.privateIp());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. The builder is mutable and not thread-safe.
 */
public final class CloudInstance {
    private final String instanceId;
    private final String nodeId;
    private final NodeRole role;
    private final int ordinal;
    private final String state;
    private final String privateIp;
    private final String publicIp;
    private final String subnetId;
    private final String availabilityZone;
    private final String instanceType;
    private final String imageId;
    private final Instant launchTime;
    private final Map<String, String> tags;

    private CloudInstance(Builder b) {
        this.instanceId = Objects.requireNonNull(b.instanceId, "instanceId must not be null");
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId must not be null");
        this.role = Objects.requireNonNull(b.role, "role must not be null");
        this.ordinal = b.ordinal;
        this.state = Objects.requireNonNull(b.state, "state must not be null");
        this.privateIp = Objects.requireNonNull(b.privateIp, "privateIp must not be null");
        this.publicIp = b.publicIp;
        this.subnetId = Objects.requireNonNull(b.subnetId, "subnetId must not be null");
        this.availabilityZone = Objects.requireNonNull(b.availabilityZone, "availabilityZone must not be null");
        this.instanceType = Objects.requireNonNull(b.instanceType, "instanceType must not be null");
        this.imageId = Objects.requireNonNull(b.imageId, "imageId must not be null");
        this.launchTime = Objects.requireNonNull(b.launchTime, "launchTime must not be null");
        this.tags = Map.copyOf(b.tags);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param change applied to a builder initialised from this value
     * @return the changed copy
     */
    public CloudInstance copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the provider's instance id, for example {@code i-0abc...} */
    public String instanceId() {
        return instanceId;
    }

    /** @return the node id within the cluster (tag {@link ClusterTags#NODE}), for example {@code master-1} */
    public String nodeId() {
        return nodeId;
    }

    /** @return the DolphinScheduler server this node runs (tag {@link ClusterTags#ROLE}) */
    public NodeRole role() {
        return role;
    }

    /** @return the 1-based ordinal within the role (tag {@link ClusterTags#ORDINAL}); 0 if the tag was absent */
    public int ordinal() {
        return ordinal;
    }

    /** @return the EC2 state name: {@code pending}, {@code running}, {@code stopping}, {@code stopped}, {@code shutting-down} or {@code terminated} */
    public String state() {
        return state;
    }

    /** @return true if {@link #state()} is {@code running} */
    public boolean running() {
        return "running".equals(state);
    }

    /** @return the primary private IPv4 address; empty only if the provider reported none */
    public String privateIp() {
        return privateIp;
    }

    /** @return the public IPv4 address, if the instance has one */
    public Optional<String> publicIp() {
        return Optional.ofNullable(publicIp);
    }

    /** @return the subnet the instance was launched into */
    public String subnetId() {
        return subnetId;
    }

    /** @return the availability zone, for example {@code us-east-1a} */
    public String availabilityZone() {
        return availabilityZone;
    }

    /** @return the instance type, for example {@code m6i.xlarge} */
    public String instanceType() {
        return instanceType;
    }

    /** @return the image (AMI) id the instance was launched from */
    public String imageId() {
        return imageId;
    }

    /** @return when the provider launched the instance */
    public Instant launchTime() {
        return launchTime;
    }

    /** @return all tags of the instance, unmodifiable */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CloudInstance)) {
            return false;
        }
        CloudInstance c = (CloudInstance) o;
        return ordinal == c.ordinal && instanceId.equals(c.instanceId) && nodeId.equals(c.nodeId) && role == c.role
                && state.equals(c.state) && privateIp.equals(c.privateIp) && Objects.equals(publicIp, c.publicIp)
                && subnetId.equals(c.subnetId) && availabilityZone.equals(c.availabilityZone)
                && instanceType.equals(c.instanceType) && imageId.equals(c.imageId)
                && launchTime.equals(c.launchTime) && tags.equals(c.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceId, nodeId, role, ordinal, state, privateIp, publicIp, subnetId, availabilityZone,
                instanceType, imageId, launchTime, tags);
    }

    @Override
    public String toString() {
        return "CloudInstance{" + instanceId + ", node=" + nodeId + ", role=" + role.id() + ", state=" + state
                + ", privateIp=" + privateIp + ", publicIp=" + publicIp + ", az=" + availabilityZone + ", type="
                + instanceType + "}";
    }

    /** Builder for {@link CloudInstance}; mutable, not thread-safe. */
    public static final class Builder {
        private String instanceId;
        private String nodeId;
        private NodeRole role;
        private int ordinal;
        private String state;
        private String privateIp = "";
        private String publicIp;
        private String subnetId;
        private String availabilityZone;
        private String instanceType;
        private String imageId;
        private Instant launchTime;
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        private Builder(CloudInstance c) {
            instanceId = c.instanceId;
            nodeId = c.nodeId;
            role = c.role;
            ordinal = c.ordinal;
            state = c.state;
            privateIp = c.privateIp;
            publicIp = c.publicIp;
            subnetId = c.subnetId;
            availabilityZone = c.availabilityZone;
            instanceType = c.instanceType;
            imageId = c.imageId;
            launchTime = c.launchTime;
            tags = c.tags;
        }

        /** @param v instance id (required) @return this */
        public Builder instanceId(String v) {
            instanceId = v;
            return this;
        }

        /** @param v node id (required) @return this */
        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        /** @param v role (required) @return this */
        public Builder role(NodeRole v) {
            role = v;
            return this;
        }

        /** @param v 1-based ordinal, 0 if unknown @return this */
        public Builder ordinal(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("ordinal must be >= 0: " + v);
            }
            ordinal = v;
            return this;
        }

        /** @param v EC2 state name (required) @return this */
        public Builder state(String v) {
            state = v;
            return this;
        }

        /** @param v private IPv4 address; default empty @return this */
        public Builder privateIp(String v) {
            privateIp = v;
            return this;
        }

        /** @param v public IPv4 address, or null for none (default) @return this */
        public Builder publicIp(String v) {
            publicIp = v;
            return this;
        }

        /** @param v subnet id (required) @return this */
        public Builder subnetId(String v) {
            subnetId = v;
            return this;
        }

        /** @param v availability zone (required) @return this */
        public Builder availabilityZone(String v) {
            availabilityZone = v;
            return this;
        }

        /** @param v instance type (required) @return this */
        public Builder instanceType(String v) {
            instanceType = v;
            return this;
        }

        /** @param v image id (required) @return this */
        public Builder imageId(String v) {
            imageId = v;
            return this;
        }

        /** @param v launch time (required) @return this */
        public Builder launchTime(Instant v) {
            launchTime = v;
            return this;
        }

        /** @param v all tags (copied); default none @return this */
        public Builder tags(Map<String, String> v) {
            tags = Map.copyOf(v);
            return this;
        }

        /**
         * @return the value
         * @throws NullPointerException if a required field is missing
         */
        public CloudInstance build() {
            return new CloudInstance(this);
        }
    }
}
