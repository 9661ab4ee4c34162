package io.dsec2.internal.engine;

import io.dsec2.config.RetrySettings;
import io.dsec2.config.Timeouts;
import io.dsec2.event.ClusterListener;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/** Builder of {@link PlanExecutor}; mutable, not thread-safe. */
public final class PlanExecutorBuilder {
    final String clusterId;
    StateStore store;
    ClusterListener listener = ClusterListener.NONE;
    ExecutorService executor;
    ScheduledExecutorService scheduler;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.SYSTEM;
    Timeouts timeouts = Timeouts.defaults();
    RetrySettings retry = RetrySettings.defaults();
    Predicate<Throwable> retryOn = e -> false;
    int defaultParallelism = 8;
    String lockOwner;
    StateLock heldLock;

    PlanExecutorBuilder(String clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * @param store where journals and the cluster lock live; required
     * @return this
     */
    public PlanExecutorBuilder stateStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "stateStore must not be null");
        return this;
    }

    /**
     * @param listener receives stage and task events; default {@link ClusterListener#NONE}
     * @return this
     */
    public PlanExecutorBuilder listener(ClusterListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        return this;
    }

    /**
     * @param executor runs tasks; never shut down by ds-ec2; default: own daemon threads
     * @return this
     */
    public PlanExecutorBuilder executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        return this;
    }

    /**
     * @param scheduler fires task timeouts; never shut down by ds-ec2; default: own daemon thread
     * @return this
     */
    public PlanExecutorBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
        return this;
    }

    /**
     * @param clock time source for durations and journal times; default system UTC
     * @return this
     */
    public PlanExecutorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        return this;
    }

    /**
     * @param sleeper waits between retries; default {@link Sleeper#SYSTEM}
     * @return this
     */
    public PlanExecutorBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
        return this;
    }

    /**
     * @param timeouts {@code taskTimeout} (per attempt, unless a task sets its own) and {@code lockWait};
     *     default {@link Timeouts#defaults()}
     * @return this
     */
    public PlanExecutorBuilder timeouts(Timeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts must not be null");
        return this;
    }

    /**
     * @param retry retry settings of tasks that set none; default {@link RetrySettings#defaults()}
     * @return this
     */
    public PlanExecutorBuilder retry(RetrySettings retry) {
        this.retry = Objects.requireNonNull(retry, "retry must not be null");
        return this;
    }

    /**
     * @param predicate further failures to retry, besides retryable {@code DsEc2Exception}s; default none
     * @return this
     */
    public PlanExecutorBuilder retryOn(Predicate<Throwable> predicate) {
        this.retryOn = Objects.requireNonNull(predicate, "predicate must not be null");
        return this;
    }

    /**
     * @param n tasks at most running at once in a stage that sets no bound; default 8; at least 1
     * @return this
     */
    public PlanExecutorBuilder defaultParallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("defaultParallelism must be at least 1, was " + n);
        }
        this.defaultParallelism = n;
        return this;
    }

    /**
     * @param owner how this operator is shown to others who find the cluster locked; default
     *     {@code "<os user> pid <pid>"}; the job id is appended
     * @return this
     */
    public PlanExecutorBuilder lockOwner(String owner) {
        this.lockOwner = Objects.requireNonNull(owner, "owner must not be null");
        return this;
    }

    /**
     * @param lock the cluster's state lock, when the caller already holds it for the whole operation (for example to
     *     record a config version and execute under one lock); the executor then takes none itself, checks this one
     *     before every task, and never closes it. Default: none, the executor takes the lock for each execution.
     * @return this
     */
    public PlanExecutorBuilder heldLock(StateLock lock) {
        this.heldLock = Objects.requireNonNull(lock, "lock must not be null");
        return this;
    }

    /**
     * @return the executor
     * @throws NullPointerException if no state store is set
     * @throws IllegalArgumentException if the cluster id is invalid
     */
    public PlanExecutor build() {
        return new PlanExecutor(this);
    }
}
