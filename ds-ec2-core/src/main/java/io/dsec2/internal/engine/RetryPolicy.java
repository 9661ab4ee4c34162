package io.dsec2.internal.engine;

import io.dsec2.config.RetrySettings;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides whether and when a failed attempt is retried, using a Resilience4j {@link Retry} for the
 * decision (retry predicate, attempt count, exponential backoff with jitter). Resilience4j's own synchronous
 * path sleeps through a static hook; this class uses its per-call context instead, which only answers
 * "retry after how long", so the caller sleeps with an injected {@link Sleeper}. Thread-safe;
 * {@link Attempts} is for one task run on one thread.
 */
final class RetryPolicy {
    private final Retry retry;

    private RetryPolicy(Retry retry) {
        this.retry = retry;
    }

    /**
     * @param name a name for the Resilience4j instance (the task id)
     * @param settings attempts and backoff
     * @param retryable which failures may be retried
     * @return the policy
     */
    static RetryPolicy of(String name, RetrySettings settings, Predicate<Throwable> retryable) {
        IntervalFunction interval = settings.jitter() > 0
                ? IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), settings.multiplier(),
                        settings.jitter(), settings.maxBackoff())
                : IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), settings.multiplier(),
                        settings.maxBackoff());
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(interval)
                .retryOnException(retryable)
                .failAfterMaxAttempts(false)
                .build();
        return new RetryPolicy(Retry.of(name, config));
    }

    /** @return a fresh attempt counter for one run of the task */
    Attempts begin() {
        return new Attempts(retry.asyncContext());
    }

    /** Attempt bookkeeping of one task run. Not thread-safe. */
    static final class Attempts {
        private final Retry.AsyncContext<Object> context;

        private Attempts(Retry.AsyncContext<Object> context) {
            this.context = context;
        }

        /**
         * @param failure the failure of the attempt that just ended
         * @return the wait before the next attempt, or empty if the task must fail now
         */
        Optional<Duration> onFailure(Throwable failure) {
            long delayMillis = context.onError(failure);
            return delayMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(delayMillis));
        }

        /** Records success. */
        void onSuccess() {
            context.onComplete();
        }
    }
}
