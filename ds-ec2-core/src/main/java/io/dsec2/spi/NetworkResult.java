package io.dsec2.spi;

import io.dsec2.model.NodeRole;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The security groups to use for each role, which of them this call created (for rollback), and the load
 * balancer's group if one was requested.
 *
 * <pre>{@code
 * List<String> masterGroups = net.securityGroupIdsFor(NodeRole.MASTER);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class NetworkResult {
    private final Map<NodeRole, List<String>> groupsByRole;
    private final String loadBalancerSecurityGroupId;
    private final List<String> createdSecurityGroupIds;

    private NetworkResult(Map<NodeRole, List<String>> groupsByRole, String loadBalancerSecurityGroupId,
            List<String> createdSecurityGroupIds) {
        EnumMap<NodeRole, List<String>> m = new EnumMap<>(NodeRole.class);
        groupsByRole.forEach((k, v) -> m.put(k, List.copyOf(v)));
        this.groupsByRole = java.util.Collections.unmodifiableMap(m);
        this.loadBalancerSecurityGroupId = loadBalancerSecurityGroupId;
        this.createdSecurityGroupIds = List.copyOf(createdSecurityGroupIds);
    }

    /**
     * @param groupsByRole groups per role
     * @param loadBalancerSecurityGroupId the load balancer's group, or null
     * @param createdSecurityGroupIds groups created by this call
     * @return the result
     */
    public static NetworkResult of(Map<NodeRole, List<String>> groupsByRole, String loadBalancerSecurityGroupId,
            List<String> createdSecurityGroupIds) {
        return new NetworkResult(groupsByRole, loadBalancerSecurityGroupId, createdSecurityGroupIds);
    }

    /** @return groups per role, unmodifiable */
    public Map<NodeRole, List<String>> securityGroupIds() {
        return groupsByRole;
    }

    /** @param role a role @return the groups a node of this role gets; empty if none are known */
    public List<String> securityGroupIdsFor(NodeRole role) {
        return groupsByRole.getOrDefault(role, List.of());
    }

    /** @return the load balancer's group, when one was requested and ds-ec2 manages the groups */
    public Optional<String> loadBalancerSecurityGroupId() {
        return Optional.ofNullable(loadBalancerSecurityGroupId);
    }

    /** @return groups this call created (empty when all existed already or were given) */
    public List<String> createdSecurityGroupIds() {
        return createdSecurityGroupIds;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkResult)) {
            return false;
        }
        NetworkResult r = (NetworkResult) o;
        return groupsByRole.equals(r.groupsByRole)
                && Objects.equals(loadBalancerSecurityGroupId, r.loadBalancerSecurityGroupId)
                && createdSecurityGroupIds.equals(r.createdSecurityGroupIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupsByRole, loadBalancerSecurityGroupId, createdSecurityGroupIds);
    }

    @Override
    public String toString() {
        return "NetworkResult{groups=" + groupsByRole + ", loadBalancerGroup=" + loadBalancerSecurityGroupId
                + ", created=" + createdSecurityGroupIds + "}";
    }
}
