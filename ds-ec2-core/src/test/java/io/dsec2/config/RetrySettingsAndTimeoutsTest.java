package io.dsec2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySettingsAndTimeoutsTest {
    @Test
    void retryDefaultsAndCopies() {
        RetrySettings d = RetrySettings.defaults();
        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.multiplier()).isEqualTo(2.0);
        assertThat(d.jitter()).isEqualTo(0.5);
        assertThat(RetrySettings.none().maxAttempts()).isEqualTo(1);
        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
        RetrySettings five = d.copy(b -> b.maxAttempts(5));
        assertThat(five.maxAttempts()).isEqualTo(5);
        assertThat(five).isNotEqualTo(d);
        assertThat(five.toString()).contains("maxAttempts=5", "PT1S");
    }

    @Test
    void retryRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> RetrySettings.builder().maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetrySettings.builder().jitter(1.0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> RetrySettings.builder().maxBackoff(Duration.ofMillis(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> RetrySettings.builder().initialBackoff(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySettings.builder().multiplier(0.5).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySettings.builder().initialBackoff(null))
                .isInstanceOf(NullPointerException.class).hasMessage("initialBackoff must not be null");
    }

    @Test
    void timeoutDefaultsCopiesAndValidation() {
        Timeouts t = Timeouts.defaults();
        assertThat(t.taskTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(t.instanceRunning()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.sshReady()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.serverHealthy()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.workerDrain()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.lockWait()).isZero();
        assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.copy(b -> b.sshReady(Duration.ofSeconds(30))).sshReady()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Timeouts.builder().taskTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskTimeout");
        assertThatThrownBy(() -> Timeouts.builder().lockWait(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockWait");
    }
}
