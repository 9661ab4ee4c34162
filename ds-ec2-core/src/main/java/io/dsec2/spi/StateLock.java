package io.dsec2.spi;

import io.dsec2.exception.StateLockLostException;
import java.time.Instant;

/**
 * A held cluster lock from {@link StateStore#lock}. Close it to release; closing twice is harmless.
 *
 * <p><b>Fencing.</b> A lock can be lost while it is held: a lease lock whose lease ran out without renewal may be
 * taken over by another operator. The engine calls {@link #checkHeld()} before every task it starts (every step that
 * may change the cluster or its state), and stops the operation when it throws. Locks that cannot be lost while their
 * process lives may keep the default methods.
 *
 * <pre>{@code
 * try (StateLock lock = store.lock("prod", "alice@laptop", Duration.ZERO)) {
 *     for (Step step : steps) {
 *         lock.checkHeld(); // throws StateLockLostException once another operator may hold the cluster
 *         step.run();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface StateLock extends AutoCloseable {

    /** @return the locked cluster */
    String clusterId();

    /** @return the owner description given when the lock was taken */
    String owner();

    /** @return when the lock was taken */
    Instant since();

    /**
     * Whether this process still holds the lock, as far as it knows without asking the store: false after
     * {@link #close()}, and false for good once the lock was found lost. Cheap and non-blocking (no I/O).
     *
     * @return true while the lock is held; the default is always true
     */
    default boolean held() {
        return true;
    }

    /**
     * Verifies that the lock is still held before a step that changes the cluster. An implementation may ask its
     * store (the S3 lease lock reads the lock object back, at most about once a second); a store failure that leaves
     * the lease valid is not a loss. Once this throws, it throws on every later call.
     *
     * <p>The default throws when {@link #held()} is false, without naming a new holder.
     *
     * @throws StateLockLostException if the lock is no longer held, naming the new holder when known
     */
    default void checkHeld() {
        if (!held()) {
            throw new StateLockLostException(clusterId(), owner(), "the lock is no longer held", "unknown",
                    Instant.EPOCH);
        }
    }

    /** Releases the lock. Never throws; a failure to release is logged. */
    @Override
    void close();
}
