package io.dsec2.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.aws.AwsClientSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.RetryStrategy;

class PureHelpersTest {
    @Test
    void clientTokensAreStableAsciiAndAtMost64Chars() {
        String t = ClientTokens.derive("prod", "master-1", 0);
        assertThat(t).hasSize(64).startsWith("dsec2-").matches("[a-z0-9-]+");
        assertThat(ClientTokens.derive("prod", "master-1", 0)).isEqualTo(t);
        assertThat(ClientTokens.derive("prod", "master-2", 0)).isNotEqualTo(t);
        assertThat(ClientTokens.derive("prod2", "master-1", 0)).isNotEqualTo(t);
        assertThat(ClientTokens.derive("prod", "master-1", 1)).isNotEqualTo(t);
        assertThat(ClientTokens.derive("x".repeat(500), "y".repeat(500), 0)).hasSize(64);
    }

    @Test
    void architectureFallbackRecognisesGravitonFamilies() {
        for (String arm : new String[] {"m7g.large", "c7gn.xlarge", "t4g.micro", "r8g.2xlarge", "im4gn.large",
            "x2gd.medium", "g5g.xlarge", "a1.large", "is4gen.large"}) {
            assertThat(Images.architectureFromName(arm)).as(arm).isEqualTo("arm64");
        }
        for (String x86 : new String[] {"m6i.large", "c5.xlarge", "t3.medium", "g4dn.xlarge", "g4ad.xlarge",
            "m5dn.large", "r7iz.large", "x2iedn.xlarge", "inf2.xlarge"}) {
            assertThat(Images.architectureFromName(x86)).as(x86).isEqualTo("x86_64");
        }
    }

    @Test
    void retryStrategyUsesTheConfiguredAttemptsAndBoundedBackoff() {
        RetryStrategy s = ClientFactory.retryStrategy(AwsClientSettings.builder().maxAttempts(6)
                .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2)).build());
        assertThat(s.maxAttempts()).isEqualTo(6);
    }
}
