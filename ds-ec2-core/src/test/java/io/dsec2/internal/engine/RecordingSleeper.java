package io.dsec2.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records the requested waits and returns at once. */
final class RecordingSleeper implements Sleeper {
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        delays.add(duration);
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
