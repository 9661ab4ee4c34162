package io.dsec2.aws.internal;

import io.dsec2.config.RetrySettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The backoff of {@link RetrySettings} as an SDK {@link BackoffStrategy}: before retry {@code n} it waits
 * {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}, spread uniformly by {@code ±jitter}. Thread-safe.
 */
public final class JitteredBackoff implements BackoffStrategy {
    private final RetrySettings retry;

    /** @param retry the settings */
    public JitteredBackoff(RetrySettings retry) {
        this.retry = retry;
    }

    /**
     * @param attempt the attempt that just failed, 1-based
     * @return the wait before the next one
     */
    @Override
    public Duration computeDelay(int attempt) {
        long base = baseMillis(attempt);
        double spread = retry.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base * (1 + spread))));
    }

    /**
     * @param attempt the attempt that just failed, 1-based
     * @return the wait before jitter, in milliseconds
     */
    public long baseMillis(int attempt) {
        double d = retry.initialBackoff().toMillis() * Math.pow(retry.multiplier(), Math.max(0, attempt - 1));
        return (long) Math.min(d, (double) retry.maxBackoff().toMillis());
    }
}
