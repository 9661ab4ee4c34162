package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.exception.SecretResolutionException;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.SecretResolver;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.SubnetPlacement;
import io.dsec2.spi.TerminateRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@link AwsProvisioner} and {@link AwsSecretResolver} against LocalStack community in Docker, through
 * Testcontainers; run only by the opt-in profile: {@code mvn -Pdocker -pl ds-ec2-aws -am verify}.
 *
 * <p>What it covers: AL2023 AMI lookup from the public SSM parameter (LocalStack's SSM passes
 * {@code /aws/service/...} names on to moto, which serves them), subnet description, security groups created,
 * adopted and deleted, launch with tags, relaunch adopting by tag, terminate (idempotent, refusing another
 * cluster's instance), and secrets from Secrets Manager and SSM SecureString. ds-ec2 is configured only through
 * {@link AwsClientSettings} (endpoint override, region, static credentials), as a user would configure it.
 *
 * <p>What it cannot cover (testing-facts.md §B):
 * <ul>
 *   <li><b>ELBv2 is Pro-only</b>: the community image has no elb/elbv2 provider, so {@link AwsLoadBalancer} is
 *       not tested here (its moto test covers it).</li>
 *   <li>LocalStack's EC2 is moto underneath: instances are mock records, not VMs, so nothing here adds host
 *       behaviour over the moto tests.</li>
 *   <li>The image is pinned to {@code localstack/localstack:4.14.0}, the last tag that starts without
 *       {@code LOCALSTACK_AUTH_TOKEN}; 4.15 and later exit with code 55 without one.</li>
 * </ul>
 *
 * <p>It needs a Docker engine; when the profile is on and Docker is missing, every test <em>fails</em> with a
 * message saying so (it is never silently skipped).
 */
class AwsProvisionerDockerIT {
    /** The last token-free LocalStack tag (testing-facts.md §B). */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");
    private static final String CLUSTER = "ls-a";
    private static final String KEY_NAME = "ds-ec2-it-key";
    private static final String PROFILE_NAME = "ds-ec2-it-node";
    private static final String ADMIN_CIDR = "203.0.113.7/32";

    private static LocalStackContainer localstack;
    private static AwsClientSettings settings;
    private static Ec2Client ec2;
    private static String vpcId;
    private static List<String> subnetIds;
    private AwsProvisioner aws;

    @BeforeAll
    static void startLocalStack() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("the -Pdocker profile needs a running Docker engine (Docker Engine or Docker Desktop, reachable through "
                    + "DOCKER_HOST or /var/run/docker.sock); none was found. Install and start Docker, or run the "
                    + "build without -Pdocker.");
        }
        localstack = new LocalStackContainer(IMAGE)
                .withServices(Service.EC2, Service.IAM, Service.SSM, Service.STS, Service.S3, Service.SECRETSMANAGER);
        localstack.start();
        URI endpoint = localstack.getEndpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        settings = AwsClientSettings.builder().region(localstack.getRegion()).endpointOverride(endpoint)
                .credentialsProvider(credentials).build();

        // the user's account, set up with the plain SDK: VPC, three subnets, key pair, instance profile
        Region region = Region.of(localstack.getRegion());
        ec2 = Ec2Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
        vpcId = ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        List<String> ids = new ArrayList<>();
        String[] zones = {"a", "b", "c"};
        for (int i = 0; i < zones.length; i++) {
            String cidr = "10.30." + (i + 1) + ".0/24";
            String az = localstack.getRegion() + zones[i];
            ids.add(ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId());
        }
        subnetIds = List.copyOf(ids);
        ec2.importKeyPair(b -> b.keyName(KEY_NAME)
                .publicKeyMaterial(SdkBytes.fromString(MotoAccount.ed25519PublicKey(), StandardCharsets.US_ASCII)));
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).build()) {
            iam.createRole(b -> b.roleName(PROFILE_NAME).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}"));
            iam.createInstanceProfile(b -> b.instanceProfileName(PROFILE_NAME));
            iam.addRoleToInstanceProfile(b -> b.instanceProfileName(PROFILE_NAME).roleName(PROFILE_NAME));
        }
    }

    @AfterAll
    static void stopLocalStack() {
        if (ec2 != null) {
            ec2.close();
        }
        if (localstack != null) {
            localstack.stop();
        }
    }

    @BeforeEach
    void setUp() {
        aws = AwsProvisioner.builder().clientSettings(settings).build();
    }

    @AfterEach
    void tearDown() {
        // the tests share one cluster id: leave no instance and no group behind for the next one
        List<String> ids = aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build()).stream()
                .map(CloudInstance::instanceId).toList();
        if (!ids.isEmpty()) {
            aws.terminate(TerminateRequest.builder().clusterId(CLUSTER).instanceIds(ids)
                    .waitTimeout(Duration.ofSeconds(60)).build());
        }
        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, vpcId, Duration.ofSeconds(30)));
        aws.close();
    }

    @Test
    void resolvesTheAl2023AmiFromSsmAndDescribesSubnets() {
        String x86 = aws.resolveAmi("x86_64");
        String arm = aws.resolveAmi("arm64");
        assertThat(x86).startsWith("ami-").isNotEqualTo(arm);
        assertThat(arm).startsWith("ami-");

        List<SubnetInfo> subnets = aws.describeSubnets(List.of(subnetIds.get(2), subnetIds.get(0)));
        assertThat(subnets).extracting(SubnetInfo::availabilityZone)
                .containsExactly(localstack.getRegion() + "c", localstack.getRegion() + "a");
        assertThat(subnets).allMatch(s -> s.vpcId().equals(vpcId));
        assertThat(subnets.get(0).cidrBlock()).isEqualTo("10.30.3.0/24");
        assertThatThrownBy(() -> aws.describeSubnets(List.of("subnet-0000000000000dead")))
                .isInstanceOf(ProvisioningException.class);
    }

    @Test
    void createsSecurityGroupsAdoptsThemAndDeletesThem() {
        NetworkResult net = aws.ensureNetwork(network().build());
        assertThat(net.createdSecurityGroupIds()).hasSize(4);
        for (NodeRole role : NodeRole.values()) {
            assertThat(net.securityGroupIdsFor(role)).singleElement().satisfies(id -> assertThat(id).startsWith("sg-"));
        }
        String master = net.securityGroupIdsFor(NodeRole.MASTER).get(0);
        String worker = net.securityGroupIdsFor(NodeRole.WORKER).get(0);
        assertThat(ec2.describeSecurityGroups(b -> b.groupIds(master)).securityGroups().get(0).ipPermissions())
                .anySatisfy(p -> {
                    assertThat(p.fromPort()).isEqualTo(5678);
                    assertThat(p.userIdGroupPairs()).extracting(g -> g.groupId()).contains(worker);
                });

        NetworkResult again = aws.ensureNetwork(network().build());
        assertThat(again.createdSecurityGroupIds()).isEmpty();
        assertThat(again.securityGroupIds()).isEqualTo(net.securityGroupIds());

        aws.deleteNetwork(DeleteNetworkRequest.of(CLUSTER, vpcId, Duration.ofSeconds(30)));
        assertThat(ec2.describeSecurityGroups(b -> b.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(),
                Filter.builder().name("tag:" + ClusterTags.CLUSTER).values(CLUSTER).build())).securityGroups())
                .isEmpty();
    }

    @Test
    void launchesWithTagsAdoptsOnRelaunchAndTerminates() {
        NetworkResult net = aws.ensureNetwork(network().build());
        List<SubnetInfo> subnets = aws.describeSubnets(subnetIds);
        String ami = aws.resolveAmi(aws.architectureOf("m6i.large"));
        List<LaunchRequest> requests = List.of(request(net, subnets, ami, NodeRole.MASTER, 1),
                request(net, subnets, ami, NodeRole.WORKER, 1), request(net, subnets, ami, NodeRole.API, 1));

        List<LaunchResult> first = requests.stream().map(aws::launch).toList();
        assertThat(first).noneMatch(LaunchResult::adopted);
        List<CloudInstance> live = aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build());
        assertThat(live).hasSize(3).allSatisfy(i -> assertThat(i.privateIp()).startsWith("10.30."));
        for (CloudInstance ci : live) {
            Instance raw = ec2.describeInstances(b -> b.instanceIds(ci.instanceId())).reservations().get(0)
                    .instances().get(0);
            Map<String, String> tags = raw.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            assertThat(tags).containsEntry(ClusterTags.CLUSTER, CLUSTER)
                    .containsEntry(ClusterTags.ROLE, ci.role().id())
                    .containsEntry(ClusterTags.NODE, ci.role().id() + "-" + ci.ordinal())
                    .containsEntry(ClusterTags.MANAGED_BY, "ds-ec2");
            assertThat(raw.keyName()).isEqualTo(KEY_NAME);
            assertThat(raw.imageId()).isEqualTo(ami);
        }

        List<LaunchResult> second = requests.stream().map(aws::launch).toList();
        assertThat(second).allMatch(LaunchResult::adopted);
        assertThat(second.stream().map(r -> r.instance().instanceId()).toList())
                .isEqualTo(first.stream().map(r -> r.instance().instanceId()).toList());

        String victim = first.get(1).instance().instanceId();
        TerminateRequest terminate = TerminateRequest.builder().clusterId(CLUSTER).instanceIds(List.of(victim))
                .waitTimeout(Duration.ofSeconds(60)).build();
        aws.terminate(terminate);
        aws.terminate(terminate);
        assertThat(aws.describe(DescribeRequest.builder().clusterId(CLUSTER).build())).hasSize(2)
                .noneMatch(i -> i.instanceId().equals(victim));
        assertThatThrownBy(() -> aws.terminate(TerminateRequest.builder().clusterId("someone-else")
                .instanceIds(List.of(first.get(0).instance().instanceId())).build()))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("does not belong to this cluster");
    }

    @Test
    void resolvesSecretsFromSecretsManagerAndSsmSecureString() {
        String name = "ds-ec2-it-" + UUID.randomUUID();
        String value = "s3cr3t-" + UUID.randomUUID();
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion())).credentialsProvider(settings.credentialsProvider().orElseThrow())
                .build();
                SsmClient ssm = SsmClient.builder().endpointOverride(localstack.getEndpoint())
                        .region(Region.of(localstack.getRegion()))
                        .credentialsProvider(settings.credentialsProvider().orElseThrow()).build()) {
            sm.createSecret(b -> b.name(name).secretString(value));
            ssm.putParameter(b -> b.name("/" + name).value(value + "-ssm").type(ParameterType.SECURE_STRING));
        }
        AwsSecretResolver resolver = new AwsSecretResolver(settings, SecretResolver.defaultResolver());

        assertThat(resolver.resolve(Secret.fromSecretsManager(name))).isEqualTo(value);
        assertThat(resolver.resolve(Secret.fromSsmParameter("/" + name))).isEqualTo(value + "-ssm");
        assertThatThrownBy(() -> resolver.resolve(Secret.fromSecretsManager(name + "-missing")))
                .isInstanceOf(SecretResolutionException.class).hasMessageNotContaining(value);
    }

    private LaunchRequest request(NetworkResult net, List<SubnetInfo> subnets, String ami, NodeRole role, int ordinal) {
        return LaunchRequest.builder().clusterId(CLUSTER).nodeId(role.id() + "-" + ordinal).role(role)
                .ordinal(ordinal).subnetId(SubnetPlacement.subnetFor(subnets, role, ordinal))
                .instanceType("m6i.large").imageId(ami).keyName(KEY_NAME).instanceProfileName(PROFILE_NAME)
                .securityGroupIds(net.securityGroupIdsFor(role)).rootVolumeSizeGib(30)
                .runningTimeout(Duration.ofSeconds(60)).build();
    }

    private NetworkRequest.Builder network() {
        return NetworkRequest.builder().clusterId(CLUSTER).vpcId(vpcId).adminCidrs(List.of(ADMIN_CIDR))
                .apiCidrs(List.of("10.0.0.0/8"));
    }
}
