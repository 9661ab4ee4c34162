package io.dsec2.spi;

import java.time.Instant;

/**
 * A held cluster lock from {@link StateStore#lock}. Close it to release; closing twice is harmless.
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

    /** Releases the lock. Never throws; a failure to release is logged. */
    @Override
    void close();
}
