package io.dsec2.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateLock;
import io.dsec2.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
    @TempDir
    Path root;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReadsListsAndDeletesPerCluster() {
        StateStore store = StateStore.directory(root);
        assertThat(store.read("prod", "config/v1.yaml")).isEmpty();
        store.write("prod", "config/v1.yaml", bytes("one"));
        store.write("prod", "config/v1.yaml", bytes("two"));
        store.write("prod", "config/v2.yaml", bytes("three"));
        store.write("prod", "known_hosts", bytes("k"));
        store.write("test", "config/v9.yaml", bytes("other cluster"));
        store.lock("prod", "me", Duration.ZERO).close(); // lock file must not show up in list()

        assertThat(store.read("prod", "config/v1.yaml")).get().isEqualTo(bytes("two"));
        assertThat(store.list("prod", "config/")).containsExactly("config/v1.yaml", "config/v2.yaml");
        assertThat(store.list("prod", "")).containsExactly("config/v1.yaml", "config/v2.yaml", "known_hosts");
        assertThat(store.list("nothing-here", "")).isEmpty();
        assertThat(Files.isRegularFile(root.resolve("prod/config/v1.yaml"))).isTrue();

        store.delete("prod", "config/v1.yaml");
        store.delete("prod", "config/never-existed");
        assertThat(store.read("prod", "config/v1.yaml")).isEmpty();
        assertThat(store.list("prod", "config/")).containsExactly("config/v2.yaml");
        assertThat(store.read("test", "config/v9.yaml")).get().isEqualTo(bytes("other cluster"));
    }

    @Test
    void defaultDirectoryIsUnderTheUsersHome() {
        StateStore.defaultDirectory(root).write("prod", "k", bytes("v"));
        assertThat(root.resolve(".ds-ec2/clusters/prod/k")).hasContent("v");
    }

    @Test
    void filesAre0600DirectoriesAre0700AndNoTemporaryFileIsLeft() throws Exception {
        StateStore store = StateStore.directory(root);
        store.write("prod", "jobs/j1.journal", bytes("x"));
        store.write("prod", "jobs/j1.journal", bytes("y"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("prod/jobs/j1.journal"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("prod/jobs"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("prod"))))
                .isEqualTo("rwx------");
        store.lock("prod", "me", Duration.ZERO).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("prod/.lock"))))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(root.resolve("prod/jobs"))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("j1.journal");
        }
    }

    @Test
    void concurrentReadersNeverSeeAHalfWrittenValue() throws Exception {
        StateStore store = StateStore.directory(root);
        store.write("c", "big", filled((byte) 'a'));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean torn = new AtomicBoolean();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                byte b = (byte) ('b' + w);
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        store.write("c", "big", filled(b));
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] v = store.read("c", "big").orElseThrow();
                        if (v.length != 256 * 1024 || v[0] != v[v.length - 1]
                                || !Arrays.equals(v, filled(v[0]))) {
                            torn.set(true);
                        }
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(torn).isFalse();
    }

    private static byte[] filled(byte b) {
        byte[] v = new byte[256 * 1024];
        Arrays.fill(v, b);
        return v;
    }

    @Test
    void rejectsKeysThatEscapeOrHide() {
        StateStore store = StateStore.directory(root);
        for (String bad : List.of("../x", "a/../../x", ".lock", "a/.hidden", "a//b", "/abs", "", "a b")) {
            assertThatThrownBy(() -> store.write("c", bad, bytes("x"))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.read("..", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("a/b", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeldLockFailsFastNamingItsOwnerAndIsFreeAfterClose() {
        StateStore store = StateStore.directory(root);
        StateLock held = store.lock("prod", "alice@laptop", Duration.ZERO);
        assertThat(held.owner()).isEqualTo("alice@laptop");
        assertThat(held.clusterId()).isEqualTo("prod");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.lock("prod", "bob@desk", Duration.ZERO))
                .isInstanceOfSatisfying(StateLockedException.class, e -> {
                    assertThat(e.owner()).startsWith("alice@laptop (pid " + ProcessHandle.current().pid());
                    assertThat(e.since()).isEqualTo(held.since());
                    assertThat(e.clusterId()).isEqualTo("prod");
                    assertThat(e.getMessage()).contains("locked by alice@laptop", held.since().toString());
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        store.lock("other-cluster", "bob@desk", Duration.ZERO).close(); // locks are per cluster
        assertThat(held.held()).isTrue();
        held.checkHeld();
        held.close();
        held.close(); // harmless
        assertThat(held.held()).isFalse();
        assertThatThrownBy(held::checkHeld).isInstanceOf(io.dsec2.exception.StateLockLostException.class)
                .hasMessageContaining("'prod'");
        try (StateLock mine = store.lock("prod", "bob@desk", Duration.ZERO)) {
            assertThat(mine.since()).isAfterOrEqualTo(held.since()).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void aWaitingLockIsGrantedOnceTheHolderReleases() throws Exception {
        StateStore store = StateStore.directory(root);
        StateLock held = store.lock("prod", "alice", Duration.ZERO);
        CompletableFuture<StateLock> waiter = CompletableFuture.supplyAsync(
                () -> store.lock("prod", "bob", Duration.ofSeconds(20)));
        assertThatThrownBy(() -> store.lock("prod", "carol", Duration.ZERO)).isInstanceOf(StateLockedException.class);
        Thread.sleep(300);
        assertThat(waiter).isNotDone();
        Instant released = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        held.close();
        try (StateLock got = waiter.get(20, TimeUnit.SECONDS)) {
            assertThat(got.owner()).isEqualTo("bob");
            assertThat(got.since()).as("granted only after alice released it").isAfterOrEqualTo(released);
        }
    }

    @Test
    void whoeverFindsTheLockHeldSeesTheHoldersOwnerAsItWasGiven() {
        StateStore store = StateStore.directory(root);
        for (String owner : List.of("  alice@laptop", "\fbob@desk ", "CORP\\nina@host \\u0041 = x: #1 \u00e9")) {
            try (StateLock held = store.lock("prod", owner, Duration.ZERO)) {
                assertThat(held.owner()).isEqualTo(owner);
                assertThatThrownBy(() -> store.lock("prod", "other", Duration.ZERO))
                        .isInstanceOfSatisfying(StateLockedException.class, e -> assertThat(e.owner())
                                .isEqualTo(owner + " (pid " + ProcessHandle.current().pid() + ")"));
            }
        }
    }
}
