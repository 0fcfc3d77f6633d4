package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link WireCases} on a real redis-server: the oracle that the table, and so the engine, is right.
 * Skipped when no redis-server is found (set -Dredis.server=PATH or put redis-server on PATH).
 */
class RedisWireConformanceTest extends WireConformanceSuite {
    private static RealRedis redis;

    @BeforeAll
    static void start() throws IOException {
        Path binary = RealRedis.find();
        assumeTrue(binary != null, "no redis-server found on PATH; set -Dredis.server=... or install redis-server");
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
