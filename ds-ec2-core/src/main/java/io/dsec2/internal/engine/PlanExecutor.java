package io.dsec2.internal.engine;

import io.dsec2.config.Timeouts;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockLostException;
import io.dsec2.internal.state.StateKeys;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Executes {@link Plan}s for one cluster: stages in order, the tasks of a stage in parallel up to its
 * bound, each attempt under a timeout (the attempt's thread is interrupted and the task fails with a
 * {@link io.dsec2.exception.ClusterTimeoutException}), transient failures retried with exponential backoff
 * and jitter, events to the listener, every task transition journaled.
 *
 * <pre>{@code
 * try (PlanExecutor executor = PlanExecutor.builder("prod").stateStore(store).listener(progress).build()) {
 *     ExecutionReport report = executor.execute(plan, "create-20240501-1", specDigest);
 *     report.throwIfFailed();
 * }
 * }</pre>
 *
 * <p><b>Failure.</b> On the first failed task of a stage, no further task of that stage starts, tasks
 * already running finish (a node is never abandoned half-way through a change), and no later stage starts.
 * The report lists every task's outcome.
 *
 * <p><b>Retries.</b> Only a {@link DsEc2Exception} with {@code retryable() == true}, or a failure accepted by
 * {@link PlanExecutorBuilder#retryOn(Predicate)}, is retried. A timed-out or cancelled attempt is never retried.
 *
 * <p><b>Resume.</b> The journal of job {@code jobId} lives in the state store. Executing a plan with the id
 * of an existing journal resumes it: tasks recorded SUCCEEDED or SKIPPED are not run again; every other task
 * (including one a crash left RUNNING) runs its check before acting, so nothing done is done twice. The
 * operation and spec digest must match those recorded. The cluster's state lock is held for the whole
 * execution.
 *
 * <p><b>Fencing.</b> Before every task it starts (each attempt) and before the journal's end, the executor calls
 * {@link StateLock#checkHeld()}. A lease lock that lapsed is not this run's any more: no further task starts, tasks
 * already running finish, and {@link #execute} throws the {@link StateLockLostException} (naming the new holder if
 * known) instead of returning a report. Tasks that never started stay PENDING in the journal, so re-running the same
 * operation resumes where this one stopped.
 *
 * <p>Thread-safe, but executions for one cluster never overlap: the second one fails at once with
 * {@link io.dsec2.exception.StateLockedException} (or waits up to {@code Timeouts.lockWait()}). Executors
 * and schedulers passed in are never shut down; threads the executor creates itself (daemon, named
 * {@code ds-ec2-<cluster>-N}) are stopped by {@link #close()}.
 */
public final class PlanExecutor implements AutoCloseable {
    private final String clusterId;
    private final StateStore store;
    private final ClusterListener listener;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsExecutor;
    private final boolean ownsScheduler;
    private final Timeouts timeouts;
    private final ExecutionScope scope;
    private final String lockOwner;
    private final StateLock heldLock;

    PlanExecutor(PlanExecutorBuilder b) {
        this.clusterId = StateKeys.clusterId(b.clusterId);
        this.store = Objects.requireNonNull(b.store, "stateStore must not be null");
        this.listener = new SafeListener(b.listener);
        EngineThreads threads = new EngineThreads(clusterId);
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? Executors.newCachedThreadPool(threads) : b.executor;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(threads) : b.scheduler;
        this.timeouts = b.timeouts;
        Predicate<Throwable> retryable = e -> e instanceof DsEc2Exception && ((DsEc2Exception) e).retryable();
        this.scope = new ExecutionScope(clusterId, executor, new Watchdog(scheduler), b.clock, b.sleeper,
                b.timeouts.taskTimeout(), b.retry, retryable.or(b.retryOn), b.defaultParallelism);
        this.lockOwner = b.lockOwner;
        this.heldLock = b.heldLock;
        if (heldLock != null && !heldLock.clusterId().equals(clusterId)) {
            throw new IllegalArgumentException("heldLock is the lock of cluster '" + heldLock.clusterId() + "', not '"
                    + clusterId + "'");
        }
    }

    /**
     * @param clusterId the cluster whose plans this executor runs
     * @return a builder; mutable, not thread-safe
     */
    public static PlanExecutorBuilder builder(String clusterId) {
        return new PlanExecutorBuilder(clusterId);
    }

    /**
     * Executes (or resumes) a plan as job {@code jobId}.
     *
     * @param plan the plan
     * @param jobId the job id: letters, digits, {@code ._-}; the same id resumes
     * @param specDigest digest of the desired spec; a resumed job must have the same
     * @return every task's outcome
     * @throws io.dsec2.exception.StateLockedException if another operator holds the cluster's lock
     * @throws StateLockLostException if the lock was lost during the execution (see the class comment)
     * @throws DsEc2Exception if the journal belongs to another operation or spec, cannot be written, or the
     *     calling thread is interrupted
     */
    public ExecutionReport execute(Plan plan, String jobId, String specDigest) {
        Objects.requireNonNull(plan, "plan must not be null");
        Objects.requireNonNull(specDigest, "specDigest must not be null");
        Journal.key(jobId);
        Instant start = scope.clock().instant();
        String owner = (lockOwner != null ? lockOwner : defaultOwner()) + " job " + jobId;
        try (StateLock taken = heldLock != null ? null : store.lock(clusterId, owner, timeouts.lockWait())) {
            StateLock lock = heldLock != null ? heldLock : taken;
            lock.checkHeld();
            Journal journal = Journal.open(store, clusterId, jobId, plan.operation(), specDigest, scope.clock());
            journal.registerAll(plan.tasks().stream().map(Task::id).collect(Collectors.toList()));
            StageRunner stages = new StageRunner(scope, journal, listener, lock);
            List<TaskOutcome> outcomes = new ArrayList<>();
            String failedStage = null;
            for (int i = 0; i < plan.stages().size(); i++) {
                Stage stage = plan.stages().get(i);
                if (failedStage != null) {
                    stage.tasks().forEach(t -> outcomes.add(TaskOutcome.notStarted(t, stage)));
                    continue;
                }
                if (!runStage(plan, i, stage, jobId, stages, outcomes)) {
                    failedStage = stage.name();
                }
            }
            lock.checkHeld(); // the journal's end is a change too
            journal.finish(failedStage == null ? "SUCCEEDED" : "FAILED in stage " + failedStage);
            return new ExecutionReport(jobId, plan.operation(), outcomes, failedStage,
                    Duration.between(start, scope.clock().instant()));
        }
    }

    private boolean runStage(Plan plan, int index, Stage stage, String jobId, StageRunner stages,
                             List<TaskOutcome> outcomes) {
        Instant start = scope.clock().instant();
        StageEvent.Builder event = StageEvent.builder().clusterId(clusterId).jobId(jobId).operation(plan.operation())
                .stage(stage.name()).stageIndex(index + 1).stageCount(plan.stages().size())
                .taskCount(stage.tasks().size());
        listener.stageStarted(event.build());
        List<TaskOutcome> result = stages.run(stage);
        outcomes.addAll(result);
        throwIfLockLost(result);
        event.duration(Duration.between(start, scope.clock().instant()));
        List<TaskOutcome> failures = result.stream().filter(o -> o.state() == TaskState.FAILED)
                .collect(Collectors.toList());
        if (failures.isEmpty()) {
            listener.stageSucceeded(event.build());
            return true;
        }
        listener.stageFailed(event.error(failures.size() + " task(s) failed; first: " + failures.get(0).taskId()
                + ": " + failures.get(0).errorSummary().orElse("")).build());
        return false;
    }

    /** Stops the execution (after the stage's running tasks finished) when a task found the lock lost. */
    private static void throwIfLockLost(List<TaskOutcome> result) {
        StateLockLostException lost = null;
        for (TaskOutcome o : result) {
            if (o.failure().orElse(null) instanceof StateLockLostException e && lost == null) {
                lost = e;
            }
        }
        if (lost != null) {
            for (TaskOutcome o : result) {
                o.failure().filter(e -> !(e instanceof StateLockLostException)).ifPresent(lost::addSuppressed);
            }
            throw lost;
        }
    }

    /**
     * @param jobId a job id
     * @return whether a journal exists for it, i.e. whether executing with it resumes
     */
    public boolean hasJournal(String jobId) {
        return Journal.exists(store, clusterId, jobId);
    }

    private static String defaultOwner() {
        ProcessHandle self = ProcessHandle.current();
        return self.info().user().orElse("unknown-user") + " pid " + self.pid();
    }

    /** Stops the threads this executor created; executors passed in are left running. */
    @Override
    public void close() {
        if (ownsExecutor) {
            shutdown(executor);
        }
        if (ownsScheduler) {
            shutdown(scheduler);
        }
    }

    private static void shutdown(ExecutorService service) {
        service.shutdown();
        try {
            if (!service.awaitTermination(10, TimeUnit.SECONDS)) {
                service.shutdownNow();
            }
        } catch (InterruptedException e) {
            service.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PlanExecutor{cluster=" + clusterId + ", store=" + store + "}";
    }
}
