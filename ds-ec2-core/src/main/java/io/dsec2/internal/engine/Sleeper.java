package io.dsec2.internal.engine;

import java.time.Duration;

/**
 * Waits between retries. Injected so tests can record the waits instead of sleeping. Implementations must
 * be thread-safe and must honour interruption.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    /**
     * @param duration how long to wait
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
