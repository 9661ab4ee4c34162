package io.dsec2.internal.engine;

import io.dsec2.config.RetrySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * The executor-wide settings and services one execution needs.
 *
 * @param clusterId the cluster
 * @param executor runs tasks
 * @param watchdog enforces timeouts
 * @param clock time source
 * @param sleeper waits between retries
 * @param taskTimeout default per-attempt timeout
 * @param retry default retry settings
 * @param retryable which failures may be retried
 * @param defaultParallelism bound for stages that set none
 */
record ExecutionScope(String clusterId, ExecutorService executor, Watchdog watchdog, Clock clock, Sleeper sleeper,
                      Duration taskTimeout, RetrySettings retry, Predicate<Throwable> retryable,
                      int defaultParallelism) {
}
