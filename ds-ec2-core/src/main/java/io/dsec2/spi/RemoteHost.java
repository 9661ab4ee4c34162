package io.dsec2.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One SSH endpoint: the node it belongs to, where to reach it and as whom, and whether its host key may be
 * trusted on first use.
 *
 * <p>{@link #trustOnFirstUse()} must be true only for instances that ds-ec2 launched itself and has not reached
 * over SSH yet: for those, the first host key seen is recorded in the cluster's known_hosts file. For every other
 * host (adopted instances, the jump host), an unknown key is refused: host keys are pinned, never accepted
 * blindly. {@link #instanceId()} names the EC2 instance behind the address: keys are pinned for that instance, so a
 * new instance that reuses a private IP is not taken for a changed key of the old one.
 *
 * <pre>{@code
 * RemoteHost host = RemoteHost.builder().nodeId("master-1").address("10.0.1.4").user("ec2-user")
 *         .instanceId("i-0123456789abcdef0").trustOnFirstUse(true).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the builder is not thread-safe.
 */
public final class RemoteHost {
    private final String nodeId;
    private final String address;
    private final int port;
    private final String user;
    private final boolean trustOnFirstUse;
    private final String instanceId;

    private RemoteHost(Builder b) {
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId must not be null");
        this.address = Objects.requireNonNull(b.address, "address must not be null");
        this.user = Objects.requireNonNull(b.user, "user must not be null");
        this.port = b.port;
        this.trustOnFirstUse = b.trustOnFirstUse;
        this.instanceId = b.instanceId;
        if (nodeId.isBlank() || address.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("nodeId, address and user must not be blank");
        }
    }

    /**
     * @return a new builder: port 22, trustOnFirstUse false, no instance id
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this host's values
     */
    public Builder toBuilder() {
        Builder b = new Builder().nodeId(nodeId).address(address).port(port).user(user)
                .trustOnFirstUse(trustOnFirstUse);
        b.instanceId = instanceId;
        return b;
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return a new RemoteHost with the edits applied
     */
    public RemoteHost copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the cluster node id this endpoint belongs to, e.g. {@code master-1}; used in messages
     */
    public String nodeId() {
        return nodeId;
    }

    /**
     * @return IP address or DNS name to connect to
     */
    public String address() {
        return address;
    }

    /**
     * @return TCP port of sshd, 1..65535; default 22
     */
    public int port() {
        return port;
    }

    /**
     * @return login user, e.g. {@code ec2-user}
     */
    public String user() {
        return user;
    }

    /**
     * @return true if an unknown host key may be recorded on first contact (instances ds-ec2 launched and has not
     *         reached yet)
     */
    public boolean trustOnFirstUse() {
        return trustOnFirstUse;
    }

    /**
     * @return the EC2 instance id behind the address (e.g. {@code i-0123456789abcdef0}), if known; host keys are
     *         pinned for it
     */
    public Optional<String> instanceId() {
        return Optional.ofNullable(instanceId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RemoteHost)) {
            return false;
        }
        RemoteHost h = (RemoteHost) o;
        return port == h.port && trustOnFirstUse == h.trustOnFirstUse && nodeId.equals(h.nodeId)
                && address.equals(h.address) && user.equals(h.user) && Objects.equals(instanceId, h.instanceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, address, port, user, trustOnFirstUse, instanceId);
    }

    /**
     * @return {@code nodeId (user@address:port)}
     */
    @Override
    public String toString() {
        return nodeId + " (" + user + "@" + address + ":" + port + ")";
    }

    /** Mutable, not thread-safe builder of {@link RemoteHost}. */
    public static final class Builder {
        private String nodeId;
        private String address;
        private int port = 22;
        private String user;
        private boolean trustOnFirstUse;
        private String instanceId;

        private Builder() {
        }

        /**
         * @param nodeId cluster node id, required
         * @return this builder
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
            return this;
        }

        /**
         * @param address IP address or DNS name, required
         * @return this builder
         */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /**
         * @param port sshd port, 1..65535; default 22
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param user login user, required
         * @return this builder
         */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user must not be null");
            return this;
        }

        /**
         * @param trustOnFirstUse true only for instances ds-ec2 launched and has not reached yet; default false
         * @return this builder
         */
        public Builder trustOnFirstUse(boolean trustOnFirstUse) {
            this.trustOnFirstUse = trustOnFirstUse;
            return this;
        }

        /**
         * @param instanceId the EC2 instance id behind the address; host keys are pinned for it; default none
         *        (keys are then pinned for the address alone)
         * @return this builder
         * @throws IllegalArgumentException if blank or containing white space
         */
        public Builder instanceId(String instanceId) {
            Objects.requireNonNull(instanceId, "instanceId must not be null");
            if (instanceId.isBlank() || !instanceId.equals(instanceId.replaceAll("\\s", ""))) {
                throw new IllegalArgumentException("instanceId must be non-blank without white space");
            }
            this.instanceId = instanceId;
            return this;
        }

        /**
         * @return the host
         * @throws NullPointerException if nodeId, address or user is missing
         */
        public RemoteHost build() {
            return new RemoteHost(this);
        }
    }
}
