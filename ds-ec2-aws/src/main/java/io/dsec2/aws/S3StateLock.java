package io.dsec2.aws;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockLostException;
import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateLock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A cluster lock held in S3 by {@link S3StateStore#lock}: a lease that a daemon thread
 * ({@code ds-ec2-s3-lease-<cluster>}) renews every {@link S3StateStore#renewInterval()} until {@link #close()}.
 * Transient renewal failures (network, 5xx) are logged and retried at the next interval.
 *
 * <p><b>Lost.</b> The lock is lost, for good, when
 * <ul>
 *   <li>a renewal or {@link #checkHeld()} finds the lock object changed (another process took the lock over, or
 *       someone deleted it); or</li>
 *   <li>the lease runs out without a successful renewal: this process counts its lease as ended a safety margin of
 *       ({@code lease - renewInterval}) / 2 (20 s by default) before the {@code expiresAt} it last wrote, measured on
 *       the monotonic clock from the moment that renewal was sent, so a clock skew smaller than the margin cannot let
 *       another process take over while this one still counts itself the holder.</li>
 * </ul>
 * Once lost, {@link #held()} is false, {@link #checkHeld()} throws {@link StateLockLostException}, a warning is logged
 * and renewing stops.
 *
 * <p><b>Fencing.</b> {@link #checkHeld()}, which the plan engine calls before every task, checks the local lease and
 * reads the lock object back to compare its token, at most once per second (concurrent callers share one read); a
 * failed read is not a loss while the local lease still runs.
 *
 * <pre>{@code
 * try (S3StateLock lock = store.lock("prod", "alice@laptop pid 42", Duration.ofMinutes(1))) {
 *     lock.checkHeld(); // before each change
 *     store.write("prod", "jobs/create-1.journal", bytes);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing twice is harmless.
 */
public final class S3StateLock implements StateLock {
    private static final Logger LOG = LoggerFactory.getLogger(S3StateLock.class);
    private static final long VERIFY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final S3StateStore store;
    private final String clusterId;
    private final String key;
    private final String owner;
    private final Instant since;
    private final String token;
    private final long marginNanos;
    private final Object io = new Object(); // serialises renewal and release
    private final Object verifying = new Object(); // one read-back at a time; guards verifiedAt
    private volatile String etag;
    private volatile boolean held = true;
    private volatile long validUntil; // System.nanoTime() when this process stops counting the lease as its own
    private volatile Instant renewedAt;
    private volatile StateLockLostException lost; // set once, when the lock is found lost
    private long verifiedAt; // guarded by verifying
    private boolean verifiedOnce; // guarded by verifying
    private boolean closed; // guarded by this
    private Thread renewer;

    private S3StateLock(S3StateStore store, String clusterId, String owner, Instant since, String token, String etag,
                        long sentAt) {
        this.store = store;
        this.clusterId = clusterId;
        this.key = store.lockKey(clusterId);
        this.owner = owner;
        this.since = since;
        this.token = token;
        this.etag = etag;
        this.marginNanos = store.leaseDuration().minus(store.renewInterval()).toNanos() / 2;
        this.validUntil = sentAt + store.leaseDuration().toNanos() - marginNanos;
        this.renewedAt = since;
    }

    static S3StateLock acquire(S3StateStore store, String clusterId, String owner, String token, Duration wait) {
        String key = store.lockKey(clusterId);
        long deadline = System.nanoTime() + wait.toNanos();
        for (int attempt = 0; ; attempt++) {
            long sentAt = System.nanoTime(); // before the write: the lease runs from no later than this
            Instant since = store.clock().instant();
            LockBody seen = null;
            String etag = tryCreate(store, key, new LockBody(owner, since, expiry(store), token));
            if (etag == null) {
                Current current = readCurrent(store, key);
                if (current == null) {
                    etag = null; // released meanwhile: try again at once (below, without sleeping)
                } else if (current.body.token().equals(token)) {
                    etag = current.etag; // our own earlier write, answered 412 on an SDK retry
                } else if (!store.clock().instant().isBefore(current.body.expiresAt())) {
                    LOG.info("Taking over the state lock of cluster '{}' from {}: its lease expired at {}", clusterId,
                            current.body.owner(), current.body.expiresAt());
                    etag = tryReplace(store, key, current.etag, new LockBody(owner, since, expiry(store), token));
                } else {
                    seen = current.body;
                }
                if (current == null && attempt < 1000) {
                    continue;
                }
            }
            if (etag != null) {
                Current check = readCurrent(store, key); // guards against stores that evaluate conditions racily
                if (check != null && check.body.token().equals(token)) {
                    S3StateLock lock = new S3StateLock(store, clusterId, owner, since, token, check.etag, sentAt);
                    lock.startRenewal();
                    LOG.debug("Took the state lock of cluster '{}' (s3://{}/{})", clusterId, store.bucket(), key);
                    return lock;
                }
                seen = check == null ? null : check.body;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw seen == null ? new StateLockedException(clusterId, "unknown", Instant.EPOCH)
                        : new StateLockedException(clusterId, seen.owner(), seen.since());
            }
            sleep(Math.min(S3StateStore.POLL.toMillis(), Math.max(1, left / 1_000_000)), clusterId);
        }
    }

    private static Instant expiry(S3StateStore store) {
        return store.clock().instant().plus(store.leaseDuration());
    }

    /** @return the new ETag, or null if the object exists */
    private static String tryCreate(S3StateStore store, String key, LockBody body) {
        try {
            return store.s3().putObject(b -> b.bucket(store.bucket()).key(key).ifNoneMatch("*")
                    .contentType("application/json"), RequestBody.fromBytes(body.toJson())).eTag();
        } catch (SdkException e) {
            if (S3StateStore.lostCondition(e)) {
                return null;
            }
            throw store.failure("PutObject If-None-Match", key, e);
        }
    }

    /** @return the new ETag, or null if the object is no longer the one with {@code etag} */
    private static String tryReplace(S3StateStore store, String key, String etag, LockBody body) {
        try {
            return store.s3().putObject(b -> b.bucket(store.bucket()).key(key).ifMatch(etag)
                    .contentType("application/json"), RequestBody.fromBytes(body.toJson())).eTag();
        } catch (SdkException e) {
            if (S3StateStore.lostCondition(e)) {
                return null;
            }
            throw store.failure("PutObject If-Match", key, e);
        }
    }

    /** @return the lock object now, or null if there is none */
    private static Current readCurrent(S3StateStore store, String key) {
        try {
            ResponseBytes<GetObjectResponse> r = store.s3().getObjectAsBytes(b -> b.bucket(store.bucket()).key(key));
            return new Current(LockBody.parse(r.asByteArray()), r.response().eTag());
        } catch (SdkException e) {
            if (S3StateStore.status(e) == 404 && !"NoSuchBucket".equals(S3StateStore.code(e))) {
                return null;
            }
            throw store.failure("GetObject", key, e);
        }
    }

    private static void sleep(long millis, String clusterId) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DsEc2Exception("Interrupted while waiting for the state lock of cluster '" + clusterId + "'", e);
        }
    }

    private void startRenewal() {
        Thread t = new Thread(this::renewLoop, "ds-ec2-s3-lease-" + clusterId);
        t.setDaemon(true);
        synchronized (this) {
            renewer = t;
        }
        t.start();
    }

    private void renewLoop() {
        long interval = store.renewInterval().toMillis();
        while (true) {
            synchronized (this) {
                long until = System.currentTimeMillis() + interval;
                for (long left = interval; !closed && left > 0; left = until - System.currentTimeMillis()) {
                    try {
                        wait(left);
                    } catch (InterruptedException e) {
                        closed = true; // nobody but close() interrupts this thread
                    }
                }
                if (closed) {
                    return;
                }
            }
            if (!renew()) {
                return;
            }
        }
    }

    /** @return false once the lock is lost or closed */
    private boolean renew() {
        synchronized (io) {
            synchronized (this) {
                if (closed || !held) {
                    return false;
                }
            }
            if (leaseRanOut()) {
                return false;
            }
            String current = etag;
            long sentAt = System.nanoTime();
            Instant now = store.clock().instant();
            LockBody body = new LockBody(owner, since, now.plus(store.leaseDuration()), token);
            try {
                etag = store.s3().putObject(b -> b.bucket(store.bucket()).key(key).ifMatch(current)
                        .contentType("application/json"), RequestBody.fromBytes(body.toJson())).eTag();
                extend(sentAt, now);
                return true;
            } catch (SdkException e) {
                if (!S3StateStore.lostCondition(e)) {
                    LOG.warn("Could not renew the state lock of cluster '{}' (s3://{}/{}); retrying in {}: {}",
                            clusterId, store.bucket(), key, store.renewInterval(), store.failure("PutObject If-Match",
                                    key, e).getMessage());
                    return true;
                }
            } catch (RuntimeException e) { // e.g. the store's client was closed
                markLost("renewing failed (" + e + "); the lease expires by itself", "unknown", Instant.EPOCH);
                return false;
            }
            // the condition failed: still ours if an SDK retry of a successful write got the 412
            try {
                Current read = readCurrent(store, key);
                if (read != null && read.body.token().equals(token)) {
                    etag = read.etag;
                    extend(sentAt, now);
                    return true;
                }
                markLost(read == null ? "a renewal found its lock object deleted" : "a renewal found its lock object "
                        + "replaced", read == null ? "nobody" : read.body.owner(),
                        read == null ? Instant.EPOCH : read.body.since());
            } catch (DsEc2Exception e) {
                markLost("a renewal lost its condition and the lock object could not be read (" + e.getMessage() + ")",
                        "unknown", Instant.EPOCH);
            }
            return false;
        }
    }

    private void extend(long sentAt, Instant at) {
        validUntil = sentAt + store.leaseDuration().toNanos() - marginNanos;
        renewedAt = at;
    }

    /** @return true, after marking the lock lost, if the local lease has run out */
    private boolean leaseRanOut() {
        if (System.nanoTime() - validUntil < 0) {
            return false;
        }
        String holder = "unknown";
        Instant holderSince = Instant.EPOCH;
        try { // best effort, to name the holder
            Current read = readCurrent(store, key);
            if (read == null) {
                holder = "nobody";
            } else if (!read.body.token().equals(token)) {
                holder = read.body.owner();
                holderSince = read.body.since();
            }
        } catch (DsEc2Exception e) {
            LOG.debug("Could not read the state lock of cluster '{}'", clusterId, e);
        }
        markLost("its lease ran out without a successful renewal since " + renewedAt + " (lease "
                + store.leaseDuration() + ", safety margin " + Duration.ofNanos(marginNanos) + ")", holder, holderSince);
        return true;
    }

    private void markLost(String reason, String holder, Instant holderSince) {
        synchronized (this) {
            if (lost != null || closed) {
                held = false;
                return;
            }
            lost = new StateLockLostException(clusterId, owner, reason, holder, holderSince);
            held = false;
        }
        LOG.warn("Lost the state lock of cluster '{}' (s3://{}/{}): {}; it is now held by {}; the operation holding "
                + "it stops before its next change", clusterId, store.bucket(), key, reason, holder);
    }

    /**
     * Whether this process holds the lock, from what it knows without asking S3: the lock is neither closed nor found
     * lost, and the local lease has not run out (see the class comment). No I/O.
     *
     * @return true while this process holds the lock
     */
    @Override
    public boolean held() {
        return held && System.nanoTime() - validUntil < 0;
    }

    /**
     * Verifies that this process still holds the lock: not closed, not found lost, the local lease not run out, and
     * (read back at most once per second) the lock object still carrying this lock's token. A failed read-back is
     * logged and ignored while the local lease runs.
     *
     * @throws StateLockLostException if the lock is lost, naming the new holder when known; the same exception on
     *     every later call
     * @throws IllegalStateException if the lock was closed
     */
    @Override
    public void checkHeld() {
        StateLockLostException known = lost;
        if (known != null) {
            throw known;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the state lock of cluster '" + clusterId + "' was released");
            }
        }
        if (leaseRanOut()) {
            throw lost;
        }
        synchronized (verifying) {
            if (lost != null) {
                throw lost;
            }
            if (verifiedOnce && System.nanoTime() - verifiedAt < VERIFY_EVERY_NANOS) {
                return;
            }
            Current read;
            try {
                read = readCurrent(store, key);
            } catch (DsEc2Exception e) {
                LOG.debug("Could not read back the state lock of cluster '{}'; its lease still runs", clusterId, e);
                return;
            }
            if (read != null && read.body.token().equals(token)) {
                verifiedAt = System.nanoTime();
                verifiedOnce = true;
                return;
            }
            markLost(read == null ? "its lock object was deleted" : "its lock object was replaced",
                    read == null ? "nobody" : read.body.owner(), read == null ? Instant.EPOCH : read.body.since());
        }
        StateLockLostException now = lost;
        if (now != null) {
            throw now;
        }
        throw new IllegalStateException("the state lock of cluster '" + clusterId + "' was released");
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Instant since() {
        return since;
    }

    /**
     * Stops renewing and deletes the lock object if it is still this lock's ({@code DeleteObject If-Match}). Never
     * throws; a failure is logged (the lease then expires by itself).
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed && renewer == null) {
                return;
            }
            closed = true;
            t = renewer;
            renewer = null;
            notifyAll();
        }
        if (t == null) {
            return; // closed earlier
        }
        boolean interrupted = Thread.interrupted(); // an interrupt would abort the SDK call
        try {
            synchronized (io) {
                boolean wasLost = lost != null;
                held = false;
                String ours = etag; // If-Match: never deletes another holder's object, even when this lock was lost
                try {
                    store.s3().deleteObject(b -> b.bucket(store.bucket()).key(key).ifMatch(ours));
                    LOG.debug("Released the state lock of cluster '{}'", clusterId);
                } catch (SdkException e) {
                    if (S3StateStore.lostCondition(e)) {
                        if (!wasLost) {
                            LOG.warn("The state lock of cluster '{}' was no longer ours when released (s3://{}/{})",
                                    clusterId, store.bucket(), key);
                        }
                    } else {
                        LOG.warn("Could not release the state lock of cluster '{}'; it expires by itself: {}",
                                clusterId, store.failure("DeleteObject If-Match", key, e).getMessage());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "S3StateLock{cluster=" + clusterId + ", owner=" + owner + ", since=" + since + ", object=s3://"
                + store.bucket() + "/" + key + ", held=" + held() + "}";
    }

    private static final class Current {
        final LockBody body;
        final String etag;

        Current(LockBody body, String etag) {
            this.body = body;
            this.etag = etag;
        }
    }
}
