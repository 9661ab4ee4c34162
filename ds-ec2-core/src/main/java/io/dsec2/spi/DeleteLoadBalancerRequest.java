package io.dsec2.spi;

import java.util.Objects;

/**
 * Deletes a cluster's load balancer, listener and target group, found by name and cluster tag.
 *
 * <pre>{@code
 * lb.delete(DeleteLoadBalancerRequest.of("prod", "prod"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeleteLoadBalancerRequest {
    private final String clusterId;
    private final String name;

    private DeleteLoadBalancerRequest(String clusterId, String name) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        this.name = Objects.requireNonNull(name, "name must not be null");
    }

    /**
     * @param clusterId the cluster id; resources without this cluster tag are left alone
     * @param name the name given in {@link LoadBalancerRequest#name()}
     * @return the request
     */
    public static DeleteLoadBalancerRequest of(String clusterId, String name) {
        return new DeleteLoadBalancerRequest(clusterId, name);
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the load balancer name */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteLoadBalancerRequest && ((DeleteLoadBalancerRequest) o).clusterId.equals(clusterId)
                && ((DeleteLoadBalancerRequest) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, name);
    }

    @Override
    public String toString() {
        return "DeleteLoadBalancerRequest{cluster=" + clusterId + ", name=" + name + "}";
    }
}
