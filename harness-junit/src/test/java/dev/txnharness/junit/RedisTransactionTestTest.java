package dev.txnharness.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension: a target from -Dharness.target, the report beside surefire's, one test per scenario. */
class RedisTransactionTestTest {

    /** Run only through the test kit below (the name does not end in Test: surefire skips it). */
    @RedisTransactionTest(target = "launch", suites = Suite.SCENARIOS)
    static class ScenariosOnATarget {
        @TestFactory
        Stream<DynamicNode> transactions(TransactionCheck check) {
            return check.dynamicTests();
        }
    }

    @Test
    void eachScenarioIsATestAndTheSystemPropertyPicksTheTarget() {
        String before = System.getProperty(TransactionCheckExtension.TARGET_PROPERTY);
        System.setProperty(TransactionCheckExtension.TARGET_PROPERTY, "engine");
        Events tests, containers;
        try {
            var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ScenariosOnATarget.class)).execute();
            tests = results.testEvents();
            containers = results.containerEvents();
        } finally {
            if (before == null) System.clearProperty(TransactionCheckExtension.TARGET_PROPERTY);
            else System.setProperty(TransactionCheckExtension.TARGET_PROPERTY, before);
        }
        assertEquals(0, tests.failed().count(), () -> tests.failed().list().toString());
        assertTrue(tests.succeeded().count() > 200, "one test per scenario and the verdict: " + tests.succeeded().count());
        assertTrue(tests.succeeded().list().stream().anyMatch(e -> e.getTestDescriptor().getDisplayName()
                .equals("EXEC fail on WATCHed key modified by another client")));
        // -Dharness.target=engine won over the annotation's launch
        assertTrue(containers.list().stream().anyMatch(e -> e.getTestDescriptor().getDisplayName().equals("scenarios on engine")),
                containers.list()::toString);
        Path report = TransactionCheck.defaultRoot().resolve(ScenariosOnATarget.class.getName() + ".transactions");
        assertTrue(Files.isRegularFile(report.resolve("index.html")) && Files.isRegularFile(report.resolve("junit.xml")), report::toString);
    }
}
