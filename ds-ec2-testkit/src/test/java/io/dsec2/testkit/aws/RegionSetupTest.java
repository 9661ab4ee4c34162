package io.dsec2.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** RegionSetup against a real moto server on 127.0.0.1. */
class RegionSetupTest {
    private static final String REGION = "us-east-1";
    private static final String PASSWORD = "s3cret-Db-pass!";
    private static final List<String> SUBNETS = List.of("10.213.1.0/24", "10.213.2.0/24", "10.213.3.0/24");
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto-regionsetup.log"));
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void createsAWiredRegionAndIsIdempotent(@TempDir Path keyDir) throws Exception {
        moto.reset();
        URI aws = moto.endpoint();
        LocalRegion r = RegionSetup.create(aws, REGION, "10.213.0.0/16", SUBNETS, keyDir, PASSWORD);

        assertThat(r.toString()).doesNotContain(PASSWORD);
        assertThat(r.subnetCidrs()).isEqualTo(SUBNETS);
        assertThat(r.availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        try (Ec2Client ec2 = LocalAws.ec2(aws, REGION);
             IamClient iam = LocalAws.iam(aws, REGION);
             S3Client s3 = LocalAws.s3(aws, REGION);
             SsmClient ssm = LocalAws.ssm(aws, REGION);
             SecretsManagerClient sm = LocalAws.secretsManager(aws, REGION)) {
            // VPC and subnets: distinct AZs, inside the VPC CIDR, in AZ order
            var vpc = ec2.describeVpcs(b -> b.vpcIds(r.vpcId())).vpcs().get(0);
            assertThat(vpc.cidrBlock()).isEqualTo("10.213.0.0/16");
            assertThat(vpc.tags()).anyMatch(t -> t.key().equals("Name") && t.value().equals("ds-ec2-localcloud"));
            List<Subnet> subnets = ec2.describeSubnets(b -> b.subnetIds(r.subnetIds())).subnets();
            assertThat(subnets).hasSize(3).allMatch(s -> s.vpcId().equals(r.vpcId()))
                    .allMatch(s -> inside(s.cidrBlock(), vpc.cidrBlock()));
            assertThat(subnets.stream().map(Subnet::availabilityZone).collect(Collectors.toSet())).hasSize(3);
            for (int i = 0; i < 3; i++) {
                String id = r.subnetIds().get(i);
                Subnet s = subnets.stream().filter(x -> x.subnetId().equals(id)).findFirst().orElseThrow();
                assertThat(s.availabilityZone()).isEqualTo(r.availabilityZones().get(i));
                assertThat(s.cidrBlock()).isEqualTo(SUBNETS.get(i));
            }
            // instance profile with the role
            InstanceProfile p = iam.getInstanceProfile(b -> b.instanceProfileName(r.instanceProfileName())).instanceProfile();
            assertThat(p.arn()).isEqualTo(r.instanceProfileArn());
            assertThat(p.roles()).anyMatch(role -> role.roleName().equals("ds-ec2-localcloud-node"));
            // key pair: local 0600 OpenSSH private key; moto's fingerprint matches the local public key
            assertThat(Files.getPosixFilePermissions(r.privateKeyFile()))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            assertThat(Files.readString(r.privateKeyFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
            assertThat(r.publicKeyOpenSsh()).startsWith("ssh-ed25519 ");
            KeyPairInfo kp = ec2.describeKeyPairs(b -> b.keyNames(r.keyPairName()).includePublicKey(true)).keyPairs().get(0);
            assertThat(kp.keyFingerprint()).isEqualTo(motoEd25519Fingerprint(r.publicKeyOpenSsh()));
            assertThat(kp.keyTypeAsString()).isEqualTo("ed25519");
            assertThat(kp.publicKey().strip()).isEqualTo(r.publicKeyOpenSsh());
            // bucket
            s3.headBucket(b -> b.bucket(r.bucket()));
            // the password, decrypted, from both stores
            assertThat(sm.getSecretValue(b -> b.secretId(r.dbSecretId())).secretString()).isEqualTo(PASSWORD);
            assertThat(sm.getSecretValue(b -> b.secretId(r.dbSecretArn())).secretString()).isEqualTo(PASSWORD);
            var param = ssm.getParameter(b -> b.name(r.dbPasswordParameter()).withDecryption(true)).parameter();
            assertThat(param.type()).isEqualTo(ParameterType.SECURE_STRING);
            assertThat(param.value()).isEqualTo(PASSWORD);
            // AMI
            assertThat(ssm.getParameter(b -> b.name(r.amiParameter())).parameter().value()).isEqualTo(r.amiId());
            assertThat(ec2.describeImages(b -> b.imageIds(r.amiId())).images().get(0).name()).startsWith("al2023-ami-");

            // idempotent: a second call finds everything and returns an equal value, creating nothing new
            String keyBefore = Files.readString(r.privateKeyFile());
            LocalRegion again = RegionSetup.create(aws, REGION, "10.213.0.0/16", SUBNETS, keyDir, PASSWORD);
            assertThat(again).isEqualTo(r);
            assertThat(Files.readString(r.privateKeyFile())).isEqualTo(keyBefore);
            assertThat(ec2.describeVpcs(b -> b.filters(f -> f.name("cidr").values("10.213.0.0/16"))).vpcs()).hasSize(1);
            assertThat(ec2.describeSubnets(b -> b.filters(f -> f.name("vpc-id").values(r.vpcId()))).subnets()).hasSize(3);
            assertThat(ec2.describeKeyPairs(b -> b.keyNames(r.keyPairName())).keyPairs()).hasSize(1);
        }
    }

    /** moto 5.2.3's ed25519 fingerprint: colon-hex SHA-256 of the key's X.509 SubjectPublicKeyInfo DER. */
    private static String motoEd25519Fingerprint(String openSsh) throws Exception {
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(openSsh.split(" ")[1]));
        byte[] type = new byte[blob.getInt()];
        blob.get(type);
        assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("ssh-ed25519");
        byte[] raw = new byte[blob.getInt()];
        blob.get(raw);
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] der = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(raw, 0, der, prefix.length, raw.length);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        return hex.replaceAll("(..)(?!$)", "$1:");
    }

    private static boolean inside(String inner, String outer) {
        try {
            return toLong(inner.split("/")[0]) >> (32 - prefix(outer)) == toLong(outer.split("/")[0]) >> (32 - prefix(outer))
                    && prefix(inner) >= prefix(outer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int prefix(String cidr) {
        return Integer.parseInt(cidr.split("/")[1]);
    }

    private static long toLong(String ip) throws Exception {
        return new BigInteger(1, InetAddress.getByName(ip).getAddress()).longValue();
    }
}
