package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.config.RetrySettings;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockLostException;
import io.dsec2.exception.StateLockedException;
import io.dsec2.testkit.aws.AwsFaultProxy;
import io.dsec2.testkit.aws.MotoServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3StateStore} against moto in server mode, configured as a user would. Each store instance stands for one
 * operator's process; "dead" holders are simulated by writing the lock object a crashed process would have left, or
 * by a holder whose clock lags so far behind that its lease is always expired for the others.
 */
class S3StateStoreIT {
    private static final String BUCKET = "team-state";
    private static final String SECRET = "S3StateStoreIT-secret-Zq81xKp";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAS3STATEIT", SECRET));
    private static MotoServer moto;
    private static S3Client s3;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto-s3-state.log"));
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(CREDENTIALS).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopMoto() {
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private AwsClientSettings settings() {
        return AwsClientSettings.builder().region("us-east-1").endpointOverride(moto.endpoint())
                .credentialsProvider(CREDENTIALS).build();
    }

    private S3StateStore store(java.util.function.Consumer<S3StateStore.Builder> custom) {
        S3StateStore.Builder b = S3StateStore.builder().bucket(BUCKET).clientSettings(settings());
        custom.accept(b);
        S3StateStore store = b.build();
        toClose.add(store);
        return store;
    }

    private S3StateStore store() {
        return store(b -> { });
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readWriteListDeleteRoundTripWithPagination() {
        S3StateStore store = store(b -> b.prefix("teams/data/").pageSize(2));
        assertThat(store.read("rt", "config/v1.yaml")).isEmpty();
        store.write("rt", "config/v1.yaml", utf8("one"));
        store.write("rt", "config/v1.yaml", utf8("one again"));
        store.write("rt", "jobs/create-2.journal", utf8("j2"));
        store.write("rt", "jobs/create-1.journal", utf8("j1"));
        store.write("rt", "known_hosts", new byte[0]);
        store.write("rt", "config/v2.yaml", utf8("two"));
        store.write("rt-other", "jobs/x.journal", utf8("other cluster"));
        s3.putObject(b -> b.bucket(BUCKET).key("teams/data/rt/.hidden"), RequestBody.fromString("not state"));

        assertThat(new String(store.read("rt", "config/v1.yaml").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("one again");
        assertThat(store.read("rt", "known_hosts")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        // five keys with two per page: three ListObjectsV2 pages
        assertThat(store.list("rt", "")).containsExactly("config/v1.yaml", "config/v2.yaml",
                "jobs/create-1.journal", "jobs/create-2.journal", "known_hosts");
        assertThat(store.list("rt", "jobs/")).containsExactly("jobs/create-1.journal", "jobs/create-2.journal");
        assertThat(store.list("rt", "nothing/")).isEmpty();
        assertThat(store.list("never-written", "")).isEmpty();
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("teams/data/rt/jobs/create-1.journal")).contentLength())
                .isEqualTo(2L);

        store.delete("rt", "jobs/create-1.journal");
        store.delete("rt", "jobs/create-1.journal"); // missing: no-op
        store.delete("rt", "never/there");
        assertThat(store.read("rt", "jobs/create-1.journal")).isEmpty();
        assertThat(store.list("rt", "jobs/")).containsExactly("jobs/create-2.journal");
        assertThat(store.list("rt-other", "")).containsExactly("jobs/x.journal");

        assertThatThrownBy(() -> store.write("rt", ".lock", utf8("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("../rt", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("rt", "a//b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secondLockFailsFastNamingTheHolderAndCloseReleases() {
        S3StateStore alice = store();
        S3StateStore bob = store();
        S3StateLock first = closing(alice.lock("c-second", "alice@host1 pid 42", Duration.ZERO));
        assertThat(first.held()).isTrue();
        assertThat(first.owner()).isEqualTo("alice@host1 pid 42");

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> bob.lock("c-second", "bob@host2", Duration.ZERO))
                .isInstanceOfSatisfying(StateLockedException.class, e -> {
                    assertThat(e.clusterId()).isEqualTo("c-second");
                    assertThat(e.owner()).isEqualTo("alice@host1 pid 42");
                    assertThat(e.since()).isEqualTo(first.since());
                    assertThat(e.getMessage()).contains("alice@host1 pid 42");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        // the same store (another thread of the same process) is refused as well
        assertThatThrownBy(() -> alice.lock("c-second", "alice again", Duration.ZERO))
                .isInstanceOf(StateLockedException.class);

        first.close();
        first.close(); // twice is harmless
        assertThat(first.held()).isFalse();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("ds-ec2/.locks/c-second")).contents()).isEmpty();
        S3StateLock next = closing(bob.lock("c-second", "bob@host2", Duration.ZERO));
        assertThat(next.held()).isTrue();
        assertThat(next.since()).isAfterOrEqualTo(first.since());
    }

    @Test
    void waitingLockSucceedsOnceTheHolderCloses() throws Exception {
        S3StateStore alice = store();
        S3StateStore bob = store();
        S3StateLock first = closing(alice.lock("c-wait", "alice", Duration.ZERO));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            Future<S3StateLock> waiting = pool.submit(() -> bob.lock("c-wait", "bob", Duration.ofSeconds(15)));
            Thread.sleep(1000);
            assertThat(waiting.isDone()).as("bob still waits while alice holds the lock").isFalse();
            Instant released = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            first.close();
            S3StateLock second = closing(waiting.get(10, TimeUnit.SECONDS));
            assertThat(second.owner()).isEqualTo("bob");
            assertThat(second.since()).as("granted only after alice released it").isAfterOrEqualTo(released);
            assertThat(second.held()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1000),
                    Duration.ofSeconds(8));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void leftoverLockOfDeadHolderIsTakenOverOnceExpiredButNotBefore() {
        S3StateStore store = store();
        Instant since = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        // what a crashed process leaves behind: its lease ran out 9 minutes ago
        writeLockObject("c-dead", "crashed@host3 pid 9", since, since.plusSeconds(60));
        S3StateLock lock = closing(store.lock("c-dead", "rescuer", Duration.ZERO));
        assertThat(lock.held()).isTrue();
        assertThat(lockObject("c-dead")).contains("\"owner\":\"rescuer\"");

        // a holder whose lease still runs is respected, with its owner and since in the refusal
        Instant liveSince = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        writeLockObject("c-live", "bob@host2 \"quoted\" pid 7", liveSince, Instant.now().plusSeconds(120));
        assertThatThrownBy(() -> store.lock("c-live", "alice", Duration.ofMillis(600)))
                .isInstanceOfSatisfying(StateLockedException.class, e -> {
                    assertThat(e.owner()).isEqualTo("bob@host2 \"quoted\" pid 7");
                    assertThat(e.since()).isEqualTo(liveSince);
                });
    }

    @Test
    void renewalKeepsTheLeaseAliveAndALapsedLeaseIsTakenOverAndReportedLost() throws Exception {
        // alive and renewing: nobody may take it although the lease (1 s) is much shorter than the time held
        S3StateStore steady = store(b -> b.leaseDuration(Duration.ofSeconds(1)).renewInterval(Duration.ofMillis(250)));
        S3StateLock kept = closing(steady.lock("c-renew", "steady", Duration.ZERO));
        String firstBody = lockObject("c-renew");
        Thread.sleep(2500);
        assertThat(kept.held()).isTrue();
        assertThat(lockObject("c-renew")).isNotEqualTo(firstBody).contains("\"owner\":\"steady\"");
        assertThatThrownBy(() -> store().lock("c-renew", "other", Duration.ZERO))
                .isInstanceOf(StateLockedException.class);

        // a holder whose clock lags 10 minutes writes leases that have always expired for everyone else
        S3StateStore lagging = store(b -> b.leaseDuration(Duration.ofSeconds(2)).renewInterval(Duration.ofMillis(300))
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))));
        S3StateLock lapsed = closing(lagging.lock("c-lapse", "lagging", Duration.ZERO));
        S3StateStore healthy = store();
        S3StateLock taken = closing(healthy.lock("c-lapse", "healthy", Duration.ofSeconds(5)));
        assertThat(taken.held()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lapsed.held() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(lapsed.held()).as("the lagging holder notices at its next renewal").isFalse();
        lapsed.close(); // must not delete the new holder's object
        assertThat(lockObject("c-lapse")).contains("\"owner\":\"healthy\"");
        assertThatThrownBy(() -> store().lock("c-lapse", "third", Duration.ZERO))
                .isInstanceOfSatisfying(StateLockedException.class, e -> assertThat(e.owner()).isEqualTo("healthy"));
        assertThat(taken.held()).isTrue();
    }

    @Test
    void aLeaseThatLapsesBecauseRenewalsFailIsNoLongerHeld() throws Exception {
        // the holder cannot reach S3 to renew (every PUT of its lock object fails with 503), so its lease runs out
        // and another operator takes the lock over; the holder must not go on believing it holds the lock
        AwsFaultProxy proxy = closing(AwsFaultProxy.start("127.0.0.1", 0, moto.endpoint()));
        S3StateStore cutOff = store(b -> b.leaseDuration(Duration.ofSeconds(2)).renewInterval(Duration.ofMillis(400))
                .clientSettings(AwsClientSettings.builder().region("us-east-1").endpointOverride(proxy.endpoint())
                        .credentialsProvider(CREDENTIALS).retry(RetrySettings.none()).build()));
        S3StateLock lapsing = closing(cutOff.lock("c-cut", "cut-off", Duration.ZERO));
        proxy.faults(java.util.EnumSet.of(AwsFaultProxy.Fault.HTTP_503));
        proxy.faultFilter(r -> "PUT".equals(r.method()) && r.path().endsWith("/.locks/c-cut"));
        proxy.faultRate(1.0);
        S3StateLock taken = closing(store().lock("c-cut", "healthy", Duration.ofSeconds(10)));
        assertThat(taken.held()).isTrue();
        assertThat(proxy.stats().injectedTotal()).as("renewals failed").isPositive();
        assertThat(lapsing.held()).as("a lease that ran out without renewal is not held").isFalse();
        assertThatThrownBy(lapsing::checkHeld).isInstanceOfSatisfying(StateLockLostException.class, e -> {
            // the holder counts its lease as ended a margin before the others do: usually before the takeover
            assertThat(e.owner()).isIn("unknown", "healthy");
            assertThat(e.lostOwner()).isEqualTo("cut-off");
            assertThat(e.getMessage()).contains("c-cut").contains("lease ran out").contains("re-run");
        });
        lapsing.close(); // must not delete the new holder's object
        assertThat(lockObject("c-cut")).contains("\"owner\":\"healthy\"");
    }

    @Test
    void checkHeldReadsTheLockObjectBackAndStopsAHolderWhoseObjectWasReplaced() throws Exception {
        // renewals are 20 s apart: only the read-back of checkHeld can notice the takeover in time
        S3StateLock mine = closing(store().lock("c-fence", "alice", Duration.ZERO));
        mine.checkHeld();
        assertThat(mine.held()).isTrue();
        s3.deleteObject(b -> b.bucket(BUCKET).key("ds-ec2/.locks/c-fence")); // e.g. removed by hand
        S3StateLock bobs = closing(store().lock("c-fence", "bob", Duration.ZERO));
        Thread.sleep(1100); // past the read-back interval
        assertThatThrownBy(mine::checkHeld).isInstanceOfSatisfying(StateLockLostException.class, e -> {
            assertThat(e.owner()).isEqualTo("bob");
            assertThat(e.since()).isEqualTo(bobs.since());
            assertThat(e.getMessage()).contains("replaced");
        });
        assertThat(mine.held()).isFalse();
        assertThatThrownBy(mine::checkHeld).as("lost for good").isInstanceOf(StateLockLostException.class);
        mine.close();
        assertThat(lockObject("c-fence")).contains("\"owner\":\"bob\"");
        bobs.checkHeld();
    }

    @Test
    void twoContendersRacingForAFreeLockExactlyOneWins() throws Exception {
        S3StateStore a = store();
        S3StateStore b = store();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                String cluster = "c-race-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Optional<S3StateLock>> fa = pool.submit(() -> race(start, a, cluster, "a"));
                Future<Optional<S3StateLock>> fb = pool.submit(() -> race(start, b, cluster, "b"));
                Optional<S3StateLock> ra = fa.get(20, TimeUnit.SECONDS);
                Optional<S3StateLock> rb = fb.get(20, TimeUnit.SECONDS);
                ra.ifPresent(this::closing);
                rb.ifPresent(this::closing);
                assertThat(ra.isPresent() ^ rb.isPresent()).as("round %d: exactly one winner (a=%s, b=%s)", round,
                        ra.isPresent(), rb.isPresent()).isTrue();
                String winner = ra.isPresent() ? "a" : "b";
                assertThat(lockObject(cluster)).contains("\"owner\":\"" + winner + "\"");
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Optional<S3StateLock> race(CyclicBarrier start, S3StateStore store, String cluster, String owner)
            throws Exception {
        start.await(10, TimeUnit.SECONDS);
        try {
            return Optional.of(store.lock(cluster, owner, Duration.ZERO));
        } catch (StateLockedException e) {
            return Optional.empty();
        }
    }

    @Test
    void locksOfDifferentClustersAreIndependent() {
        S3StateStore store = store();
        S3StateLock one = closing(store.lock("c-ind-1", "alice", Duration.ZERO));
        S3StateStore sharedClient = S3StateStore.builder().bucket(BUCKET).s3Client(s3).build();
        S3StateLock two = closing(sharedClient.lock("c-ind-2", "bob", Duration.ZERO));
        sharedClient.close(); // leaves the caller's client open: used below
        assertThat(one.held()).isTrue();
        assertThat(two.held()).isTrue();
        one.close();
        assertThat(two.held()).isTrue();
        assertThatThrownBy(() -> store.lock("c-ind-2", "carol", Duration.ZERO))
                .isInstanceOfSatisfying(StateLockedException.class, e -> assertThat(e.owner()).isEqualTo("bob"));
        // the lock object never shows up as state of a cluster, not even of one named like the lock folder
        store.write("locks", "c-ind-1", utf8("x"));
        assertThat(store.list("c-ind-2", "")).isEmpty();
        assertThat(store.list("locks", "")).containsExactly("c-ind-1");
    }

    @Test
    void builderRejectsInvalidSettings() {
        assertThatThrownBy(() -> S3StateStore.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3StateStore.builder().prefix("no-slash")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3StateStore.builder().prefix("/abs/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3StateStore.builder().pageSize(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3StateStore.builder().leaseDuration(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3StateStore.builder().bucket(BUCKET).leaseDuration(Duration.ofSeconds(10))
                .renewInterval(Duration.ofSeconds(10)).build()).isInstanceOf(IllegalStateException.class);
        S3StateStore defaults = S3StateStore.builder().bucket(BUCKET).s3Client(s3).build();
        assertThat(defaults.prefix()).isEqualTo("ds-ec2/");
        assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.renewInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.toString()).isEqualTo("S3StateStore{s3://team-state/ds-ec2/, lease=PT1M, renew=PT20S}");
        assertThatThrownBy(() -> defaults.lock("c1", "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresNameBucketAndKeyNeverCredentials() throws Exception {
        S3StateStore store = store(b -> b.bucket("no-such-bucket-here"));
        assertThat(store.toString()).contains("no-such-bucket-here").doesNotContain(SECRET)
                .doesNotContain("AKIAS3STATEIT");
        assertThatThrownBy(() -> store.read("c1", "a/b"))
                .isInstanceOfSatisfying(DsEc2Exception.class, e -> {
                    assertThat(e.getMessage()).contains("s3://no-such-bucket-here/ds-ec2/c1/a/b")
                            .contains("NoSuchBucket").doesNotContain(SECRET);
                    assertThat(e.retryable()).isFalse();
                });
        assertThatThrownBy(() -> store.lock("c1", "alice", Duration.ZERO))
                .isInstanceOfSatisfying(DsEc2Exception.class, e -> assertThat(e.getMessage())
                        .contains("no-such-bucket-here").doesNotContain(SECRET));

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        S3StateStore unreachable = S3StateStore.builder().bucket(BUCKET).prefix("")
                .clientSettings(settings().copy(b -> b.endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                        .retry(RetrySettings.none()).apiCallTimeout(Duration.ofSeconds(5))))
                .build();
        toClose.add(unreachable);
        assertThatThrownBy(() -> unreachable.write("c1", "k", utf8("v")))
                .isInstanceOfSatisfying(DsEc2Exception.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("s3://" + BUCKET + "/c1/k").doesNotContain(SECRET);
                });

        S3StateLock lock = closing(store().lock("c-creds", "alice", Duration.ZERO));
        assertThat(lock.toString()).contains("c-creds").doesNotContain(SECRET);
    }

    private static void writeLockObject(String cluster, String owner, Instant since, Instant expiresAt) {
        String json = "{\"owner\":\"" + owner.replace("\"", "\\\"") + "\",\"since\":\"" + since
                + "\",\"expiresAt\":\"" + expiresAt + "\",\"token\":\"0123456789abcdef\"}";
        s3.putObject(b -> b.bucket(BUCKET).key("ds-ec2/.locks/" + cluster), RequestBody.fromString(json));
    }

    private static String lockObject(String cluster) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ds-ec2/.locks/" + cluster)).asUtf8String();
    }
}
