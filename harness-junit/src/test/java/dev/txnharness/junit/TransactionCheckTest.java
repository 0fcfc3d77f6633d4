package dev.txnharness.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on the in-process engine: a pass, a deliberate bug's failure message, the counts. */
class TransactionCheckTest {
    @TempDir Path tmp;

    @Test
    void theReferenceEnginePassesAndTheCountsAreTheReports() throws IOException {
        Result r = TransactionCheck.of(Target.engine()).time(Duration.ofSeconds(1)).seed(7).reportDir(tmp).quiet().run();

        assertEquals(Verdict.PASSED, r.verdict(), r::failureMessage);
        assertTrue(r.passed());
        assertEquals(0, r.exitCode());
        assertEquals(7L, r.seed());
        assertTrue(r.replayCommand().startsWith("./harness check --target engine") && r.replayCommand().endsWith("--seed 7"),
                r.replayCommand());
        r.assertPassed();
        // the counts are summary.json's, read here on their own
        JsonNode counts = new ObjectMapper().readTree(tmp.resolve("summary.json").toFile()).get("counts");
        Counts c = r.counts();
        assertTrue(c.scenarios() > 200, "the built-in scenarios ran: " + c);
        assertEquals(counts.get("scenarios").asInt(), c.scenarios());
        assertEquals(counts.get("histories").asInt(), c.histories());
        assertEquals(counts.get("ops").asLong(), c.ops());
        assertTrue(c.histories() > 0 && c.ops() > 0, "histories ran: " + c);
        assertEquals(0, c.scenariosFailed() + c.historiesViolating() + c.historiesUnknown());
        // one outcome per scenario, then one per history property
        assertEquals(c.scenarios(), r.outcomes().stream().filter(o -> !o.name().startsWith("histories: ")).count());
        assertTrue(r.outcomes().stream().allMatch(Outcome::passed));
        assertTrue(r.violations().isEmpty());
        assertTrue(Files.isRegularFile(r.reportPage()) && Files.isRegularFile(tmp.resolve("junit.xml")));
        assertTrue(r.output().contains("verdict: PASSED"), r.output());
    }

    @Test
    void aFaultFailsTheCheckWithTheRuleTheCounterexampleAndTheReplayCommand() {
        TransactionCheck check = TransactionCheck.of(Target.engine(Fault.WATCH_IGNORED)).suites(Suite.SCENARIOS).seed(3)
                .reportDir(tmp).quiet();

        TransactionCheckFailure f = assertThrows(TransactionCheckFailure.class, check::check);

        Result r = f.result();
        assertEquals(Verdict.VIOLATION, r.verdict());
        assertEquals(1, r.exitCode());
        assertEquals(r.counts().scenariosFailed(), r.violations().size());
        assertTrue(r.counts().scenariosFailed() > 0 && r.counts().scenariosFailed() < r.counts().scenarios(), r.counts()::toString);
        String m = f.getMessage();
        assertTrue(m.startsWith("redis-txn-harness: VIOLATION: the target's replies contradict Redis 7.0"), m);
        // the rule, in Redis's test title, and the checker's words
        assertTrue(m.contains("scenario on engine[WATCH_IGNORED]: \"EXEC fail on WATCHed key modified by another client\""), m);
        assertTrue(m.contains("line 8, A: EXEC: Redis 7.0 answers *-1, the target answered [:2]"), m);
        // the counterexample: the scenario's script with the wrong reply marked
        assertTrue(m.contains("B: SET k 1") && m.contains("A: EXEC           -> *-1    <-- got [:2]"), m);
        assertTrue(m.contains("replay the run: ./harness check --target engine --suite scenarios --fault WATCH_IGNORED --seed 3"), m);
        assertTrue(m.contains("report: " + tmp.resolve("index.html")), m);
    }

    @Test
    void aNonLinearizableHistoryShowsTheExplanationAndTheHistoryAsATable() {
        Result r = TransactionCheck.of(Target.engine(Fault.EXEC_NOT_ISOLATED)).suites(Suite.HISTORIES)
                .time(Duration.ofSeconds(5)).seed(1).reportDir(tmp).quiet().run();

        assertEquals(Verdict.VIOLATION, r.verdict(), r::failureMessage);
        assertEquals(1, r.counts().historiesViolating());
        Violation v = r.violations().get(0);
        assertEquals("history", v.kind());
        assertTrue(v.rule().contains("is not linearizable"), v.rule());
        assertTrue(v.explanation().contains("op that could not be placed"), v.explanation());
        assertTrue(v.counterexample().contains("client 1") && v.counterexample().contains("MULTI"), v.counterexample());
        assertTrue(Files.isRegularFile(v.historyFile()) && Files.isRegularFile(v.replayFile()));
        String m = r.failureMessage();
        assertTrue(m.contains(v.rule()) && m.contains("counterexample") && m.contains("bash " + v.replayFile()), m);
        assertFalse(r.outcomes().stream().filter(o -> o.name().startsWith("histories: ")).allMatch(Outcome::passed));
    }

    @Test
    void anUnreachableServerCouldNotRunAndIsNoViolation() {
        Result r = TransactionCheck.of(Target.redis("redis://127.0.0.1:1")).suites(Suite.SCENARIOS).reportDir(tmp).quiet().run();

        assertEquals(Verdict.COULD_NOT_RUN, r.verdict());
        assertEquals(2, r.exitCode());
        assertTrue(r.violations().isEmpty());
        TransactionCheckFailure f = assertThrows(TransactionCheckFailure.class, r::assertPassed);
        assertTrue(f.getMessage().contains("could not run (not a failure of the target)"), f.getMessage());
        assertTrue(f.getMessage().contains("127.0.0.1:1"), f.getMessage());
    }

    @Test
    void badSettingsCouldNotRunWithTheCliWords() {
        Result r = TransactionCheck.of(Target.engine()).clients(0).reportDir(tmp).quiet().run();

        assertEquals(Verdict.COULD_NOT_RUN, r.verdict());
        assertEquals(2, r.exitCode());
        assertTrue(r.failureMessage().contains("--clients"), r.failureMessage());

        // the extension reuses one folder per test method: a PASSED left there must not stand for a refused check
        assertEquals(Verdict.PASSED, TransactionCheck.of(Target.engine()).suites(Suite.SCENARIOS).reportDir(tmp).quiet().run().verdict());
        Result again = TransactionCheck.of(Target.engine()).clients(0).reportDir(tmp).quiet().run();
        assertEquals(Verdict.COULD_NOT_RUN, again.verdict(), "not the earlier run's summary");
        assertEquals(2, again.exitCode());
    }

    @Test
    void faultsApplyToTheWholeCheck() {
        assertThrows(IllegalArgumentException.class, () -> TransactionCheck.of(Target.engine(Fault.WATCH_IGNORED), Target.launch()));
    }

    @Test
    void aPasswordIsNeverShown() {
        Target t = Target.redis("redis://user:s3cret@127.0.0.1:1");
        assertFalse(t.toString().contains("s3cret"), t.toString());
        Result r = TransactionCheck.of(t).suites(Suite.SCENARIOS).reportDir(tmp).quiet().run();
        assertFalse(r.failureMessage().contains("s3cret"), r.failureMessage());
        assertFalse(r.output().contains("s3cret"), r.output());
    }
}
