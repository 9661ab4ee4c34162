package io.dsec2.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One node of a running cluster, as ds-ec2 found it: the instance and the DolphinScheduler server on it.
 * Immutable and thread-safe.
 */
public final class ClusterNode {
    private final String nodeId;
    private final NodeRole role;
    private final String instanceId;
    private final String privateIp;
    private final String publicIp;
    private final String availabilityZone;
    private final String instanceType;
    private final String health;

    private ClusterNode(String nodeId, NodeRole role, String instanceId, String privateIp, String publicIp,
            String availabilityZone, String instanceType, String health) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.role = Objects.requireNonNull(role, "role");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.privateIp = Objects.requireNonNull(privateIp, "privateIp");
        this.publicIp = publicIp;
        this.availabilityZone = Objects.requireNonNull(availabilityZone, "availabilityZone");
        this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
        this.health = Objects.requireNonNull(health, "health");
    }

    /**
     * @param health the server's actuator health status, for example {@code UP}, or {@code UNKNOWN}
     * @return a node
     */
    public static ClusterNode of(String nodeId, NodeRole role, String instanceId, String privateIp, String publicIp,
            String availabilityZone, String instanceType, String health) {
        return new ClusterNode(nodeId, role, instanceId, privateIp, publicIp, availabilityZone, instanceType, health);
    }

    /** @return for example {@code worker-2} */
    public String nodeId() {
        return nodeId;
    }

    public NodeRole role() {
        return role;
    }

    /** @return the EC2 instance id */
    public String instanceId() {
        return instanceId;
    }

    public String privateIp() {
        return privateIp;
    }

    public Optional<String> publicIp() {
        return Optional.ofNullable(publicIp);
    }

    public String availabilityZone() {
        return availabilityZone;
    }

    public String instanceType() {
        return instanceType;
    }

    /** @return the server's health status when the handle was made, for example {@code UP} */
    public String health() {
        return health;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterNode n && nodeId.equals(n.nodeId) && role == n.role && instanceId.equals(n.instanceId)
                && privateIp.equals(n.privateIp) && Objects.equals(publicIp, n.publicIp)
                && availabilityZone.equals(n.availabilityZone) && instanceType.equals(n.instanceType)
                && health.equals(n.health);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, role, instanceId, privateIp, publicIp, availabilityZone, instanceType, health);
    }

    @Override
    public String toString() {
        return "ClusterNode{" + nodeId + ", " + instanceId + ", " + privateIp + ", " + availabilityZone + ", " + health + "}";
    }
}
