package io.dsec2.testkit.aws;

import io.dsec2.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Builds a ready LocalCloud region in moto (or anything speaking the AWS APIs at an endpoint): the resources
 * ds-ec2 expects a user to have before creating a cluster.
 *
 * <p>{@link #create} is idempotent: every resource is looked up first (VPC by tag {@code Name} and CIDR,
 * subnets by VPC and CIDR, role, profile, key pair, bucket and secret by name) and reused; the secret and the
 * parameter are overwritten with the given password; a key pair whose public key differs from the local key
 * is replaced. Calling it twice against the same moto returns equal {@link LocalRegion}s.
 *
 * <p>Stateless; thread-safe as long as two calls do not race on the same moto (moto does not serialise
 * requests).
 */
public final class RegionSetup {
    /** Tag {@code Name} of the VPC and prefix of the subnets' names. */
    public static final String NAME = "ds-ec2-localcloud";
    /** IAM role and instance profile name. */
    public static final String NODE_PROFILE = "ds-ec2-localcloud-node";
    /** EC2 key pair name. */
    public static final String KEY_PAIR = "ds-ec2-localcloud";
    /** File name of the local private key inside the key directory ({@code .pub} next to it). */
    public static final String KEY_FILE = "localcloud_ed25519";
    /** S3 bucket name. */
    public static final String BUCKET = "ds-ec2-localcloud";
    /** Secrets Manager secret name of the DB password. */
    public static final String DB_SECRET = "ds-ec2/localcloud/db-password";
    /** SSM SecureString parameter name of the DB password. */
    public static final String DB_PARAMETER = "/ds-ec2/localcloud/db-password";
    /** The SSM public parameter naming the current AL2023 x86_64 AMI. */
    public static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    private static final Logger LOG = LoggerFactory.getLogger(RegionSetup.class);
    private static final String ASSUME_ROLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private RegionSetup() {
    }

    /**
     * Creates (or finds) the ready region.
     *
     * @param awsEndpoint moto's endpoint (or a fault proxy's; the SDK's default retries then absorb faults)
     * @param region region name, for example {@code us-east-1}
     * @param vpcCidr the VPC CIDR, for example {@code 10.213.0.0/16}
     * @param subnetCidrs one CIDR per subnet, inside vpcCidr; subnet i goes to the i-th availability zone (sorted
     *        by name: a, b, c, ...); at least one
     * @param keyDir directory for the local key ({@value #KEY_FILE}, created with {@code ssh-keygen -t ed25519}
     *        unless present); created if missing
     * @param dbPassword the DB password to store; never logged
     * @return the region's identifiers (without the password)
     * @throws IllegalArgumentException if there are more subnets than availability zones, or none
     * @throws IllegalStateException if ssh-keygen is missing or fails, or the AL2023 AMI is not known to EC2
     * @throws software.amazon.awssdk.core.exception.SdkException if an AWS call fails
     */
    public static LocalRegion create(URI awsEndpoint, String region, String vpcCidr, List<String> subnetCidrs,
            Path keyDir, String dbPassword) {
        Objects.requireNonNull(dbPassword, "dbPassword");
        if (subnetCidrs.isEmpty()) {
            throw new IllegalArgumentException("at least one subnet CIDR is needed");
        }
        LocalRegion.Builder out = LocalRegion.builder().region(region).vpcCidr(vpcCidr).subnetCidrs(subnetCidrs);
        try (Ec2Client ec2 = LocalAws.ec2(awsEndpoint, region);
             IamClient iam = LocalAws.iam(awsEndpoint, region);
             S3Client s3 = LocalAws.s3(awsEndpoint, region);
             SsmClient ssm = LocalAws.ssm(awsEndpoint, region);
             SecretsManagerClient sm = LocalAws.secretsManager(awsEndpoint, region)) {
            network(ec2, region, vpcCidr, subnetCidrs, out);
            instanceProfile(iam, out);
            keyPair(ec2, keyDir, out);
            bucket(s3, region, out);
            dbPassword(sm, ssm, dbPassword, out);
            ami(ec2, ssm, out);
        }
        LocalRegion r = out.build();
        LOG.info("LocalCloud region ready: {}", r);
        return r;
    }

    private static void network(Ec2Client ec2, String region, String vpcCidr, List<String> subnetCidrs,
            LocalRegion.Builder out) {
        List<String> zones = ec2.describeAvailabilityZones(b -> b.filters(
                        Filter.builder().name("region-name").values(region).build()))
                .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted(Comparator.naturalOrder())
                .toList();
        if (subnetCidrs.size() > zones.size()) {
            throw new IllegalArgumentException(subnetCidrs.size() + " subnets requested but " + region + " has only "
                    + zones.size() + " availability zones " + zones);
        }
        List<Vpc> vpcs = ec2.describeVpcs(b -> b.filters(
                Filter.builder().name("tag:Name").values(NAME).build(),
                Filter.builder().name("cidr").values(vpcCidr).build())).vpcs();
        String vpcId;
        if (vpcs.isEmpty()) {
            vpcId = ec2.createVpc(b -> b.cidrBlock(vpcCidr)).vpc().vpcId();
            ec2.createTags(b -> b.resources(vpcId).tags(Tag.builder().key("Name").value(NAME).build()));
            LOG.info("created VPC {} ({})", vpcId, vpcCidr);
        } else {
            vpcId = vpcs.get(0).vpcId();
        }
        List<String> subnetIds = new ArrayList<>();
        List<String> azs = new ArrayList<>();
        for (int i = 0; i < subnetCidrs.size(); i++) {
            String cidr = subnetCidrs.get(i);
            String az = zones.get(i);
            List<Subnet> existing = ec2.describeSubnets(b -> b.filters(
                    Filter.builder().name("vpc-id").values(vpcId).build(),
                    Filter.builder().name("cidr-block").values(cidr).build())).subnets();
            String subnetId;
            if (existing.isEmpty()) {
                subnetId = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
                ec2.createTags(b -> b.resources(subnetId).tags(Tag.builder().key("Name").value(NAME + "-" + az).build()));
                LOG.info("created subnet {} ({}) in {}", subnetId, cidr, az);
            } else {
                Subnet s = existing.get(0);
                if (!s.availabilityZone().equals(az)) {
                    throw new IllegalStateException("subnet " + s.subnetId() + " (" + cidr + ") exists in "
                            + s.availabilityZone() + ", expected " + az);
                }
                subnetId = s.subnetId();
            }
            subnetIds.add(subnetId);
            azs.add(az);
        }
        out.vpcId(vpcId).subnetIds(subnetIds).availabilityZones(azs);
    }

