package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.properties.target.LaunchedRedisTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on a second real version: the Redis 6.2 binary that
 * com.github.codemonstur:embedded-redis ships. Steps whose replies differ between 6.2 and 7.0
 * carry a "6.2 -&gt;" line, so every scenario passes on both.
 */
class Redis62ScenarioTest {

    @Test
    void everyScenarioPassesOnRedis62() {
        List<String> failures = new ArrayList<>();
        List<Scenario> scenarios = ScenarioParser.builtIn();
        try (LaunchedRedisTarget t = LaunchedRedisTarget.redis62()) {
            assertEquals("6.2", t.redisVersion(), "the 6.2 binary reports " + t.version());
            ScenarioRunner runner = new ScenarioRunner();
            for (Scenario sc : scenarios) {
                ScenarioRunner.Result r = runner.run(sc, t);
                if (!r.passed()) failures.add(r.describeFailures());
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + scenarios.size() + " scenarios fail on Redis 6.2");
    }
}
