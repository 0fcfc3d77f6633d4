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
                assertEquals(bulk("OK"), a.call("SET", "k", "x"));
                assertEquals(bulk("OK"), a.call("MULTI"));
                assertEquals(bulk("QUEUED"), a.call("INCR", "k"));
                assertEquals(bulk("QUEUED"), a.call("SET", "k", "y"));
                Reply exec = a.call("EXEC");
                assertEquals(Reply.Array.of(new Reply.Err("ERR value is not an integer or out of range"), bulk("OK")), exec);
                assertEquals(bulk("OK"), a.call("WATCH", "k"));
                b.call("SET", "k", "z");
                a.call("MULTI");
                a.call("GET", "k");
                assertEquals(Reply.NullBulk.INSTANCE, a.call("EXEC"), "an aborted EXEC reads as null through Jedis");
                Reply unknown = a.call("NOSUCHCOMMAND");
                assertTrue(unknown instanceof Reply.Err e && e.message().startsWith("ERR unknown command"), unknown.toString());
            }
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
