package io.dsec2.aws;

import io.dsec2.testkit.aws.MotoServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A moto server plus, set up with the plain SDK the way a user's account would be: a VPC with one subnet in each of
 * us-east-1a/b/c, an imported ed25519 key pair and an instance profile. Closed after each test class.
 */
final class MotoAccount implements AutoCloseable {
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static final String KEY_NAME = "ds-ec2-test-key";
    static final String PROFILE_NAME = "ds-ec2-test-node";

    final MotoServer moto;
    final Ec2Client ec2;
    final ElasticLoadBalancingV2Client elb;
    final IamClient iam;
    String vpcId;
    List<String> subnetIds;

    MotoAccount(String logName) {
        moto = MotoServer.start("127.0.0.1", 0, Path.of("target/" + logName + ".log"));
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
        elb = ElasticLoadBalancingV2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
        iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(CREDENTIALS).build();
    }

    /** Empties moto and creates VPC, three subnets, key pair and instance profile. */
    void resetAndSetUp() {
        moto.reset();
        vpcId = ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        subnetIds = List.of(subnet("10.20.1.0/24", "us-east-1a"), subnet("10.20.2.0/24", "us-east-1b"),
                subnet("10.20.3.0/24", "us-east-1c"));
        ec2.importKeyPair(b -> b.keyName(KEY_NAME)
                .publicKeyMaterial(SdkBytes.fromString(ed25519PublicKey(), StandardCharsets.US_ASCII)));
        iam.createRole(b -> b.roleName(PROFILE_NAME).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}"));
        iam.createInstanceProfile(b -> b.instanceProfileName(PROFILE_NAME));
        iam.addRoleToInstanceProfile(b -> b.instanceProfileName(PROFILE_NAME).roleName(PROFILE_NAME));
    }

    AwsClientSettings settings() {
        return AwsClientSettings.builder().region("us-east-1").endpointOverride(moto.endpoint())
                .credentialsProvider(CREDENTIALS).build();
    }

    private String subnet(String cidr, String az) {
        return ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
    }

    /** @return an OpenSSH {@code ssh-ed25519} public key line of a freshly generated key */
    static String ed25519PublicKey() {
        try {
            byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + raw.length);
            blob.putInt(type.length).put(type).putInt(raw.length).put(raw);
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " ds-ec2-test";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    @Override
    public void close() {
        try {
            ec2.close();
            elb.close();
            iam.close();
        } finally {
            moto.close();
        }
    }
}
