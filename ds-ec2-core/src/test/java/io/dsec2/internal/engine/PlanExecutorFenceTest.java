package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.StateLockLostException;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing: an execution whose lock is lost (for a lease lock: it lapsed and another operator took it over) starts no
 * further task, neither in the running stage nor in a later one, and stops with an exception that says so.
 */
class PlanExecutorFenceTest {
    @TempDir
    Path dir;

    @Test
    void aLostLockStopsTheRunBeforeTheNextTask() {
        LosableStore store = new LosableStore(StateStore.directory(dir));
        List<String> ran = new CopyOnWriteArrayList<>();
        Plan plan = Plan.builder("create")
                .addStage(Stage.builder("one").maxParallelism(1)
                        .addTask(Task.builder("a").action(ctx -> {
                            ran.add("a");
                            store.lose(); // the lease lapses while a runs; another operator takes the cluster
                        }).build())
                        .addTask(Task.builder("b").action(ctx -> ran.add("b")).build()).build())
                .addStage(Stage.builder("two").addTask(Task.builder("c").action(ctx -> ran.add("c")).build()).build())
                .build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).sleeper(new RecordingSleeper()).build()) {
            assertThatThrownBy(() -> ex.execute(plan, "job-f", "d"))
                    .isInstanceOfSatisfying(StateLockLostException.class, e -> {
                        assertThat(e.owner()).isEqualTo("bob@elsewhere");
                        assertThat(e.lostOwner()).endsWith("job job-f");
                    })
                    .hasMessageContaining("'c1'").hasMessageContaining("Lost").hasMessageContaining("bob@elsewhere")
                    .hasMessageContaining("re-run");
        }
        assertThat(ran).containsExactly("a");
        Journal journal = Journal.open(StateStore.directory(dir), "c1", "job-f", "create", "d",
                java.time.Clock.systemUTC());
        assertThat(journal.state("a")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(journal.state("b")).as("never started, so a re-run runs it").isEqualTo(TaskState.PENDING);
    }

    @Test
    void aLockThatStaysHeldLetsEveryTaskRun() {
        LosableStore store = new LosableStore(StateStore.directory(dir));
        List<String> ran = new CopyOnWriteArrayList<>();
        Plan plan = Plan.builder("create").addStage(Stage.builder("one")
                .addTask(Task.builder("a").action(ctx -> ran.add("a")).build())
                .addTask(Task.builder("b").action(ctx -> ran.add("b")).build()).build()).build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).sleeper(new RecordingSleeper()).build()) {
            assertThat(ex.execute(plan, "job-h", "d").succeeded()).isTrue();
        }
        assertThat(ran).containsExactlyInAnyOrder("a", "b");
        assertThat(store.checks).as("checked before each task").isPositive();
    }

    @Test
    void aRetryIsNotAttemptedOnceTheLockIsLost() {
        LosableStore store = new LosableStore(StateStore.directory(dir));
        List<String> ran = new CopyOnWriteArrayList<>();
        Plan plan = Plan.builder("update").addStage(Stage.builder("one").addTask(Task.builder("a").action(ctx -> {
            ran.add("a" + ctx.attempt());
            store.lose();
            throw new io.dsec2.exception.DsEc2Exception("transient", null, true);
        }).build()).build()).build();
        try (PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).sleeper(new RecordingSleeper()).build()) {
            assertThatThrownBy(() -> ex.execute(plan, "job-r", "d")).isInstanceOf(StateLockLostException.class);
        }
        assertThat(ran).containsExactly("a1");
    }

    @Test
    void aLockHeldByTheCallerIsCheckedAndLeftOpen() {
        LosableStore store = new LosableStore(StateStore.directory(dir));
        List<String> ran = new CopyOnWriteArrayList<>();
        Plan plan = Plan.builder("update").addStage(Stage.builder("one")
                .addTask(Task.builder("a").action(ctx -> ran.add("a")).build()).build()).build();
        try (StateLock lock = store.lock("c1", "alice (update)", Duration.ZERO);
             PlanExecutor ex = PlanExecutor.builder("c1").stateStore(store).heldLock(lock)
                     .sleeper(new RecordingSleeper()).build()) {
            assertThat(ex.execute(plan, "job-1", "d").succeeded()).isTrue();
            assertThat(lock.held()).as("not closed by the executor").isTrue();
            store.lose();
            assertThatThrownBy(() -> ex.execute(plan, "job-2", "d")).isInstanceOf(StateLockLostException.class)
                    .hasMessageContaining("alice (update)");
        }
        assertThat(ran).containsExactly("a");
        try (StateLock other = store.lock("c1", "x", Duration.ZERO)) {
            assertThatThrownBy(() -> PlanExecutor.builder("c2").stateStore(store).heldLock(other).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c1'");
        }
    }

    /** A store whose locks can be lost on demand, as a lease lock is when it lapses. */
    private static final class LosableStore implements StateStore {
        private final StateStore delegate;
        private final AtomicBoolean lost = new AtomicBoolean();
        volatile int checks;

        LosableStore(StateStore delegate) {
            this.delegate = delegate;
        }

        void lose() {
            lost.set(true);
        }

        @Override
        public Optional<byte[]> read(String clusterId, String key) {
            return delegate.read(clusterId, key);
        }

        @Override
        public void write(String clusterId, String key, byte[] value) {
            delegate.write(clusterId, key, value);
        }

        @Override
        public List<String> list(String clusterId, String prefix) {
            return delegate.list(clusterId, prefix);
        }

        @Override
        public void delete(String clusterId, String key) {
            delegate.delete(clusterId, key);
        }

        @Override
        public StateLock lock(String clusterId, String owner, Duration wait) {
            StateLock real = delegate.lock(clusterId, owner, wait);
            return new StateLock() {
                @Override
                public String clusterId() {
                    return real.clusterId();
                }

                @Override
                public String owner() {
                    return real.owner();
                }

                @Override
                public Instant since() {
                    return real.since();
                }

                @Override
                public boolean held() {
                    return !lost.get();
                }

                @Override
                public void checkHeld() {
                    checks++;
                    if (!held()) {
                        throw new StateLockLostException(clusterId, owner, "its lease ran out", "bob@elsewhere",
                                Instant.parse("2026-01-01T00:00:00Z"));
                    }
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }
}
