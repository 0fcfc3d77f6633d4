package dev.txnharness.stress.races;

import static dev.txnharness.stress.StressEngine.must;

import dev.txnharness.engine.Client;
import dev.txnharness.stress.Replies;
import dev.txnharness.stress.StressEngine;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
    How to run this test:
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Disconnect_01_CloseRacesExec
 */

/**
 * A connection is dropped while its EXEC is on the way: the session has MULTI, SET a 1, SET b 1
 * queued; one thread sends EXEC on it while another closes it. A client is used by one thread at a
 * time, but {@link Client#close} from another thread is a disconnect and must be safe.
 *
 * <p>What Redis guarantees (SEMANTICS 12, 13): a client that disconnects in MULTI has nothing
 * executed, and an EXEC that runs runs whole. So either the EXEC ran entirely (its caller got the
 * reply array, a = b = 1) or nothing did (the caller was told the connection is closed — the
 * engine throws IllegalStateException — and a, b stay missing). Half a transaction, or writes
 * that landed although the caller was told the connection was gone, is FORBIDDEN.
 *
 * <p>Results: r1 = 1 if EXEC answered its array, 0 if the call failed as closed, r2 = a, r3 = b
 * (read by the arbiter on another connection; 0 for missing).
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT   SAMPLES  EXPECT
 *   0, 0, 0      195  ACCEPTABLE
 *   1, 1, 1       31  ACCEPTABLE
 * </pre>
 * No engine fault breaks this promise (EXEC_NOT_ISOLATED lets the close in mid-EXEC, but the
 * queue still runs whole); it guards the disconnect path.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "EXEC ran first, whole; the close came after.")
@Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "The close came first: the queued transaction was dropped.")
@Outcome(id = {"1, 1, 0", "1, 0, 1", "0, 1, 0", "0, 0, 1"}, expect = Expect.FORBIDDEN,
        desc = "Half a transaction: one SET applied without the other.")
@Outcome(id = "0, 1, 1", expect = Expect.FORBIDDEN,
        desc = "The caller was told the connection was closed, yet the transaction ran.")
@Outcome(id = "1, 0, 0", expect = Expect.FORBIDDEN, desc = "EXEC answered its array, yet nothing was written.")
@Outcome(expect = Expect.FORBIDDEN, desc = "EXEC answered something else (an error, the null array).")
@State
public class Disconnect_01_CloseRacesExec {
    final StressEngine s = new StressEngine();
    final Client session = s.connect();
    final Client observer = s.connect();

    public Disconnect_01_CloseRacesExec() {
        must(session, "MULTI");
        must(session, "SET", "a", "1");
        must(session, "SET", "b", "1");
    }

    @Actor
    public void exec(III_Result r) {
        try {
            r.r1 = Replies.committed(session.call("EXEC"));
        } catch (IllegalStateException closed) {
            r.r1 = 0;
        }
    }

    @Actor
    public void disconnect() {
        session.close();
    }

    @Arbiter
    public void written(III_Result r) {
        r.r2 = Replies.number(observer.call("GET", "a"));
        r.r3 = Replies.number(observer.call("GET", "b"));
    }
}
