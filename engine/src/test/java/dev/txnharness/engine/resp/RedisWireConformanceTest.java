package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link WireCases} on a real redis-server: the oracle that the table, and so the engine, is right.
 * The server is -Dredis.server, redis-server on PATH, or embedded-redis's; with none, it fails.
 */
class RedisWireConformanceTest extends WireConformanceSuite {
    private static RealRedis redis;

    @BeforeAll
    static void start() throws IOException {
        Path binary = RealRedis.find();
        assertNotNull(binary, "no redis-server found: not on PATH, no -Dredis.server, and no embedded-redis "
                + "binary for this platform; install redis-server or set -Dredis.server=PATH");
        redis = RealRedis.start(binary);
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
    }

    @Override
    int port() {
        return redis.port();
    }
}
