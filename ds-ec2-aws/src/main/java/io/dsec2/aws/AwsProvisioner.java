package io.dsec2.aws;

import io.dsec2.aws.internal.AwsErrors;
import io.dsec2.aws.internal.ClientFactory;
import io.dsec2.aws.internal.Ec2Instances;
import io.dsec2.aws.internal.Images;
import io.dsec2.aws.internal.SecurityGroups;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.TerminateRequest;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@link Provisioner} on Amazon EC2 with the AWS SDK for Java v2.
 *
 * <ul>
 *   <li>Launch: one RunInstances per node (MinCount = MaxCount = 1) with a ClientToken derived from cluster and node
 *       id, the ds-ec2 tags on instance and volume ({@code ds-ec2:cluster}, {@code ds-ec2:role},
 *       {@code ds-ec2:ordinal}, {@code ds-ec2:node}, {@code ds-ec2:managed-by}, {@code Name =
 *       <cluster>-<role>-<ordinal>}), IMDSv2 required, an encrypted gp3 root volume, the instance profile, key pair
 *       and security groups of the request. An instance already tagged with the cluster and node id is adopted
 *       instead (real AWS also honours the token, moto ignores it; see
 *       https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).</li>
 *   <li>Every Describe call is filtered (cluster tag, state, VPC, ids) so it draws from the larger throttling
 *       bucket (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html);
 *       throttling is retried with exponential backoff and jitter ({@link AwsClientSettings}).</li>
 *   <li>Security groups: given, or one per role (plus one for the load balancer) created with least-privilege
 *       rules, see {@link NetworkRequest}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AwsProvisioner aws = AwsProvisioner.builder().region("us-east-1").build()) {
 *     NetworkResult net = aws.ensureNetwork(NetworkRequest.builder().clusterId("prod").vpcId(vpc)
 *             .adminCidrs(List.of("203.0.113.7/32")).apiCidrs(List.of("10.0.0.0/8")).build());
 *     List<SubnetInfo> subnets = aws.describeSubnets(List.of("subnet-a", "subnet-b", "subnet-c"));
 *     String ami = aws.resolveAmi(aws.architectureOf("m7g.large"));
 *     LaunchResult m1 = aws.launch(LaunchRequest.builder().clusterId("prod").nodeId("master-1")
 *             .role(NodeRole.MASTER).ordinal(1).subnetId(SubnetPlacement.subnetFor(subnets, NodeRole.MASTER, 1))
 *             .instanceType("m7g.large").imageId(ami).keyName("ops").instanceProfileName("ds-node")
 *             .securityGroupIds(net.securityGroupIdsFor(NodeRole.MASTER)).build());
 *     ...
 *     aws.terminate(TerminateRequest.builder().clusterId("prod").instanceIds(List.of(m1.instance().instanceId()))
 *             .waitTimeout(Duration.ofMinutes(5)).build());
 *     aws.deleteNetwork(DeleteNetworkRequest.of("prod", vpc, Duration.ofMinutes(5)));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes only the SDK clients this instance built itself; clients passed to the
 * builder are never closed (their owner closes them). Cloud resources are never touched by {@code close()}.
 */
public final class AwsProvisioner implements Provisioner {
    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final boolean ownsEc2;
    private final boolean ownsSsm;
    private final Ec2Instances instances;
    private final SecurityGroups groups;
    private final Images images;
    private final io.dsec2.aws.internal.TagUpdates tagUpdates;
    private final io.dsec2.aws.internal.Preflight preflight;

    private AwsProvisioner(Builder b) {
        this.ownsEc2 = b.ec2 == null;
        this.ownsSsm = b.ssm == null;
        this.ec2 = ownsEc2 ? ClientFactory.configure(Ec2Client.builder(), b.settings).build() : b.ec2;
        SsmClient s;
        try {
            s = ownsSsm ? ClientFactory.configure(SsmClient.builder(), b.settings).build() : b.ssm;
        } catch (RuntimeException e) {
            if (ownsEc2) {
                ec2.close();
            }
            throw e;
        }
        this.ssm = s;
        this.images = new Images(ec2, ssm);
        this.instances = new Ec2Instances(ec2, images, b.runInstancesCustomizer);
        this.groups = new SecurityGroups(ec2);
        this.tagUpdates = new io.dsec2.aws.internal.TagUpdates(ec2);
        this.preflight = new io.dsec2.aws.internal.Preflight(ec2, b.settings);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc} With a node id: its instance (pending, running, stopping or stopped) and the EBS volumes
     * attached to it; without: the security groups tagged with the cluster id and {@code ds-ec2:managed-by}.
     * CreateTags and DeleteTags are idempotent, so a repeated call does nothing new.
     */
    @Override
    public void updateTags(String clusterId, String nodeId, java.util.Map<String, String> put,
                           java.util.Collection<String> remove) {
        tagUpdates.update(Objects.requireNonNull(clusterId, "clusterId"), nodeId, Objects.requireNonNull(put, "put"),
                Objects.requireNonNull(remove, "remove"));
    }

    @Override
    public List<CloudInstance> describe(DescribeRequest request) {
        return instances.describe(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        return instances.launch(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public void terminate(TerminateRequest request) {
        instances.terminate(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public CloudInstance changeInstanceType(String clusterId, String instanceId, String instanceType, Duration timeout) {
        return instances.changeInstanceType(Objects.requireNonNull(clusterId, "clusterId must not be null"),
                Objects.requireNonNull(instanceId, "instanceId must not be null"),
                Objects.requireNonNull(instanceType, "instanceType must not be null"),
                Objects.requireNonNull(timeout, "timeout must not be null"));
    }

    @Override
    public NetworkResult ensureNetwork(NetworkRequest request) {
        return groups.ensure(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public void deleteNetwork(DeleteNetworkRequest request) {
        groups.delete(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public List<String> taggedSecurityGroups(DeleteNetworkRequest request) {
        return groups.tagged(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public List<SubnetInfo> describeSubnets(List<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return List.of();
        }
        List<Subnet> found = AwsErrors.call("DescribeSubnets " + subnetIds, () -> ec2.describeSubnets(
                b -> b.filters(Filter.builder().name("subnet-id").values(subnetIds).build())).subnets());
        Map<String, Subnet> byId = found.stream().collect(Collectors.toMap(Subnet::subnetId, Function.identity()));
        List<SubnetInfo> out = new ArrayList<>();
        for (String id : subnetIds) {
            Subnet s = byId.get(id);
            if (s == null) {
                throw new io.dsec2.exception.ProvisioningException("subnet " + id + " does not exist",
                        "InvalidSubnetID.NotFound", null, null, false);
            }
            out.add(SubnetInfo.of(s.subnetId(), s.availabilityZone(), s.vpcId(), s.cidrBlock()));
        }
        return List.copyOf(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Asks DescribeInstanceTypes; if the endpoint does not know the type, guesses from the family name
     * (Graviton families such as {@code m7g}, {@code c7gn}, {@code t4g} and {@code a1} are arm64). Cached.
     */
    @Override
    public String architectureOf(String instanceType) {
        return images.architectureOf(Objects.requireNonNull(instanceType, "instanceType must not be null"));
    }

    @Override
    public String resolveAmi(String architecture) {
        return images.resolveAmi(Objects.requireNonNull(architecture, "architecture must not be null"));
    }

    @Override
    public String callerIdentity() {
        return preflight.callerIdentity();
    }

    @Override
    public java.util.Set<String> availabilityZones() {
        return preflight.availabilityZones();
    }

    @Override
    public Map<String, String> securityGroupVpcs(List<String> groupIds) {
        return preflight.securityGroupVpcs(List.copyOf(groupIds));
    }

    @Override
    public java.util.Set<String> instanceTypesOffered(String availabilityZone) {
        return preflight.instanceTypesOffered(availabilityZone);
    }

    @Override
    public boolean keyPairExists(String name) {
        return preflight.keyPairExists(name);
    }

    @Override
    public boolean instanceProfileExists(String name) {
        return preflight.instanceProfileExists(name);
    }

    @Override
    public boolean imageExists(String imageId) {
        return preflight.imageExists(imageId);
    }

    /**
     * {@inheritDoc}
     *
     * <p>EC2 RunInstances with {@code DryRun=true} (<a
     * href="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html">RunInstances</a>): an
     * answer other than {@code DryRunOperation} is a {@link io.dsec2.exception.ProvisioningException} that names
     * any instance ids the endpoint reported.
     */
    @Override
    public void dryRunLaunch(String imageId, String instanceType, String subnetId, List<String> securityGroupIds,
            String instanceProfile, String keyPairName) {
        preflight.dryRunLaunch(imageId, instanceType, subnetId, securityGroupIds, instanceProfile, keyPairName);
    }

    /** {@inheritDoc} Uses this provisioner's credentials; with an endpoint override, path-style S3. */
    @Override
    public void probeBucket(String bucket, String prefix, java.net.URI endpoint) {
        preflight.probeBucket(bucket, prefix, endpoint);
    }

    @Override
    public void close() {
        preflight.close();
        try {
            if (ownsEc2) {
                ec2.close();
            }
        } finally {
            if (ownsSsm) {
                ssm.close();
            }
        }
    }

    @Override
    public String toString() {
        return "AwsProvisioner{ownsClients=" + (ownsEc2 || ownsSsm) + "}";
    }

    /** Builder for {@link AwsProvisioner}; mutable, not thread-safe. */
    public static final class Builder {
        private AwsClientSettings settings = AwsClientSettings.create();
        private Ec2Client ec2;
        private SsmClient ssm;
        private Consumer<RunInstancesRequest.Builder> runInstancesCustomizer = b -> { };

        private Builder() {
        }

        /**
         * @param v how to build the SDK clients this provisioner owns; default {@link AwsClientSettings#create()}
         * @return this
         */
        public Builder clientSettings(AwsClientSettings v) {
            settings = Objects.requireNonNull(v, "clientSettings must not be null");
            return this;
        }

        /**
         * @param v edits the current client settings
         * @return this
         */
        public Builder clientSettings(Consumer<AwsClientSettings.Builder> v) {
            AwsClientSettings.Builder b = settings.toBuilder();
            v.accept(b);
            settings = b.build();
            return this;
        }

        /**
         * Shortcut for {@code clientSettings(s -> s.region(region))}.
         *
         * @param v region id, for example {@code us-east-1}
         * @return this
         */
        public Builder region(String v) {
            return clientSettings(s -> s.region(v));
        }

        /**
         * Escape hatch: use this EC2 client instead of building one. It is never closed by ds-ec2, and the client
         * settings do not apply to it (configure its retries yourself).
         *
         * @param v the client, or null to build one (default)
         * @return this
         */
        public Builder ec2Client(Ec2Client v) {
            ec2 = v;
            return this;
        }

        /**
         * Escape hatch: use this SSM client (for the AMI parameter) instead of building one; never closed by ds-ec2.
         *
         * @param v the client, or null to build one (default)
         * @return this
         */
        public Builder ssmClient(SsmClient v) {
            ssm = v;
            return this;
        }

        /**
         * Escape hatch: edits every RunInstances request after ds-ec2 has set its fields (for example placement
         * groups, capacity reservations, extra network settings). Changing the client token, the count or the
         * ds-ec2 tags breaks idempotent adoption.
         *
         * @param v the customizer; default none
         * @return this
         */
        public Builder runInstancesCustomizer(Consumer<RunInstancesRequest.Builder> v) {
            runInstancesCustomizer = Objects.requireNonNull(v, "runInstancesCustomizer must not be null");
            return this;
        }

        /**
         * Builds the provisioner and the SDK clients it owns; does not call AWS.
         *
         * @return the provisioner
         */
        public AwsProvisioner build() {
            return new AwsProvisioner(this);
        }
    }
}
