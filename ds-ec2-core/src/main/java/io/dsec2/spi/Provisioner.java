package io.dsec2.spi;

import java.util.List;

/**
 * The cloud side of ds-ec2: launches, lists and terminates the instances of a cluster and manages its
 * security groups. Narrow on purpose (STYLE rule 7): orchestration, ordering, placement and rollback stay in
 * core. The AWS implementation is {@code io.dsec2.aws.AwsProvisioner}.
 *
 * <pre>{@code
 * try (Provisioner p = AwsProvisioner.builder().region("us-east-1").build()) {
 *     NetworkResult net = p.ensureNetwork(networkRequest);
 *     LaunchResult r = p.launch(launchRequest);
 *     ...
 *     p.terminate(TerminateRequest.builder().clusterId("prod").instanceIds(ids).build());
 *     p.deleteNetwork(DeleteNetworkRequest.of("prod", vpcId, Duration.ofMinutes(5)));
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> implementations must be safe for concurrent use across nodes. <b>Idempotency:</b>
 * {@link #launch} returns the existing instance of a node instead of launching a second one;
 * {@link #ensureNetwork} adopts existing groups; {@link #terminate} and {@link #deleteNetwork} tolerate
 * resources that are already gone. {@link #close()} releases local resources only and never touches cloud
 * resources. Failures are {@link io.dsec2.exception.ProvisioningException}s.
 */
public interface Provisioner extends AutoCloseable {

    /**
     * Lists the instances tagged with the cluster id, excluding terminated ones unless asked.
     *
     * @param request which cluster
     * @return the instances, in no particular order; instances without the ds-ec2 node and role tags are skipped
     * @throws io.dsec2.exception.ProvisioningException if the provider call fails
     */
    List<CloudInstance> describe(DescribeRequest request);

    /**
     * Launches the instance of one node, or adopts it: if an instance tagged with the cluster and node id is
     * {@code pending}, {@code running}, {@code stopping} or {@code stopped}, it is returned with
     * {@link LaunchResult#adopted()} true and nothing is launched.
     *
     * @param request the node
     * @return the node's instance; a {@code pending} one is waited for {@code running} per
     *     {@link LaunchRequest#runningTimeout()}; an adopted {@code stopped} or {@code stopping} one is returned as it
     *     is (starting it is the caller's decision)
     * @throws io.dsec2.exception.ProvisioningException if the launch fails or the instance does not reach
     *     {@code running} in time
     */
    LaunchResult launch(LaunchRequest request);

    /**
     * Terminates instances; already terminated or unknown instance ids are ignored, and instances that do not
     * carry the request's cluster id are refused.
     *
     * @param request instances and wait
     * @throws io.dsec2.exception.ProvisioningException if the call fails or the wait times out
     */
    void terminate(TerminateRequest request);

    /**
     * Returns the security groups per role: the given ones, or groups created (or adopted, by tag) for the
     * cluster with least-privilege rules. Missing rules on adopted groups are added.
     *
     * @param request groups or CIDRs
     * @return groups per role and what this call created
     * @throws io.dsec2.exception.ProvisioningException if a group does not exist or a call fails
     */
    NetworkResult ensureNetwork(NetworkRequest request);

    /**
     * Deletes the security groups ds-ec2 created for the cluster; tolerates groups that are already gone.
     *
     * @param request cluster, VPC and how long to retry groups still in use
     * @throws io.dsec2.exception.ProvisioningException if a group cannot be deleted in time
     */
    void deleteNetwork(DeleteNetworkRequest request);

    /**
     * @param subnetIds subnet ids
     * @return the subnets, in the order of the ids given
     * @throws io.dsec2.exception.ProvisioningException if a subnet does not exist or the call fails
     */
    List<SubnetInfo> describeSubnets(List<String> subnetIds);

    /**
     * The CPU architecture of an instance type.
     *
     * @param instanceType for example {@code m7g.large}
     * @return {@code x86_64} or {@code arm64}
     * @throws io.dsec2.exception.ProvisioningException if the provider call fails and no fallback applies
     */
    String architectureOf(String instanceType);

    /**
     * The current Amazon Linux 2023 AMI for an architecture (from the public SSM parameter
     * {@code /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-<arch>}).
     *
     * @param architecture {@code x86_64} or {@code arm64}
     * @return the AMI id
     * @throws io.dsec2.exception.ProvisioningException if the parameter cannot be read
     */
    String resolveAmi(String architecture);

    /**
     * The security groups still tagged with the cluster id in a VPC, for the sweep of a delete.
     *
     * @param request cluster and VPC (the timeout is not used)
     * @return group ids, empty if none; the default implementation cannot list and returns empty
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     */
    default List<String> taggedSecurityGroups(DeleteNetworkRequest request) {
        return List.of();
    }

    /** Releases local resources (SDK clients this instance created); never touches cloud resources. */
    @Override
    void close();
}
