package dev.txnharness.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.scenario.ScenarioParser;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.RunSummary;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 13: in {@code diff}, the reference (--against) is "expected" and the checked target is "got". */
class DiffDirectionTest {

    @Test
    void theReferenceIsExpectedAndTheTargetIsGot() throws Exception {
        var sc = ScenarioParser.parse("aborted", """
                # EXEC fail on WATCHed key modified by another client
                A: WATCH x     -> +OK
                B: SET x 1     -> +OK
                A: MULTI       -> +OK
                A: GET x       -> +QUEUED
                A: EXEC        -> *-1
                """);
        try (Target checked = TargetSpec.open("engine", Set.of(Fault.NIL_EXEC_AS_BULK), new TargetOptions());
                Target reference = TargetSpec.open("engine", Set.of(), new TargetOptions())) {
            RunSummary.ScenarioOutcome o = Scenarios.diff(sc, checked, reference, "aborted.scn");
            assertTrue(o.failed(), o.toString());
            RunSummary.StepDiff d = o.failures().get(0);
            assertEquals("*-1", d.expected(), "the reference's reply");
            assertEquals("$-1", d.got(), "the checked target's reply");
            assertEquals("EXEC", d.command());
            assertEquals("aborted.scn", o.file());
        }
    }
}
