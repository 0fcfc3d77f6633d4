package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.target.EngineTarget;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Differential mode finds exactly where a faulty engine parts from a good one. */
class DifferentialTest {

    private static final Scenario WATCH = ScenarioParser.parse("watch", """
            # EXEC fail on WATCHed key modified by another client
            A: SET k 0        -> +OK
            A: WATCH k        -> +OK
            B: SET k 1        -> +OK
            A: MULTI          -> +OK
            A: INCR k         -> +QUEUED
            A: EXEC           -> *-1
            A: GET k          -> "1"
            """);

    @Test
    void twoGoodEnginesAgree() {
        try (EngineTarget a = new EngineTarget(); EngineTarget b = new EngineTarget()) {
            Differential.Report r = Differential.compare(WATCH, a, b);
            assertTrue(r.same(), r.render());
        }
    }

    @Test
    void anEngineThatIgnoresWatchDiffersAtExecAndAfter() {
        try (EngineTarget good = new EngineTarget(); EngineTarget bad = new EngineTarget(Set.of(Fault.WATCH_IGNORED), 1000)) {
            Differential.Report r = Differential.compare(WATCH, good, bad);
            assertFalse(r.same());
            assertEquals(2, r.differences().size(), r.render());
            assertEquals("*-1", r.differences().get(0).a());
            assertEquals("[:2]", r.differences().get(0).b());
            assertTrue(r.render().contains("line 7: A: EXEC"), r.render());
            ScenarioRunner.Result run = new ScenarioRunner().run(WATCH, bad);
            assertFalse(run.passed());
            assertTrue(run.describeFailures().contains("expected: *-1"), run.describeFailures());
        }
    }
}
