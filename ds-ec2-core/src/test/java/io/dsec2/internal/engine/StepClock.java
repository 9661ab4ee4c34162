package io.dsec2.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves forward by a fixed step each time it is read. */
final class StepClock extends Clock {
    private final Duration step;
    private Instant now = Instant.parse("2024-05-01T10:00:00Z");

    StepClock(Duration step) {
        this.step = step;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(step);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
