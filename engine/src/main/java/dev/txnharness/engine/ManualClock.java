package dev.txnharness.engine;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: safe to read and advance from any thread. */
public final class ManualClock implements Clock {
    private final AtomicLong now;

    public ManualClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    /** A clock starting at a fixed, realistic instant (2026-01-01T00:00:00Z). */
    public ManualClock() {
        this(1_767_225_600_000L);
    }

    @Override
    public long millis() {
        return now.get();
    }

    /** Moves the clock forward by {@code millis} (which must not be negative). */
    public void advance(long millis) {
        if (millis < 0) throw new IllegalArgumentException("a clock does not go back: " + millis);
        now.addAndGet(millis);
    }

    /** Sets the clock to {@code millis}. */
    public void set(long millis) {
        now.set(millis);
    }
}
