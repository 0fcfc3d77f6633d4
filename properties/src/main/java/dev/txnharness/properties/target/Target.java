package dev.txnharness.properties.target;

import java.io.IOException;

/**
 * Something that speaks Redis: the reference engine in-process, the engine over its RESP server,
 * a real redis-server, or any server at {@code redis://host:port}. Every suite runs unchanged on
 * every target; {@link Targets#fromSystemProperty()} picks one from {@code -Dharness.target}.
 */
public interface Target extends AutoCloseable {

    /** A short name: engine, resp, redis, redis://host:port, ... */
    String name();

    /** What answers, with its version (e.g. "redis-server 7.0.15"). */
    String version();

    /** The {@code major.minor} of the Redis semantics the target follows ("7.0", "6.2"). */
    String redisVersion();

    /**
     * The database a new connection starts in: 0, unless a {@code redis://host:port/db} URL names
     * another (every connection then SELECTs it).
     */
    default int db() {
        return 0;
    }

    /** Opens a new client connection. */
    Connection connect() throws IOException;

    /**
     * Whether {@link #advanceClock} moves the target's clock; false for real servers, where the
     * same step must wait real time.
     */
    default boolean controlsClock() {
        return false;
    }

    /** Moves the target's clock forward and runs its periodic expiry (engine targets only). */
    default void advanceClock(long millis) {
        throw new UnsupportedOperationException(name() + " has no clock the harness controls");
    }

    /** Stops what the target started (servers, engines). */
    @Override
    void close();
}
