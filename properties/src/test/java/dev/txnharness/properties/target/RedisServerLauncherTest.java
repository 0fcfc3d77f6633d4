package dev.txnharness.properties.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The launcher starts a real redis-server from each of its sources, and says what to do when it
 * cannot. The embedded binary is what a fresh machine (no redis-server installed) uses.
 */
class RedisServerLauncherTest {

    @Test
    void theEmbeddedBinaryStartsAndAnswers() throws IOException {
        RedisServerLauncher.Binary bin = RedisServerLauncher.embeddedBinary();
        assertEquals("org.signal:embedded-redis", bin.source());
        try (RedisServerLauncher.Server s = RedisServerLauncher.start(bin);
             LaunchedRedisTarget t = new LaunchedRedisTarget("redis", s, java.time.Duration.ofSeconds(5));
             Connection c = t.connect()) {
            assertEquals("7.0.15", s.version());
            assertEquals("7.0", t.redisVersion());
            assertEquals(Reply.PONG, c.call("PING"));
            assertEquals(Reply.NullArray.INSTANCE, watchAbort(t, c));
        }
    }

    @Test
    void theRedis62BinaryStarts() throws IOException {
        try (LaunchedRedisTarget t = LaunchedRedisTarget.redis62(); Connection c = t.connect()) {
            assertTrue(t.server().version().startsWith("6.2."), t.server().version());
            assertEquals(Reply.PONG, c.call("PING"));
        }
    }

    @Test
    void stopDeletesTheDirectoryAndKillEndsTheProcess() {
        RedisServerLauncher.Server s = RedisServerLauncher.start();
        assertTrue(s.isAlive());
        s.kill();
        assertFalse(s.isAlive());
        s.close();
        assertFalse(Files.exists(s.dir()));
    }

    @Test
    void aBadExplicitBinaryFailsWithWhatToDo() {
        String old = System.getProperty("redis.server");
        System.setProperty("redis.server", "/nonexistent/redis-server");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, RedisServerLauncher::findBinary);
            assertTrue(e.getMessage().contains("-Dredis.server=/nonexistent/redis-server"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("redis.server");
            else System.setProperty("redis.server", old);
        }
    }

    /** WATCH k; another client writes k; MULTI; EXEC must be the null array. */
    private static Reply watchAbort(Target t, Connection a) throws IOException {
        try (Connection b = t.connect()) {
            a.call("WATCH", "k");
            b.call("SET", "k", "1");
            a.call("MULTI");
            a.call("INCR", "k");
            return a.call("EXEC");
        }
    }
}
