package io.dsec2.internal.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code ds-ec2-<cluster>-N}. Thread-safe. */
final class EngineThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    EngineThreads(String clusterId) {
        this.prefix = "ds-ec2-" + clusterId + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