    private static void instanceProfile(IamClient iam, LocalRegion.Builder out) {
        try {
            iam.getRole(b -> b.roleName(NODE_PROFILE));
        } catch (NoSuchEntityException e) {
            iam.createRole(b -> b.roleName(NODE_PROFILE).assumeRolePolicyDocument(ASSUME_ROLE_POLICY)
                    .description("ds-ec2 LocalCloud node role"));
        }
        InstanceProfile profile;
        try {
            profile = iam.getInstanceProfile(b -> b.instanceProfileName(NODE_PROFILE)).instanceProfile();
        } catch (NoSuchEntityException e) {
            profile = iam.createInstanceProfile(b -> b.instanceProfileName(NODE_PROFILE)).instanceProfile();
        }
        if (profile.roles().stream().noneMatch(r -> r.roleName().equals(NODE_PROFILE))) {
            iam.addRoleToInstanceProfile(b -> b.instanceProfileName(NODE_PROFILE).roleName(NODE_PROFILE));
        }
        out.instanceProfileName(profile.instanceProfileName()).instanceProfileArn(profile.arn());
    }

    private static void keyPair(Ec2Client ec2, Path keyDir, LocalRegion.Builder out) {
        Path key = keyDir.resolve(KEY_FILE).toAbsolutePath();
        Path pub = keyDir.resolve(KEY_FILE + ".pub").toAbsolutePath();
        String publicKey;
        try {
            Files.createDirectories(keyDir);
            if (!Files.exists(key) || !Files.exists(pub)) {
                Files.deleteIfExists(key);
                Files.deleteIfExists(pub);
                Processes.Result r;
                try {
                    r = Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", KEY_PAIR, "-f", key.toString());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("ssh-keygen is needed: install openssh-client (scripts/setup.sh)", e);
                }
                r.orThrow();
            }
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            publicKey = Files.readString(pub, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local key in " + keyDir, e);
        }
        String blob = publicKey.split("\\s+")[1];
        List<KeyPairInfo> existing = ec2.describeKeyPairs(b -> b.includePublicKey(true)
                .filters(Filter.builder().name("key-name").values(KEY_PAIR).build())).keyPairs();
        boolean same = !existing.isEmpty() && existing.get(0).publicKey() != null
                && existing.get(0).publicKey().contains(blob);
        if (!same) {
            if (!existing.isEmpty()) {
                ec2.deleteKeyPair(b -> b.keyName(KEY_PAIR));
            }
            String material = publicKey;
            ec2.importKeyPair(b -> b.keyName(KEY_PAIR).publicKeyMaterial(SdkBytes.fromUtf8String(material)));
            LOG.info("imported key pair {} from {}", KEY_PAIR, pub);
        }
        out.keyPairName(KEY_PAIR).privateKeyFile(key).publicKeyOpenSsh(publicKey);
    }

    private static void bucket(S3Client s3, String region, LocalRegion.Builder out) {
        boolean exists;
        try {
            s3.headBucket(b -> b.bucket(BUCKET));
            exists = true;
        } catch (NoSuchBucketException e) {
            exists = false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            exists = false;
        }
        if (!exists) {
            if ("us-east-1".equals(region)) {
                s3.createBucket(b -> b.bucket(BUCKET));
            } else {
                s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(region)));
            }
            LOG.info("created bucket {}", BUCKET);
        }
        out.bucket(BUCKET);
    }

    private static void dbPassword(SecretsManagerClient sm, SsmClient ssm, String password, LocalRegion.Builder out) {
        String arn;
        try {
            arn = sm.describeSecret(b -> b.secretId(DB_SECRET)).arn();
            sm.putSecretValue(b -> b.secretId(DB_SECRET).secretString(password));
        } catch (ResourceNotFoundException e) {
            arn = sm.createSecret(b -> b.name(DB_SECRET).secretString(password)
                    .description("ds-ec2 LocalCloud DB password")).arn();
        }
        ssm.putParameter(b -> b.name(DB_PARAMETER).type(ParameterType.SECURE_STRING).value(password).overwrite(true));
        out.dbSecretId(DB_SECRET).dbSecretArn(arn).dbPasswordParameter(DB_PARAMETER);
    }

    private static void ami(Ec2Client ec2, SsmClient ssm, LocalRegion.Builder out) {
        String amiId = ssm.getParameter(b -> b.name(AMI_PARAMETER)).parameter().value();
        List<Image> images = ec2.describeImages(b -> b.imageIds(amiId)).images();
        if (images.isEmpty()) {
            throw new IllegalStateException("SSM parameter " + AMI_PARAMETER + " names " + amiId
                    + " but DescribeImages does not know it");
        }
        out.amiId(amiId).amiParameter(AMI_PARAMETER);
    }
}
