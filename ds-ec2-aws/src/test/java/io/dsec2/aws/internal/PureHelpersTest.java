package io.dsec2.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.aws.AwsClientSettings;
import io.dsec2.config.RetrySettings;
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
    void retryStrategyUsesTheConfiguredAttemptsAndBoundedJitteredBackoff() {
        RetrySettings retry = RetrySettings.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(2)).multiplier(2.0).jitter(0.5).build();
        RetryStrategy s = ClientFactory.retryStrategy(AwsClientSettings.builder().retry(retry).build());
        assertThat(s.maxAttempts()).isEqualTo(6);

        JitteredBackoff b = new JitteredBackoff(retry);
        assertThat(b.baseMillis(1)).isEqualTo(100);
        assertThat(b.baseMillis(2)).isEqualTo(200);
        assertThat(b.baseMillis(4)).isEqualTo(800);
        assertThat(b.baseMillis(10)).isEqualTo(2000);
        assertThat(b.baseMillis(1000)).isEqualTo(2000);
        for (int i = 0; i < 200; i++) {
            assertThat(b.computeDelay(3).toMillis()).isBetween(200L, 600L);
        }
    }
}
