package dev.txnharness.engine;

/**
 * The engine's only source of time, in milliseconds since the epoch. Expiry, TTLs and blocking
 * timeouts read it; nothing in the engine sleeps. Tests use {@link ManualClock} so that expiry needs
 * no real waiting.
 */
@FunctionalInterface
public interface Clock {
    /** The current time in milliseconds since the epoch. */
    long millis();

    /** The wall clock. */
    Clock SYSTEM = System::currentTimeMillis;
}
