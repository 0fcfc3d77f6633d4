package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The scenario conformance suite: every built-in scenario on every target named by
 * {@code -Dharness.target} (a comma-separated list; the build sets engine,resp,redis). A launched
 * redis-server is started here; if none can start, the suite fails with the launcher's message.
 */
class ScenarioSuiteTest {
    private static final List<Target> opened = new ArrayList<>();

    static List<String> targetNames() {
        String spec = System.getProperty("harness.target", "engine,resp,redis");
        List<String> out = new ArrayList<>();
        for (String s : spec.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    @TestFactory
    Stream<DynamicNode> everyScenarioOnEveryTarget() {
        List<Scenario> scenarios = ScenarioParser.builtIn();
        assertTrue(scenarios.size() >= 1, "no scenarios found");
        return targetNames().stream().map(name -> {
            Target[] holder = new Target[1];
            Stream<DynamicNode> tests = scenarios.stream().map(sc -> DynamicTest.dynamicTest(
                    sc.name() + " — " + sc.title(), () -> {
                        if (holder[0] == null) {
                            holder[0] = Targets.of(name); // throws with the launcher's reason: no silent skip
                            synchronized (opened) {
                                opened.add(holder[0]);
                            }
                        }
                        ScenarioRunner.Result r = new ScenarioRunner().run(sc, holder[0]);
                        if (!r.passed()) fail(r.describeFailures());
                    }));
            return DynamicContainer.dynamicContainer("target " + name, tests);
        });
    }

    @AfterAll
    static void closeTargets() {
        synchronized (opened) {
            for (Target t : opened) t.close();
            opened.clear();
        }
    }
}
