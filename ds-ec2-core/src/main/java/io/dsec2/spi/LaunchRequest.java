package io.dsec2.spi;

import io.dsec2.model.NodeRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Launches (or adopts) the instance of one node.
 *
 * <pre>{@code
 * LaunchRequest r = LaunchRequest.builder()
 *         .clusterId("prod").nodeId("master-1").role(NodeRole.MASTER).ordinal(1)
 *         .subnetId("subnet-0abc").instanceType("m6i.xlarge").imageId(provisioner.resolveAmi("x86_64"))
 *         .keyName("ops").instanceProfileName("ds-node").securityGroupIds(network.securityGroupIdsFor(NodeRole.MASTER))
 *         .rootVolumeSizeGib(30)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe. {@link #toString()} never shows the
 * user data, which may hold secrets.
 */
public final class LaunchRequest {
    /** Default root volume size: 30 GiB (the unpacked DS 3.2.0 distribution is about 1 GB; the rest is logs). */
    public static final int DEFAULT_ROOT_VOLUME_SIZE_GIB = 30;
    /** Default wait for the {@code running} state: 5 minutes. */
    public static final Duration DEFAULT_RUNNING_TIMEOUT = Duration.ofMinutes(5);

    private final String clusterId;
    private final String nodeId;
    private final NodeRole role;
    private final int ordinal;
    private final String subnetId;
    private final String instanceType;
    private final String imageId;
    private final String keyName;
    private final String instanceProfileName;
    private final List<String> securityGroupIds;
    private final int rootVolumeSizeGib;
    private final String rootVolumeType;
    private final int rootVolumeIops;
    private final int rootVolumeThroughput;
    private final Map<String, String> tags;
    private final String userData;
    private final String clientToken;
    private final Duration runningTimeout;

    private LaunchRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId must not be null");
        this.role = Objects.requireNonNull(b.role, "role must not be null");
        this.ordinal = b.ordinal;
        this.subnetId = Objects.requireNonNull(b.subnetId, "subnetId must not be null");
        this.instanceType = Objects.requireNonNull(b.instanceType, "instanceType must not be null");
        this.imageId = Objects.requireNonNull(b.imageId, "imageId must not be null");
        this.keyName = b.keyName;
        this.instanceProfileName = b.instanceProfileName;
        this.securityGroupIds = List.copyOf(b.securityGroupIds);
        this.rootVolumeSizeGib = b.rootVolumeSizeGib;
        this.rootVolumeType = Objects.requireNonNull(b.rootVolumeType, "rootVolumeType");
        this.rootVolumeIops = b.rootVolumeIops;
        this.rootVolumeThroughput = b.rootVolumeThroughput;
        this.tags = Map.copyOf(b.tags);
        this.userData = b.userData;
        this.clientToken = b.clientToken;
        this.runningTimeout = b.runningTimeout;
        if (ordinal < 1) {
            throw new IllegalStateException("ordinal must be set (>= 1) for node " + nodeId);
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).nodeId(nodeId).role(role).ordinal(ordinal).subnetId(subnetId)
                .instanceType(instanceType).imageId(imageId).keyName(keyName).instanceProfileName(instanceProfileName)
                .securityGroupIds(securityGroupIds).rootVolumeSizeGib(rootVolumeSizeGib)
                .rootVolume(rootVolumeType, rootVolumeIops, rootVolumeThroughput).tags(tags).userData(userData)
                .clientToken(clientToken).runningTimeout(runningTimeout);
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public LaunchRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster id (tag {@link ClusterTags#CLUSTER}) */
    public String clusterId() {
        return clusterId;
    }

    /** @return the node id, unique within the cluster, for example {@code worker-2} (tag {@link ClusterTags#NODE}) */
    public String nodeId() {
        return nodeId;
    }

    /** @return the node's role */
    public NodeRole role() {
        return role;
    }

    /** @return the 1-based ordinal within the role */
    public int ordinal() {
        return ordinal;
    }

    /** @return the subnet to launch into */
    public String subnetId() {
        return subnetId;
    }

    /** @return the instance type */
    public String instanceType() {
        return instanceType;
    }

    /** @return the AMI id */
    public String imageId() {
        return imageId;
    }

    /** @return the EC2 key pair name, if any */
    public Optional<String> keyName() {
        return Optional.ofNullable(keyName);
    }

    /** @return the IAM instance profile name, if any */
    public Optional<String> instanceProfileName() {
        return Optional.ofNullable(instanceProfileName);
    }

    /** @return the security group ids; empty means the VPC's default group */
    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** @return root volume size in GiB (gp3, encrypted); default {@value #DEFAULT_ROOT_VOLUME_SIZE_GIB} */
    public int rootVolumeSizeGib() {
        return rootVolumeSizeGib;
    }

    /** @return the root volume's EBS type; default {@code gp3} */
    public String rootVolumeType() {
        return rootVolumeType;
    }

    /** @return the root volume's provisioned IOPS; 0 (default) for the type's baseline */
    public int rootVolumeIops() {
        return rootVolumeIops;
    }

    /** @return the root volume's throughput in MiB/s (gp3); 0 (default) for the baseline */
    public int rootVolumeThroughput() {
        return rootVolumeThroughput;
    }

    /** @return extra tags; the ds-ec2 tags and {@code Name} are added by the provisioner and win over these */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return cloud-init user data as plain text (the provisioner encodes it), if any */
    public Optional<String> userData() {
        return Optional.ofNullable(userData);
    }

    /** @return an explicit idempotency token (at most 64 ASCII characters); unset means derived from cluster and node id */
    public Optional<String> clientToken() {
        return Optional.ofNullable(clientToken);
    }

    /** @return how long launch waits for {@code running}; {@link Duration#ZERO} means it does not wait */
    public Duration runningTimeout() {
        return runningTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LaunchRequest)) {
            return false;
        }
        LaunchRequest r = (LaunchRequest) o;
        return ordinal == r.ordinal && rootVolumeSizeGib == r.rootVolumeSizeGib && clusterId.equals(r.clusterId)
                && rootVolumeType.equals(r.rootVolumeType) && rootVolumeIops == r.rootVolumeIops
                && rootVolumeThroughput == r.rootVolumeThroughput
                && nodeId.equals(r.nodeId) && role == r.role && subnetId.equals(r.subnetId)
                && instanceType.equals(r.instanceType) && imageId.equals(r.imageId) && Objects.equals(keyName, r.keyName)
                && Objects.equals(instanceProfileName, r.instanceProfileName)
                && securityGroupIds.equals(r.securityGroupIds) && tags.equals(r.tags)
                && Objects.equals(userData, r.userData) && Objects.equals(clientToken, r.clientToken)
                && runningTimeout.equals(r.runningTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, nodeId, role, ordinal, subnetId, instanceType, imageId, keyName,
                instanceProfileName, securityGroupIds, rootVolumeSizeGib, tags, userData, clientToken, runningTimeout);
    }

    @Override
    public String toString() {
        return "LaunchRequest{cluster=" + clusterId + ", node=" + nodeId + ", role=" + role.id() + ", subnet=" + subnetId
                + ", type=" + instanceType + ", image=" + imageId + ", key=" + keyName + ", profile="
                + instanceProfileName + ", groups=" + securityGroupIds + ", rootGib=" + rootVolumeSizeGib + " " + rootVolumeType
                + ", userData=" + (userData == null ? "none" : "***") + "}";
    }

    /** Builder for {@link LaunchRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String nodeId;
        private NodeRole role;
        private int ordinal;
        private String subnetId;
        private String instanceType;
        private String imageId;
        private String keyName;
        private String instanceProfileName;
        private List<String> securityGroupIds = List.of();
        private int rootVolumeSizeGib = DEFAULT_ROOT_VOLUME_SIZE_GIB;
        private String rootVolumeType = "gp3";
        private int rootVolumeIops;
        private int rootVolumeThroughput;
        private Map<String, String> tags = Map.of();
        private String userData;
        private String clientToken;
        private Duration runningTimeout = DEFAULT_RUNNING_TIMEOUT;

        private Builder() {
        }


        /** @param v cluster id (required) @return this */
        public Builder clusterId(String v) {
            clusterId = v;
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

        /** @param v 1-based ordinal (required) @return this @throws IllegalArgumentException if below 1 */
        public Builder ordinal(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("ordinal must be >= 1: " + v);
            }
            ordinal = v;
            return this;
        }

        /** @param v subnet id (required) @return this */
        public Builder subnetId(String v) {
            subnetId = v;
            return this;
        }

        /** @param v instance type (required) @return this */
        public Builder instanceType(String v) {
            instanceType = v;
            return this;
        }

        /** @param v AMI id (required) @return this */
        public Builder imageId(String v) {
            imageId = v;
            return this;
        }

        /** @param v key pair name, or null for none (default) @return this */
        public Builder keyName(String v) {
            keyName = v;
            return this;
        }

        /** @param v IAM instance profile name, or null for none (default) @return this */
        public Builder instanceProfileName(String v) {
            instanceProfileName = v;
            return this;
        }

        /** @param v security group ids (replaces the list); default empty @return this */
        public Builder securityGroupIds(List<String> v) {
            securityGroupIds = List.copyOf(v);
            return this;
        }

        /** @param v adds one security group id @return this */
        public Builder addSecurityGroupId(String v) {
            List<String> l = new ArrayList<>(securityGroupIds);
            l.add(Objects.requireNonNull(v, "securityGroupId must not be null"));
            securityGroupIds = List.copyOf(l);
            return this;
        }

        /**
         * @param v root volume size in GiB, 8 to 16384; default {@value #DEFAULT_ROOT_VOLUME_SIZE_GIB}
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder rootVolumeSizeGib(int v) {
            if (v < 8 || v > 16384) {
                throw new IllegalArgumentException("rootVolumeSizeGib must be within 8..16384: " + v);
            }
            rootVolumeSizeGib = v;
            return this;
        }

        /**
         * @param type EBS type (gp3, gp2, io1, io2, standard)
         * @param iops provisioned IOPS, 0 for the type's baseline
         * @param throughputMibps gp3 throughput in MiB/s, 0 for the baseline
         * @return this
         */
        public Builder rootVolume(String type, int iops, int throughputMibps) {
            rootVolumeType = type;
            rootVolumeIops = iops;
            rootVolumeThroughput = throughputMibps;
            return this;
        }

        /** @param v extra tags (copied); default none @return this */
        public Builder tags(Map<String, String> v) {
            tags = Map.copyOf(v);
            return this;
        }

        /** @param v plain-text user data, or null for none (default) @return this */
        public Builder userData(String v) {
            userData = v;
            return this;
        }

        /**
         * @param v idempotency token, at most 64 ASCII characters, or null to derive one from cluster and node id
         *     (default)
         * @return this
         * @throws IllegalArgumentException if longer than 64 characters or not ASCII
         */
        public Builder clientToken(String v) {
            if (v != null && (v.isEmpty() || v.length() > 64 || !v.chars().allMatch(c -> c > 32 && c < 127))) {
                throw new IllegalArgumentException("clientToken must be 1..64 printable ASCII characters");
            }
            clientToken = v;
            return this;
        }

        /**
         * @param v wait for {@code running} at most this long; {@link Duration#ZERO} = do not wait; default 5 minutes
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder runningTimeout(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("runningTimeout must not be negative: " + v);
            }
            runningTimeout = v;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if a required field is missing
         * @throws IllegalStateException if the ordinal was not set
         */
        public LaunchRequest build() {
            return new LaunchRequest(this);
        }
    }
}
