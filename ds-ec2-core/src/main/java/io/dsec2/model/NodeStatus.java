package io.dsec2.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link io.dsec2.DsCluster#status()} found on one node: the instance as the cloud describes it, whether
 * ds-ec2 could log in over SSH, the DolphinScheduler server process and its actuator health (probed on the node
 * itself), the server's ZooKeeper registration (master, worker, alert; the api server does not register, see
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-registry/dolphinscheduler-registry-api/src/main/java/org/apache/dolphinscheduler/registry/api/enums/RegistryNodeType.java)
 * with its heartbeat age and {@code serverStatus}, and for api nodes behind the load balancer the target health.
 *
 * <p>A field that could not be probed (for example the process when SSH failed) is empty. {@link #healthy()} is
 * false exactly when {@link #reasons()} is not empty.
 *
 * <pre>{@code
 * for (NodeStatus n : cluster.status().nodes()) {
 *     System.out.println(n.nodeId() + " " + (n.healthy() ? "ok" : n.reasons()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class NodeStatus {
    private final String nodeId;
    private final NodeRole role;
    private final String instanceId;
    private final String instanceState;
    private final String availabilityZone;
    private final String privateIp;
    private final String publicIp;
    private final boolean sshReachable;
    private final Boolean processRunning;
    private final String health;
    private final Boolean registered;
    private final Duration heartbeatAge;
    private final String serverStatus;
    private final String targetHealth;
    private final List<String> reasons;

    private NodeStatus(Builder b) {
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId must not be null");
        this.role = Objects.requireNonNull(b.role, "role must not be null");
        this.instanceId = Objects.requireNonNull(b.instanceId, "instanceId must not be null");
        this.instanceState = Objects.requireNonNull(b.instanceState, "instanceState must not be null");
        this.availabilityZone = Objects.requireNonNull(b.availabilityZone, "availabilityZone must not be null");
        this.privateIp = Objects.requireNonNull(b.privateIp, "privateIp must not be null");
        this.publicIp = b.publicIp;
        this.sshReachable = b.sshReachable;
        this.processRunning = b.processRunning;
        this.health = Objects.requireNonNull(b.health, "health must not be null");
        this.registered = b.registered;
        this.heartbeatAge = b.heartbeatAge;
        this.serverStatus = b.serverStatus;
        this.targetHealth = b.targetHealth;
        this.reasons = List.copyOf(b.reasons);
    }

    /** @return a new builder: health {@code UNKNOWN}, nothing reachable, no reasons */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this value's fields */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return the changed copy
     */
    public NodeStatus copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the node id, for example {@code worker-2} */
    public String nodeId() {
        return nodeId;
    }

    /** @return the DolphinScheduler server of this node */
    public NodeRole role() {
        return role;
    }

    /** @return the EC2 instance id */
    public String instanceId() {
        return instanceId;
    }

    /** @return the EC2 state name, for example {@code running} or {@code stopped} */
    public String instanceState() {
        return instanceState;
    }

    /** @return the availability zone, for example {@code us-east-1a} */
    public String availabilityZone() {
        return availabilityZone;
    }

    /** @return the primary private IPv4 address */
    public String privateIp() {
        return privateIp;
    }

    /** @return the public IPv4 address, if the instance has one */
    public Optional<String> publicIp() {
        return Optional.ofNullable(publicIp);
    }

    /** @return true if ds-ec2 logged in over SSH and ran the probe within the probe timeout */
    public boolean sshReachable() {
        return sshReachable;
    }

    /** @return whether the server's JVM runs (found by its main class); empty if it could not be checked */
    public Optional<Boolean> processRunning() {
        return Optional.ofNullable(processRunning);
    }

    /**
     * @return the actuator health status the server reports on the node ({@code UP}, {@code DOWN}, ...),
     *     {@code UNREACHABLE} if the endpoint did not answer, {@code UNKNOWN} if it could not be probed
     */
    public String health() {
        return health;
    }

    /**
     * @return whether the server holds its node in ZooKeeper; empty for api servers (they do not register) and
     *     when ZooKeeper could not be read. A standby alert server is not registered, and that is no fault.
     */
    public Optional<Boolean> registered() {
        return Optional.ofNullable(registered);
    }

    /** @return time since the registry node was last written (the last heartbeat), if registered */
    public Optional<Duration> heartbeatAge() {
        return Optional.ofNullable(heartbeatAge);
    }

    /**
     * @return {@code serverStatus} from the heartbeat ({@code NORMAL}, {@code ABNORMAL}, {@code BUSY}); masters
     *     and workers only, if registered
     */
    public Optional<String> serverStatus() {
        return Optional.ofNullable(serverStatus);
    }

    /**
     * @return the load balancer's target state ({@code healthy}, {@code unhealthy}, {@code unused}, ...,
     *     {@code not-registered}) for api nodes when the load balancer is enabled; empty otherwise
     */
    public Optional<String> targetHealth() {
        return Optional.ofNullable(targetHealth);
    }

    /** @return why this node is not healthy, each naming the failed check; empty if healthy */
    public List<String> reasons() {
        return reasons;
    }

    /** @return true if every check of this node passed */
    public boolean healthy() {
        return reasons.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NodeStatus)) {
            return false;
        }
        NodeStatus n = (NodeStatus) o;
        return sshReachable == n.sshReachable && nodeId.equals(n.nodeId) && role == n.role
                && instanceId.equals(n.instanceId) && instanceState.equals(n.instanceState)
                && availabilityZone.equals(n.availabilityZone) && privateIp.equals(n.privateIp)
                && Objects.equals(publicIp, n.publicIp) && Objects.equals(processRunning, n.processRunning)
                && health.equals(n.health) && Objects.equals(registered, n.registered)
                && Objects.equals(heartbeatAge, n.heartbeatAge) && Objects.equals(serverStatus, n.serverStatus)
                && Objects.equals(targetHealth, n.targetHealth) && reasons.equals(n.reasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, role, instanceId, instanceState, availabilityZone, privateIp, publicIp,
                sshReachable, processRunning, health, registered, heartbeatAge, serverStatus, targetHealth, reasons);
    }

    @Override
    public String toString() {
        return "NodeStatus{" + nodeId + ", " + instanceId + ", " + instanceState + ", az=" + availabilityZone
                + ", ip=" + privateIp + ", ssh=" + sshReachable + ", process=" + processRunning + ", health=" + health
                + ", registered=" + registered + ", heartbeatAge=" + heartbeatAge + ", serverStatus=" + serverStatus
                + ", target=" + targetHealth + (reasons.isEmpty() ? "" : ", reasons=" + reasons) + "}";
    }

    /** Builder of {@link NodeStatus}; mutable, not thread-safe. */
    public static final class Builder {
        private String nodeId;
        private NodeRole role;
        private String instanceId;
        private String instanceState;
        private String availabilityZone;
        private String privateIp;
        private String publicIp;
        private boolean sshReachable;
        private Boolean processRunning;
        private String health = "UNKNOWN";
        private Boolean registered;
        private Duration heartbeatAge;
        private String serverStatus;
        private String targetHealth;
        private List<String> reasons = new ArrayList<>();

        private Builder() {
        }

        private Builder(NodeStatus n) {
            nodeId = n.nodeId;
            role = n.role;
            instanceId = n.instanceId;
            instanceState = n.instanceState;
            availabilityZone = n.availabilityZone;
            privateIp = n.privateIp;
            publicIp = n.publicIp;
            sshReachable = n.sshReachable;
            processRunning = n.processRunning;
            health = n.health;
            registered = n.registered;
            heartbeatAge = n.heartbeatAge;
            serverStatus = n.serverStatus;
            targetHealth = n.targetHealth;
            reasons = new ArrayList<>(n.reasons);
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

        /** @param v instance id (required) @return this */
        public Builder instanceId(String v) {
            instanceId = v;
            return this;
        }

        /** @param v EC2 state name (required) @return this */
        public Builder instanceState(String v) {
            instanceState = v;
            return this;
        }

        /** @param v availability zone (required) @return this */
        public Builder availabilityZone(String v) {
            availabilityZone = v;
            return this;
        }

        /** @param v private IPv4 address (required) @return this */
        public Builder privateIp(String v) {
            privateIp = v;
            return this;
        }

        /** @param v public IPv4 address, or null for none (default) @return this */
        public Builder publicIp(String v) {
            publicIp = v;
            return this;
        }

        /** @param v whether the SSH probe ran; default false @return this */
        public Builder sshReachable(boolean v) {
            sshReachable = v;
            return this;
        }

        /** @param v whether the JVM runs, or null if unknown (default) @return this */
        public Builder processRunning(Boolean v) {
            processRunning = v;
            return this;
        }

        /** @param v actuator health status; default {@code UNKNOWN} @return this */
        public Builder health(String v) {
            health = Objects.requireNonNull(v, "health must not be null");
            return this;
        }

        /** @param v whether registered in ZooKeeper, or null if not applicable or unknown (default) @return this */
        public Builder registered(Boolean v) {
            registered = v;
            return this;
        }

        /** @param v time since the last heartbeat, or null (default) @return this */
        public Builder heartbeatAge(Duration v) {
            heartbeatAge = v;
            return this;
        }

        /** @param v {@code serverStatus} of the heartbeat, or null (default) @return this */
        public Builder serverStatus(String v) {
            serverStatus = v;
            return this;
        }

        /** @param v the target state, or null if not applicable (default) @return this */
        public Builder targetHealth(String v) {
            targetHealth = v;
            return this;
        }

        /** @param v one reason the node is not healthy @return this */
        public Builder addReason(String v) {
            reasons.add(Objects.requireNonNull(v, "reason must not be null"));
            return this;
        }

        /** @param v all reasons (replaces earlier ones); default none @return this */
        public Builder reasons(List<String> v) {
            reasons = new ArrayList<>(v);
            return this;
        }

        /**
         * @return the value
         * @throws NullPointerException if a required field is missing
         */
        public NodeStatus build() {
            return new NodeStatus(this);
        }
    }
}
