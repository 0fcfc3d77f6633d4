package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** A real client library, Jedis, talks to the engine's server as it talks to Redis. */
class JedisCompatibilityTest {
    private static EngineServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EngineServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Jedis jedis() {
        return new Jedis("127.0.0.1", server.port());
    }

    @Test
    void setAndGet() {
        try (Jedis j = jedis()) {
            assertEquals("PONG", j.ping());
            assertEquals("OK", j.set("jedis:k", "v"));
            assertEquals("v", j.get("jedis:k"));
            assertNull(j.get("jedis:missing"));
            assertEquals(3L, j.incrBy("jedis:n", 3));
        }
    }

    @Test
    void multiExecThroughATransaction() {
        try (Jedis j = jedis()) {
            Transaction t = j.multi();
            Response<String> set = t.set("jedis:t", "1");
            Response<Long> incr = t.incr("jedis:t");
            List<Object> results = t.exec();
            assertEquals(2, results.size());
            assertEquals("OK", set.get());
            assertEquals(2L, incr.get());
        }
    }

    @Test
    void watchedKeyModifiedAbortsExec() {
        try (Jedis j = jedis(); Jedis other = jedis()) {
            j.watch("jedis:w");
            other.set("jedis:w", "changed");
            Transaction t = j.multi();
            t.set("jedis:w", "mine");
            assertNull(t.exec(), "EXEC answers the null array; Jedis gives null");
            assertEquals("changed", other.get("jedis:w"));
        }
    }

    @Test
    void rawCommandsAndErrors() {
        try (Jedis j = jedis()) {
            assertEquals("OK", new String((byte[]) j.sendCommand(Protocol.Command.MULTI)));
            assertEquals("QUEUED", new String((byte[]) j.sendCommand(Protocol.Command.SET, "jedis:r", "x")));
            List<?> exec = (List<?>) j.sendCommand(Protocol.Command.EXEC);
            assertEquals("OK", new String((byte[]) exec.get(0)));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.sendCommand(Protocol.Command.EXEC));
            assertEquals("ERR EXEC without MULTI", e.getMessage());
        }
    }

    @Test
    void pipelined() {
        try (Jedis j = jedis()) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 100; i++) p.rpush("jedis:list", Integer.toString(i));
            Response<Long> len = p.llen("jedis:list");
            p.sync();
            assertEquals(100L, len.get());
        }
    }

    @Test
    void resp3() {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            assertEquals("OK", j.set("jedis:3", "v"));
            assertEquals("v", j.get("jedis:3"));
            assertNull(j.get("jedis:missing3"));
        }
    }
}
