package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.junit.Suite;
import dev.txnharness.junit.Target;
import dev.txnharness.junit.TransactionCheck;
import dev.txnharness.junit.TransactionCheckFailure;
import dev.txnharness.junit.Verdict;
import org.junit.jupiter.api.Test;

/**
 * What a failing check looks like: the engine built with a deliberate bug (WATCH is ignored, so
 * EXEC runs although a watched key changed) fails, and the failure names the rule broken and shows
 * the counterexample. This test passes by asserting that failure.
 */
class DeliberateBugTest {
    @Test
    void anEngineThatIgnoresWatchFailsWithTheRuleAndTheCounterexample() {
        TransactionCheck check = TransactionCheck.of(Target.engine(Fault.WATCH_IGNORED)).suites(Suite.SCENARIOS).seed(1);

        TransactionCheckFailure failure = assertThrows(TransactionCheckFailure.class, check::check);

        String message = failure.getMessage();
        System.out.println("The failure message, as a failing test would show it:\n" + message);
        assertEquals(Verdict.VIOLATION, failure.result().verdict());
        assertEquals(1, failure.result().exitCode());
        // the rule broken, in the words of Redis's own test
        assertTrue(message.contains("\"EXEC fail on WATCHed key modified by another client\""), message);
        // the checker's explanation and the counterexample: the scenario with the wrong reply marked
        assertTrue(message.contains("A: EXEC: Redis 7.0 answers *-1, the target answered [:2]"), message);
        assertTrue(message.contains("A: WATCH k") && message.contains("B: SET k 1") && message.contains("<-- got [:2]"), message);
        // and how to run it again
        assertTrue(message.contains("replay the run: ./harness check --target engine --suite scenarios --fault WATCH_IGNORED --seed 1"),
                message);
    }
}
