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
import org.openjdk.jcstress.infra.results.II_Result;

/*
    How to run this test:
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Discard_01_DiscardUnwatchesAllKeys
 */

/**
 * Redis: "DISCARD should UNWATCH all the keys" and "DISCARD should clear the WATCH dirty flag on
 * the client", with the write racing the DISCARD.
 *
 * <p>Client 1: WATCH k, MULTI, SET x 1, DISCARD, then a fresh MULTI, GET k, EXEC (r1: the value
 * read, -1 if aborted). Client 2: SET k 1, at any moment. Before the DISCARD the write makes the
 * client dirty, and DISCARD clears that; after it nothing is watched any more. Either way the
 * second EXEC must run: an abort is FORBIDDEN. The arbiter checks that the discarded SET x never
 * ran (r2 = x, 0 for missing).
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT  SAMPLES  EXPECT
 *   0, 0        106  ACCEPTABLE
 *   1, 0        136  ACCEPTABLE
 * </pre>
 * With the engine built with {@code DISCARD_KEEPS_WATCHES} it reports (-1, 0): FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The write came after the EXEC; EXEC ran.")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "The write came before the EXEC; EXEC ran (nothing watched).")
@Outcome(id = "-1, 0", expect = Expect.FORBIDDEN,
        desc = "EXEC aborted: the DISCARD left k watched, or left the client dirty.")
@Outcome(id = {"0, 1", "1, 1", "-1, 1"}, expect = Expect.FORBIDDEN, desc = "The discarded SET x ran.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
@State
public class Discard_01_DiscardUnwatchesAllKeys {
    final StressEngine s = new StressEngine();
    final Client client = s.connect();
    final Client writer = s.connect();

    public Discard_01_DiscardUnwatchesAllKeys() {
        must(writer, "SET", "k", "0");
    }

    @Actor
    public void discarder(II_Result r) {
        client.call("WATCH", "k");
        client.call("MULTI");
        client.call("SET", "x", "1");
        client.call("DISCARD");
        client.call("MULTI");
        client.call("GET", "k");
        r.r1 = Replies.exec(client.call("EXEC"), 0);
    }

    @Actor
    public void writer() {
        writer.call("SET", "k", "1");
    }

    @Arbiter
    public void discardedWrite(II_Result r) {
        r.r2 = Replies.number(writer.call("GET", "x"));
    }
}
