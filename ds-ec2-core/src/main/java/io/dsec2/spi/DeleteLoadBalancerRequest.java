package io.dsec2.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Deletes a cluster's load balancer, listener and target group, found by name and cluster tag, and, when a VPC is
 * given, only if they are in that VPC (a same-named cluster in another VPC is left alone).
 *
 * <pre>{@code
 * lb.delete(DeleteLoadBalancerRequest.of("prod", "prod", "vpc-0abc"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeleteLoadBalancerRequest {
    private final String clusterId;
    private final String name;
    private final String vpcId;

    private DeleteLoadBalancerRequest(String clusterId, String name, String vpcId) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.vpcId = vpcId;
    }

    /**
     * @param clusterId the cluster id; resources without this cluster tag are left alone
     * @param name the name given in {@link LoadBalancerRequest#name()}
     * @return the request
     */
    public static DeleteLoadBalancerRequest of(String clusterId, String name) {
        return new DeleteLoadBalancerRequest(clusterId, name, null);
    }

    /**
     * @param clusterId the cluster id; resources without this cluster tag are left alone
     * @param name the name given in {@link LoadBalancerRequest#name()}
     * @param vpcId the cluster's VPC; resources in another VPC are left alone
     * @return the request
     */
    public static DeleteLoadBalancerRequest of(String clusterId, String name, String vpcId) {
        return new DeleteLoadBalancerRequest(clusterId, name, Objects.requireNonNull(vpcId, "vpcId must not be null"));
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the load balancer name */
    public String name() {
        return name;
    }

    /** @return the VPC the resources must be in; empty when any VPC of the region will do */
    public Optional<String> vpcId() {
        return Optional.ofNullable(vpcId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteLoadBalancerRequest && ((DeleteLoadBalancerRequest) o).clusterId.equals(clusterId)
                && ((DeleteLoadBalancerRequest) o).name.equals(name)
                && Objects.equals(((DeleteLoadBalancerRequest) o).vpcId, vpcId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, name, vpcId);
    }

    @Override
    public String toString() {
        return "DeleteLoadBalancerRequest{cluster=" + clusterId + ", name=" + name
                + (vpcId == null ? "" : ", vpc=" + vpcId) + "}";
    }
}
