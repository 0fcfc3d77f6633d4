package dev.txnharness.properties.target;

import java.time.Duration;

/** A real redis-server the harness started ({@link RedisServerLauncher}) and stops on close. */
public final class LaunchedRedisTarget extends SocketTarget {
    private final RedisServerLauncher.Server server;

    public LaunchedRedisTarget(String name, RedisServerLauncher.Server server, Duration timeout) {
        super(name, "127.0.0.1", server.port(), timeout);
        this.server = server;
    }

    /** Launches redis-server 7.0 (PATH or the embedded binary). */
    public static LaunchedRedisTarget redis70() {
        return new LaunchedRedisTarget("redis", RedisServerLauncher.start(), Duration.ofSeconds(10));
    }

    /** Launches the Redis 6.2 binary that com.github.codemonstur:embedded-redis ships. */
    public static LaunchedRedisTarget redis62() {
        return new LaunchedRedisTarget("redis-6.2", RedisServerLauncher.redis62(), Duration.ofSeconds(10));
    }

    public RedisServerLauncher.Server server() {
        return server;
    }

    @Override
    public String version() {
        return "redis-server " + server.version() + " (" + server.binary().source() + ": " + server.binary().path()
                + ") at 127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
