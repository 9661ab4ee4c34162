package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.ProvisioningException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.S3Client;

/** The pre-flight lookups validate() uses, against moto in server mode, configured as a user would. */
class AwsPreflightMotoTest {
    private static MotoAccount account;
    private AwsProvisioner aws;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-preflight");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @BeforeEach
    void setUp() {
        account.resetAndSetUp();
        aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void identityZonesKeyPairProfileAndImage() {
        assertThat(aws.callerIdentity()).startsWith("arn:aws:");
        assertThat(aws.availabilityZones()).contains("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(aws.keyPairExists(MotoAccount.KEY_NAME)).isTrue();
        assertThat(aws.keyPairExists("no-such-key")).isFalse();
        assertThat(aws.instanceProfileExists(MotoAccount.PROFILE_NAME)).isTrue();
        assertThat(aws.instanceProfileExists("no-such-profile")).isFalse();
        String ami = account.ec2.describeImages(b -> b.filters(Filter.builder().name("architecture")
                .values("x86_64").build())).images().get(0).imageId();
        assertThat(aws.imageExists(ami)).isTrue();
        assertThat(aws.imageExists("ami-00000000000000000")).isFalse();
        assertThat(aws.instanceTypesOffered("us-east-1a")).contains("t3.medium");
    }

    @Test
    void securityGroupsMapToTheirVpcAndMissingOnesAreAbsent() {
        String other = account.ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String sg = account.ec2.createSecurityGroup(b -> b.groupName("ds-ec2-preflight").description("t")
                .vpcId(other)).groupId();
        assertThat(aws.securityGroupVpcs(List.of(sg, "sg-0123456789abcdef0"))).containsOnlyKeys(sg)
                .containsEntry(sg, other);
    }

    @Test
    void aDryRunLaunchesNothing() {
        String ami = account.ec2.describeImages(b -> b.filters(Filter.builder().name("architecture")
                .values("x86_64").build())).images().get(0).imageId();
        aws.dryRunLaunch(ami, "t3.medium", account.subnetIds.get(0), List.of(), MotoAccount.PROFILE_NAME,
                MotoAccount.KEY_NAME);
        assertThat(account.ec2.describeInstances().reservations()).isEmpty();
    }

    @Test
    void bucketProbeWritesAndDeletesAndNamesAMissingBucket() {
        try (S3Client s3 = S3Client.builder().endpointOverride(account.moto.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(MotoAccount.CREDENTIALS)
                .forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("ds-ec2-preflight"));
            aws.probeBucket("ds-ec2-preflight", "/dolphinscheduler/", null);
            assertThat(s3.listObjectsV2(b -> b.bucket("ds-ec2-preflight")).contents()).isEmpty();
        }
        assertThatThrownBy(() -> aws.probeBucket("ds-ec2-no-such-bucket", "x", null))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("NoSuchBucket");
    }
}
