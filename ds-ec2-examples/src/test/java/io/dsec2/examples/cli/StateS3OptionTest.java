package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.aws.S3StateStore;
import io.dsec2.model.ClusterSpec;
import java.net.URI;
import org.junit.jupiter.api.Test;

class StateS3OptionTest {
    private static final ClusterSpec SPEC = ClusterSpec.builder().name("team").region("eu-west-1").subnets("subnet-a")
            .masters(1).workers(1).apis(1).alerts(1)
            .database(d -> d.mysql("db.internal", 3306, "ds").username("ds").password(io.dsec2.model.Secret.fromEnv("DB_PW")))
            .registry(z -> z.connectString("10.0.0.1:2181"))
            .aws(a -> a.endpointOverride(URI.create("http://127.0.0.1:5999")))
            .build();

    @Test
    void bucketAndPrefixComeFromTheUriAndThePrefixEndsWithASlash() {
        try (S3StateStore s = SpecOptions.s3Store(URI.create("s3://ops-state/ds-ec2/prod"), SPEC)) {
            assertThat(s.bucket()).isEqualTo("ops-state");
            assertThat(s.prefix()).isEqualTo("ds-ec2/prod/");
        }
        try (S3StateStore s = SpecOptions.s3Store(URI.create("s3://ops-state"), SPEC)) {
            assertThat(s.prefix()).isEmpty();
        }
    }

    @Test
    void anythingButAnS3UriIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> SpecOptions.s3Store(URI.create("https://ops-state/x"), SPEC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--state-s3")
                .hasMessageContaining("s3://BUCKET/PREFIX/");
    }
}
