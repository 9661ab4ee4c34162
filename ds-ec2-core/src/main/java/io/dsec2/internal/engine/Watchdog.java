package io.dsec2.internal.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces per-attempt timeouts: interrupts the attempt's thread when its time is up. The interrupt is
 * delivered under a lock together with the "fired" flag, so an attempt that ends at the same moment never
 * leaks a stray interrupt into the next task on its pooled thread. Thread-safe.
 */
final class Watchdog {
    private final ScheduledExecutorService scheduler;

    Watchdog(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param timeout how long the calling thread's attempt may run
     * @return a guard to {@link Guard#disarm()} when the attempt ends
     */
    Guard arm(Duration timeout) {
        Guard guard = new Guard(Thread.currentThread());
        guard.future = scheduler.schedule(guard::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return guard;
    }

    /** One armed timeout. */
    static final class Guard {
        private final Thread thread;
        private ScheduledFuture<?> future;
        private boolean done;
        private boolean fired;

        private Guard(Thread thread) {
            this.thread = thread;
        }

        private synchronized void fire() {
            if (!done) {
                fired = true;
                thread.interrupt();
            }
        }

        /** @return whether the timeout fired */
        synchronized boolean fired() {
            return fired;
        }

        /**
         * Ends the attempt: cancels the timer and clears the interrupt it caused, if any. Call on the
         * attempt's thread.
         *
         * @return whether the timeout fired
         */
        boolean disarm() {
            boolean timedOut;
            synchronized (this) {
                done = true;
                timedOut = fired;
            }
            future.cancel(false);
            if (timedOut) {
                Thread.interrupted();
            }
            return timedOut;
        }
    }
}
