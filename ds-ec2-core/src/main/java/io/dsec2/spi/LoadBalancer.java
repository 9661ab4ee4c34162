package io.dsec2.spi;

import java.util.List;

/**
 * The load balancer in front of the DolphinScheduler API servers: an application load balancer with one
 * target group (HTTP 12345, health check {@code /dolphinscheduler/actuator/health}, short deregistration delay)
 * and one HTTP listener forwarding to it. The AWS implementation is {@code io.dsec2.aws.AwsLoadBalancer}.
 *
 * <pre>{@code
 * try (LoadBalancer lb = AwsLoadBalancer.builder().region("us-east-1").build()) {
 *     LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("prod").name("prod")
 *             .vpcId(vpc).subnetIds(subnets).securityGroupIds(List.of(albGroup)).build());
 *     lb.registerTargets(TargetsRequest.of(info.targetGroupArn(), apiInstanceIds));
 *     lb.describeTargetHealth(TargetsRequest.of(info.targetGroupArn(), List.of()));
 *     lb.delete(DeleteLoadBalancerRequest.of("prod", "prod"));
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> implementations must be safe for concurrent use. <b>Idempotency:</b> {@link #ensure}
 * adopts resources with the same name and cluster tag; register and deregister may repeat; {@link #delete}
 * tolerates resources that are already gone. {@link #close()} releases local resources only. Failures are
 * {@link io.dsec2.exception.ProvisioningException}s.
 */
public interface LoadBalancer extends AutoCloseable {

    /**
     * Creates or adopts the load balancer, target group and listener, and sets the target group's
     * deregistration delay and health check.
     *
     * @param request names, network and settings
     * @return the ARNs, DNS name and what this call created
     * @throws io.dsec2.exception.ProvisioningException if a call fails, or a resource of that name belongs to
     *     another cluster
     */
    LoadBalancerInfo ensure(LoadBalancerRequest request);

    /**
     * @param request target group and instances to add; already registered ones are fine
     * @throws io.dsec2.exception.ProvisioningException if the call fails (for example the instance is not running)
     */
    void registerTargets(TargetsRequest request);

    /**
     * @param request target group and instances to remove; unregistered ones are fine
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     */
    void deregisterTargets(TargetsRequest request);

    /**
     * @param request target group and instances; an empty instance list means every registered target
     * @return the health of each target
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     */
    List<TargetHealth> describeTargetHealth(TargetsRequest request);

    /**
     * Looks up, without changing anything, the target group {@link #ensure} made for a load balancer of this name
     * ({@code <name>-api}), if it exists and carries the cluster's tag. Used by read-only operations such as
     * {@code status()}, which must not create resources.
     *
     * @param clusterId the cluster id its tag must carry
     * @param name the load balancer name given to {@link #ensure}
     * @return the target group's ARN; empty if there is none. The default implementation returns empty, so
     *     target health then reads as unknown
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     */
    default java.util.Optional<String> findTargetGroupArn(String clusterId, String name) {
        return java.util.Optional.empty();
    }

    /**
     * Sets and removes the user's tags on the cluster's load balancer, its listeners and target group, for
     * {@code config update}. The ds-ec2 tags and {@code Name} are never touched. Idempotent.
     *
     * @param clusterId the cluster id the resources must carry
     * @param name the load balancer name (the target group is {@code <name>-api})
     * @param put tags to set (overwriting values)
     * @param remove tag keys to remove
     * @throws UnsupportedOperationException by default: an implementation that cannot tag says so
     */
    default void updateTags(String clusterId, String name, java.util.Map<String, String> put,
                            java.util.Collection<String> remove) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot update tags");
    }

    /**
     * Deletes listener, load balancer and target group, in this order (waiting until the load balancer is gone
     * before the target group is deleted); only resources carrying the cluster's tag are touched.
     *
     * @param request cluster and name
     * @throws io.dsec2.exception.ProvisioningException if a call fails
     */
    void delete(DeleteLoadBalancerRequest request);

    /**
     * The load balancer and target group of that name that carry the cluster's tag, for deregistration and the
     * sweep of a delete.
     *
     * @param request cluster and name
     * @return their ARNs (a target group ARN contains {@code :targetgroup/}); empty if none; the default
     *     implementation cannot list and returns empty
     * @throws io.dsec2.exception.ProvisioningException if a call fails
     */
    default List<String> find(DeleteLoadBalancerRequest request) {
        return List.of();
    }

    /** Releases local resources (SDK clients this instance created); never touches cloud resources. */
    @Override
    void close();
}
