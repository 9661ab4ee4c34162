package io.dsec2.spi;

import java.util.List;

/**
 * The cloud side of ds-ec2: launches, lists and terminates the instances of a cluster and manages its
 * security groups. Narrow on purpose, so another cloud needs little code: orchestration, ordering, placement and
 * rollback stay in core. The AWS implementation is {@code io.dsec2.aws.AwsProvisioner}.
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
     * Lists the instances tagged with the cluster id, excluding terminated ones unless asked, and only those in
     * {@link DescribeRequest#vpcId()} when it is set.
     *
     * @param request which cluster, and in which VPC
     * @return the instances, in no particular order; instances without the ds-ec2 node and role tags are skipped
     * @throws io.dsec2.exception.ProvisioningException if the provider call fails
     */
    List<CloudInstance> describe(DescribeRequest request);

    /**
     * Launches the instance of one node, or adopts it: if an instance tagged with the cluster and node id is
     * {@code pending}, {@code running}, {@code stopping} or {@code stopped} in the VPC of
     * {@link LaunchRequest#subnetId()}, it is returned with {@link LaunchResult#adopted()} true and nothing is
     * launched. A same-named cluster's instance in another VPC is never adopted.
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
     * Changes a running instance's type in place: stop, set the type, start, wait until running. The instance keeps
     * its root volume and, in a VPC, its private IP; its processes do not survive. Used by updates whose
     * {@link io.dsec2.model.UpdatePolicy#REPLACE} changes an instance type, one node at a time.
     * (EC2: StopInstances, ModifyInstanceAttribute, StartInstances; the type must suit the AMI's architecture.)
     *
     * @param clusterId the cluster the instance must belong to (its {@code ds-ec2:cluster} tag)
     * @param instanceId the instance
     * @param instanceType the new type, for example {@code m6i.2xlarge}
     * @param timeout how long stopping and starting may take, each
     * @return the instance, running with the new type
     * @throws io.dsec2.exception.ProvisioningException if the instance is not the cluster's, or a call fails
     * @throws UnsupportedOperationException if this provisioner cannot change instance types (the default)
     */
    default CloudInstance changeInstanceType(String clusterId, String instanceId, String instanceType,
                                             java.time.Duration timeout) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot change instance types");
    }

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
     * Sets and removes the user's tags on running resources of a cluster, for {@code config update}: with a node
     * id, that node's instance and its attached volumes; without (null), the security groups ds-ec2 created for
     * the cluster. The ds-ec2 tags and {@code Name} are never touched. Idempotent.
     *
     * @param clusterId the cluster id
     * @param nodeId a node id such as {@code worker-2}, or null for the cluster's security groups
     * @param put tags to set (overwriting values)
     * @param remove tag keys to remove
     * @throws UnsupportedOperationException by default: an implementation that cannot tag says so
     */
    default void updateTags(String clusterId, String nodeId, java.util.Map<String, String> put,
                            java.util.Collection<String> remove) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot update tags");
    }

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

    // ---- Pre-flight checks for validate(). Each default throws UnsupportedOperationException, which validate()
    // reports as INFO "not checked", so other implementations keep working unchanged.

    /**
     * @return the caller's identity (an ARN), from STS GetCallerIdentity
     * @throws io.dsec2.exception.ProvisioningException if the credentials are missing or rejected
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default String callerIdentity() {
        throw new UnsupportedOperationException("callerIdentity");
    }

    /**
     * @return the names of the available availability zones of the region
     * @throws io.dsec2.exception.ProvisioningException if the region is unknown or the call fails
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default java.util.Set<String> availabilityZones() {
        throw new UnsupportedOperationException("availabilityZones");
    }

    /**
     * @param groupIds security group ids
     * @return the VPC of each group that exists (missing groups are absent from the map)
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default java.util.Map<String, String> securityGroupVpcs(List<String> groupIds) {
        throw new UnsupportedOperationException("securityGroupVpcs");
    }

    /**
     * @param availabilityZone an availability zone name
     * @return the instance types offered there
     * @throws io.dsec2.exception.ProvisioningException if the call fails
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default java.util.Set<String> instanceTypesOffered(String availabilityZone) {
        throw new UnsupportedOperationException("instanceTypesOffered");
    }

    /**
     * @param name an EC2 key pair name
     * @return true if it exists in the region
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default boolean keyPairExists(String name) {
        throw new UnsupportedOperationException("keyPairExists");
    }

    /**
     * @param name an IAM instance profile name
     * @return true if it exists
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default boolean instanceProfileExists(String name) {
        throw new UnsupportedOperationException("instanceProfileExists");
    }

    /**
     * @param imageId an AMI id
     * @return true if the image exists and is visible to the caller
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default boolean imageExists(String imageId) {
        throw new UnsupportedOperationException("imageExists");
    }

    /**
     * Asks the provider whether a launch would be allowed, without launching (EC2 RunInstances with DryRun).
     *
     * @param imageId the AMI
     * @param instanceType the instance type
     * @param subnetId the subnet
     * @param securityGroupIds security groups, may be empty
     * @param instanceProfile an instance profile name, or null
     * @param keyPairName a key pair name, or null
     * @throws io.dsec2.exception.ProvisioningException if the launch would be refused (the message says why)
     * @throws UnsupportedOperationException if the endpoint does not support dry runs (the default)
     */
    default void dryRunLaunch(String imageId, String instanceType, String subnetId, List<String> securityGroupIds,
            String instanceProfile, String keyPairName) {
        throw new UnsupportedOperationException("dryRunLaunch");
    }

    /**
     * Puts a small probe object under the prefix and deletes it again.
     *
     * @param bucket the bucket
     * @param prefix the key prefix, may be empty
     * @param endpoint an S3 endpoint to use instead of the provisioner's, or null
     * @throws io.dsec2.exception.ProvisioningException if the bucket does not exist or is not writable
     * @throws UnsupportedOperationException if this provisioner cannot tell (the default)
     */
    default void probeBucket(String bucket, String prefix, java.net.URI endpoint) {
        throw new UnsupportedOperationException("probeBucket");
    }

    /** Releases local resources (SDK clients this instance created); never touches cloud resources. */
    @Override
    void close();
}
