package io.dsec2.aws;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateLock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A cluster lock held in S3 by {@link S3StateStore#lock}: a lease that a daemon thread
 * ({@code ds-ec2-s3-lease-<cluster>}) renews every {@link S3StateStore#renewInterval()} until {@link #close()}.
 * If a renewal finds the lock object changed (another process took the lock over after the lease expired, or someone
 * deleted it), the lock is lost: {@link #held()} turns false, a warning is logged and renewing stops. Transient renewal
 * failures (network, 5xx) are logged and retried at the next interval.
 *
 * <p>Thread-safe. Closing twice is harmless.
 */
public final class S3StateLock implements StateLock {
    private static final Logger LOG = LoggerFactory.getLogger(S3StateLock.class);

    private final S3StateStore store;
    private final String clusterId;
    private final String key;
    private final String owner;
    private final Instant since;
    private final String token;
    private final Object io = new Object(); // serialises renewal and release
    private volatile String etag;
    private volatile boolean held = true;
    private boolean closed; // guarded by this
    private Thread renewer;

    private S3StateLock(S3StateStore store, String clusterId, String owner, Instant since, String token, String etag) {
        this.store = store;
        this.clusterId = clusterId;
        this.key = store.lockKey(clusterId);
        this.owner = owner;
        this.since = since;
        this.token = token;
        this.etag = etag;
    }

    static S3StateLock acquire(S3StateStore store, String clusterId, String owner, String token, Duration wait) {
        String key = store.lockKey(clusterId);
        long deadline = System.nanoTime() + wait.toNanos();
        for (int attempt = 0; ; attempt++) {
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
                    S3StateLock lock = new S3StateLock(store, clusterId, owner, since, token, check.etag);
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
                if (closed) {
                    return false;
                }
            }
            String current = etag;
            LockBody body = new LockBody(owner, since, expiry(store), token);
            try {
                etag = store.s3().putObject(b -> b.bucket(store.bucket()).key(key).ifMatch(current)
                        .contentType("application/json"), RequestBody.fromBytes(body.toJson())).eTag();
                return true;
            } catch (SdkException e) {
                if (!S3StateStore.lostCondition(e)) {
                    LOG.warn("Could not renew the state lock of cluster '{}' (s3://{}/{}); retrying in {}: {}",
                            clusterId, store.bucket(), key, store.renewInterval(), store.failure("PutObject If-Match",
                                    key, e).getMessage());
                    return true;
                }
            } catch (RuntimeException e) { // e.g. the store's client was closed
                LOG.warn("Stopped renewing the state lock of cluster '{}' (s3://{}/{}); it expires at the end of its "
                        + "lease: {}", clusterId, store.bucket(), key, e.toString());
                held = false;
                return false;
            }
            // the condition failed: still ours if an SDK retry of a successful write got the 412
            try {
                Current now = readCurrent(store, key);
                if (now != null && now.body.token().equals(token)) {
                    etag = now.etag;
                    return true;
                }
                LOG.warn("Lost the state lock of cluster '{}' (s3://{}/{}): it is now held by {} since {}; the "
                        + "operation holding it should stop", clusterId, store.bucket(), key,
                        now == null ? "nobody" : now.body.owner(), now == null ? "-" : now.body.since());
            } catch (DsEc2Exception e) {
                LOG.warn("Lost the state lock of cluster '{}' (s3://{}/{}): {}", clusterId, store.bucket(), key,
                        e.getMessage());
            }
            held = false;
            return false;
        }
    }

    /**
     * @return true while this process holds the lock: false after {@link #close()} or once a renewal found that the
     *     lease was lost
     */
    public boolean held() {
        return held;
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
                if (!held) {
                    return;
                }
                held = false;
                String ours = etag;
                try {
                    store.s3().deleteObject(b -> b.bucket(store.bucket()).key(key).ifMatch(ours));
                    LOG.debug("Released the state lock of cluster '{}'", clusterId);
                } catch (SdkException e) {
                    if (S3StateStore.lostCondition(e)) {
                        LOG.warn("The state lock of cluster '{}' was no longer ours when released (s3://{}/{})",
                                clusterId, store.bucket(), key);
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
                + store.bucket() + "/" + key + ", held=" + held + "}";
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
