package dev.txnharness.stress.races;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.protocol.Reply;
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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Queue_01_QueueErrorCommitsNothing
 */

/**
 * Redis: "EXEC fails if there are errors while queueing commands #1", watched from another
 * thread. Client 1: MULTI, SET a 1, an unknown command (rejected at queue time), SET b 1, EXEC —
 * which must answer EXECABORT and run nothing (SEMANTICS 3, 6). Client 2 reads a and b with one
 * MGET at any moment; the arbiter reads them at the end.
 *
 * <p>Results: r1 = 1 if EXEC answered -EXECABORT, 0 otherwise; r2 = what client 2 saw (a*10 + b);
 * r3 = the same at the end. Anything but (1, 0, 0) — the good half of a rejected transaction
 * becoming visible, to the racing reader or at the end — is FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT   SAMPLES  EXPECT
 *   1, 0, 0      258  ACCEPTABLE
 * </pre>
 * With the engine built with {@code QUEUE_ERROR_DOES_NOT_ABORT} it reports (0, 0, 11) and
 * (0, 11, 11): FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE, desc = "EXECABORT, and nothing of the transaction was ever seen.")
@Outcome(id = {"0, 0, 11", "0, 11, 11"}, expect = Expect.FORBIDDEN,
        desc = "EXEC ran the good commands of a transaction that had a queue-time error.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Part of a rejected transaction became visible, or EXEC answered something else.")
@State
public class Queue_01_QueueErrorCommitsNothing {
    final StressEngine s = new StressEngine();
    final Client client = s.connect();
    final Client reader = s.connect();

    /** a*10 + b as an MGET of a and b sees them (0 for missing). */
    static int ab(Client c) {
        Reply.Array ab = (Reply.Array) c.call("MGET", "a", "b");
        return Replies.number(ab.items().get(0)) * 10 + Replies.number(ab.items().get(1));
    }

    @Actor
    public void badTransaction(III_Result r) {
        client.call("MULTI");
        client.call("SET", "a", "1");
        client.call("NOSUCHCOMMAND", "x");
        client.call("SET", "b", "1");
        Reply exec = client.call("EXEC");
        r.r1 = exec instanceof Reply.Err e && e.code().equals("EXECABORT") ? 1 : 0;
    }

    @Actor
    public void reader(III_Result r) {
        r.r2 = ab(reader);
    }

    @Arbiter
    public void atTheEnd(III_Result r) {
        r.r3 = ab(reader);
    }
}
