package dev.txnharness.properties.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.scenario.ScenarioParser;
import dev.txnharness.properties.scenario.ScenarioRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jedis's raw command path shows what its Transaction hides: QUEUED, each command's error inside
 * EXEC, and the nil of an aborted EXEC. Jedis cannot tell a simple string from a bulk one, or the
 * two nulls apart, so its replies are compared modulo that ({@link ScenarioRunner}'s lossy mode).
 */
class JedisTargetTest {

    private static Reply bulk(String s) {
        return new Reply.Bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queuedErrorsAndNilExecAreVisibleThroughJedis() throws Exception {
        try (LaunchedRedisTarget redis = LaunchedRedisTarget.redis70()) {
            JedisTarget t = new JedisTarget("127.0.0.1", redis.server().port(), 5000);
            try (Connection a = t.connect(); Connection b = t.connect()) {
                // Jedis hands back bytes for +OK and $2 OK alike; the command says which Redis sends
                assertEquals(Reply.OK, a.call("SET", "k", "x"));
                assertEquals(Reply.OK, a.call("MULTI"));
                assertEquals(Reply.QUEUED, a.call("INCR", "k"));
                assertEquals(Reply.QUEUED, a.call("SET", "k", "y"));
                assertEquals(Reply.QUEUED, a.call("GET", "k"));
                Reply exec = a.call("EXEC");
                assertEquals(Reply.Array.of(new Reply.Err("ERR value is not an integer or out of range"), Reply.OK, bulk("y")), exec);
                assertEquals(bulk("y"), a.call("GET", "k"), "a value is a bulk string");
                assertEquals(bulk("OK"), a.call("ECHO", "OK"), "even when it reads OK");
                assertEquals(Reply.OK, a.call("WATCH", "k"));
                b.call("SET", "k", "z");
                a.call("MULTI");
                a.call("GET", "k");
                assertEquals(Reply.NullArray.INSTANCE, a.call("EXEC"), "an aborted EXEC is the null array Redis sends");
                assertEquals(Reply.NullBulk.INSTANCE, a.call("GET", "nokey"));
                assertEquals(Reply.NullArray.INSTANCE, a.call("RPOP", "nokey", "2"), "a pop with a count answers a null array");
                assertEquals(Reply.NullBulk.INSTANCE, a.call("RPOP", "nokey"), "a pop without one, a null bulk");
                Reply unknown = a.call("NOSUCHCOMMAND");
                assertTrue(unknown instanceof Reply.Err e && e.message().startsWith("ERR unknown command"), unknown.toString());
            }
        }
    }

    @Test
    void respThreeMapsAndSetsThroughJedisAreRepliesNotJavaObjects() throws Exception {
        try (LaunchedRedisTarget redis = LaunchedRedisTarget.redis70()) {
            JedisTarget t = new JedisTarget("127.0.0.1", redis.server().port(), 5000);
            try (Connection a = t.connect()) {
                a.call("HELLO", "3");
                a.call("HSET", "h", "f", "v");
                Reply map = a.call("HGETALL", "h");
                assertEquals(new Reply.MapReply(List.of(bulk("f"), bulk("v"))), map, "not a list of [B@… = [B@…");
            }
            ScenarioRunner.Result r = new ScenarioRunner(true).run(ScenarioParser.builtIn().stream()
                    .filter(sc -> sc.name().equals("resp3-exec-map-and-set")).findFirst().orElseThrow(), t);
            assertTrue(r.passed(), r.describeFailures());
        }
    }

    @Test
    void theRespTwoScenariosPassThroughJedisModuloItsLosses() {
        List<String> failures = new ArrayList<>();
        int run = 0;
        try (LaunchedRedisTarget redis = LaunchedRedisTarget.redis70()) {
            JedisTarget t = new JedisTarget("127.0.0.1", redis.server().port(), 5000);
            assertEquals("7.0", t.redisVersion(), t.version());
            ScenarioRunner lossy = new ScenarioRunner(true);
            for (Scenario sc : ScenarioParser.builtIn()) {
                if (sc.name().contains("resp3") || sc.name().contains("hello")) continue; // Jedis's RESP2 parser
                run++;
                ScenarioRunner.Result r = lossy.run(sc, t);
                if (!r.passed()) failures.add(r.describeFailures());
            }
        }
        assertTrue(run > 150, "only " + run + " scenarios ran");
        assertEquals(List.of(), failures);
    }
}
