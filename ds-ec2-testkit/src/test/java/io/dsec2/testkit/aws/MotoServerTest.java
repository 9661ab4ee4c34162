package io.dsec2.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

class MotoServerTest {
    @Test
    void startsAnswersEc2AndResets() {
        try (MotoServer moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto-test.log"));
             Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .build()) {
            ec2.createVpc(b -> b.cidrBlock("10.99.0.0/16"));
            Filter f = Filter.builder().name("cidr-block").values("10.99.0.0/16").build();
            assertThat(ec2.describeVpcs(b -> b.filters(f)).vpcs()).hasSize(1);
            moto.reset();
            assertThat(ec2.describeVpcs(b -> b.filters(f)).vpcs()).isEmpty();
            moto.reset();
            moto.seed(42);
            String first = ec2.createVpc(b -> b.cidrBlock("10.98.0.0/16")).vpc().vpcId();
            moto.reset();
            moto.seed(42);
            assertThat(ec2.createVpc(b -> b.cidrBlock("10.98.0.0/16")).vpc().vpcId()).isEqualTo(first);
        }
    }
}
