package io.dsec2.spi;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link ConfigRenderer} knows about the one node it renders for: the cluster spec being applied, the
 * node (id, role, the node group it belongs to), the facts ds-ec2 found on its host, and the spec's secrets,
 * already resolved.
 *
 * <p>The resolved secret values are plain text here, so a request must never be logged by value:
 * {@link #toString()} names the node only ({@link #equals} compares every field, the secrets included).
 * Instances are immutable and thread-safe; the builder is not thread-safe.
 *
 * <pre>{@code
 * RenderRequest request = RenderRequest.builder()
 *         .spec(spec).nodeId("worker-1").role(NodeRole.WORKER).group(spec.workerGroups().get(0))
 *         .javaHome("/usr/lib/jvm/java-17").javaMajor(17).instanceMemoryMib(16384)
 *         .databasePassword("secret")
 *         .build();
 * }</pre>
 */
public final class RenderRequest {
    private final ClusterSpec spec;
    private final String nodeId;
    private final NodeRole role;
    private final NodeGroupSpec group;
    private final String os;
    private final String javaHome;
    private final int javaMajor;
    private final long instanceMemoryMib;
    private final String databasePassword;
    private final String s3AccessKeyId;
    private final String s3SecretAccessKey;
    private final String pythonGatewayToken;

    private RenderRequest(Builder b) {
        this.spec = Objects.requireNonNull(b.spec, "spec must not be null");
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId must not be null");
        this.role = Objects.requireNonNull(b.role, "role must not be null");
        this.group = Objects.requireNonNull(b.group, "group must not be null");
        if (group.role() != role) {
            throw new IllegalStateException("group " + group.name() + " is a " + group.role().id()
                    + " group, but the node's role is " + role.id());
        }
        this.os = b.os;
        this.javaHome = Objects.requireNonNull(b.javaHome, "javaHome must not be null");
        this.javaMajor = b.javaMajor;
        this.instanceMemoryMib = b.instanceMemoryMib;
        this.databasePassword = b.databasePassword;
        this.s3AccessKeyId = b.s3AccessKeyId;
        this.s3SecretAccessKey = b.s3SecretAccessKey;
        this.pythonGatewayToken = b.pythonGatewayToken;
    }

    /**
     * @return a new builder: spec, nodeId, role, group and javaHome are required; os {@code unknown}, javaMajor 17,
     *     instanceMemoryMib 0 (unknown), no secrets
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this request's values
     */
    public Builder toBuilder() {
        Builder b = new Builder().spec(spec).nodeId(nodeId).role(role).group(group).os(os).javaHome(javaHome)
                .javaMajor(javaMajor).instanceMemoryMib(instanceMemoryMib);
        b.databasePassword = databasePassword;
        b.s3AccessKeyId = s3AccessKeyId;
        b.s3SecretAccessKey = s3SecretAccessKey;
        b.pythonGatewayToken = pythonGatewayToken;
        return b;
    }

    /**
     * @param change edits applied to a builder holding this request's values
     * @return a new request with the edits applied
     */
    public RenderRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the whole cluster spec being created or rolled out (its secrets as references, not values)
     */
    public ClusterSpec spec() {
        return spec;
    }

    /**
     * @return the node's id, for example {@code worker-2}
     */
    public String nodeId() {
        return nodeId;
    }

    /**
     * @return the server the node runs
     */
    public NodeRole role() {
        return role;
    }

    /**
     * @return the node group the node belongs to in {@link #spec()} (its instance type, JVM and
     *     {@code service_config} settings); for a worker, its worker group
     */
    public NodeGroupSpec group() {
        return group;
    }

    /**
     * @return the host's operating system as {@code ID VERSION_ID} of {@code /etc/os-release}, or {@code unknown}
     */
    public String os() {
        return os;
    }

    /**
     * @return the JAVA_HOME the servers run with
     */
    public String javaHome() {
        return javaHome;
    }

    /**
     * @return the Java feature version at {@link #javaHome()}, for example 17; 0 if unknown
     */
    public int javaMajor() {
        return javaMajor;
    }

    /**
     * @return the instance's RAM in MiB; 0 if unknown
     */
    public long instanceMemoryMib() {
        return instanceMemoryMib;
    }

    /**
     * @return the resolved {@code database.password}, if the spec sets one
     */
    public Optional<String> databasePassword() {
        return Optional.ofNullable(databasePassword);
    }

    /**
     * @return the resolved {@code storage.access_key_id}, if the spec sets one
     */
    public Optional<String> s3AccessKeyId() {
        return Optional.ofNullable(s3AccessKeyId);
    }

    /**
     * @return the resolved {@code storage.secret_access_key}, if the spec sets one
     */
    public Optional<String> s3SecretAccessKey() {
        return Optional.ofNullable(s3SecretAccessKey);
    }

    /**
     * @return the resolved python gateway token; empty if the spec sets none or the gateway is off
     */
    public Optional<String> pythonGatewayToken() {
        return Optional.ofNullable(pythonGatewayToken);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RenderRequest)) {
            return false;
        }
        RenderRequest r = (RenderRequest) o;
        return javaMajor == r.javaMajor && instanceMemoryMib == r.instanceMemoryMib && spec.equals(r.spec)
                && nodeId.equals(r.nodeId) && role == r.role && group.equals(r.group) && os.equals(r.os)
                && javaHome.equals(r.javaHome) && Objects.equals(databasePassword, r.databasePassword)
                && Objects.equals(s3AccessKeyId, r.s3AccessKeyId) && Objects.equals(s3SecretAccessKey, r.s3SecretAccessKey)
                && Objects.equals(pythonGatewayToken, r.pythonGatewayToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec.name(), nodeId, role, javaHome, javaMajor, instanceMemoryMib);
    }

    /** @return the cluster, node and role; never a secret */
    @Override
    public String toString() {
        return "RenderRequest[" + spec.name() + "/" + nodeId + " " + role.id() + ", group " + group.name() + "]";
    }

    /** Builds a {@link RenderRequest}. Not thread-safe. */
    public static final class Builder {
        private ClusterSpec spec;
        private String nodeId;
        private NodeRole role;
        private NodeGroupSpec group;
        private String os = "unknown";
        private String javaHome;
        private int javaMajor = 17;
        private long instanceMemoryMib;
        private String databasePassword;
        private String s3AccessKeyId;
        private String s3SecretAccessKey;
        private String pythonGatewayToken;

        private Builder() {
        }

        /**
         * @param spec the cluster spec being applied (required)
         * @return this builder
         */
        public Builder spec(ClusterSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec must not be null");
            return this;
        }

        /**
         * @param nodeId the node's id, for example {@code master-1} (required)
         * @return this builder
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
            return this;
        }

        /**
         * @param role the server the node runs (required)
         * @return this builder
         */
        public Builder role(NodeRole role) {
            this.role = Objects.requireNonNull(role, "role must not be null");
            return this;
        }

        /**
         * @param group the node's group in the spec (required); its role must be the node's
         * @return this builder
         */
        public Builder group(NodeGroupSpec group) {
            this.group = Objects.requireNonNull(group, "group must not be null");
            return this;
        }

        /**
         * @param os the host's operating system; default {@code unknown}
         * @return this builder
         */
        public Builder os(String os) {
            this.os = Objects.requireNonNull(os, "os must not be null");
            return this;
        }

        /**
         * @param javaHome the JAVA_HOME the servers run with (required)
         * @return this builder
         */
        public Builder javaHome(String javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome must not be null");
            return this;
        }

        /**
         * @param javaMajor the Java feature version, for example 17 (the default); 0 means unknown
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder javaMajor(int javaMajor) {
            if (javaMajor < 0) {
                throw new IllegalArgumentException("javaMajor must not be negative, was " + javaMajor);
            }
            this.javaMajor = javaMajor;
            return this;
        }

        /**
         * @param instanceMemoryMib the instance's RAM in MiB; 0 (the default) means unknown
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder instanceMemoryMib(long instanceMemoryMib) {
            if (instanceMemoryMib < 0) {
                throw new IllegalArgumentException("instanceMemoryMib must not be negative, was " + instanceMemoryMib);
            }
            this.instanceMemoryMib = instanceMemoryMib;
            return this;
        }

        /**
         * @param value the resolved database password, or null for none (the default)
         * @return this builder
         */
        public Builder databasePassword(String value) {
            this.databasePassword = value;
            return this;
        }

        /**
         * @param value the resolved S3 access key id, or null for none (the default)
         * @return this builder
         */
        public Builder s3AccessKeyId(String value) {
            this.s3AccessKeyId = value;
            return this;
        }

        /**
         * @param value the resolved S3 secret access key, or null for none (the default)
         * @return this builder
         */
        public Builder s3SecretAccessKey(String value) {
            this.s3SecretAccessKey = value;
            return this;
        }

        /**
         * @param value the resolved python gateway token, or null for none (the default; the gateway is then off)
         * @return this builder
         */
        public Builder pythonGatewayToken(String value) {
            this.pythonGatewayToken = value;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if spec, nodeId, role, group or javaHome was not set
         * @throws IllegalStateException if the group's role is not the node's
         */
        public RenderRequest build() {
            return new RenderRequest(this);
        }
    }
}
