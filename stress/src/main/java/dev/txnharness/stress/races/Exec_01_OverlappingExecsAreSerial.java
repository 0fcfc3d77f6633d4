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
import org.openjdk.jcstress.infra.results.LLLL_Result;

/*
    How to run this test:
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Exec_01_OverlappingExecsAreSerial
 */

/**
 * Two transactions over the same two keys, in opposite orders: A appends "a" to s then to t, B
 * appends "b" to t then to s. EXECs are isolated (SEMANTICS 13), so the result must be one of the
 * two serial orders: A then B (s = t = "ab") or B then A (s = t = "ba"), and each EXEC's replies
 * (the lengths after each APPEND) must agree with that order. Any mix — s = "ab" with t = "ba" —
 * means the two EXECs interleaved: FORBIDDEN.
 *
 * <p>Results: r1 = A's replies, r2 = B's replies (as "lenFirst lenSecond"), r3 = s, r4 = t.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT            SAMPLES  EXPECT
 *   1 1, 2 2, ab, ab      113  ACCEPTABLE
 *   2 2, 1 1, ba, ba       74  ACCEPTABLE
 * </pre>
 * With the engine built with {@code EXEC_NOT_ISOLATED} it reports mixes such as
 * (1 2, 1 2, ab, ba): FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "1 1, 2 2, ab, ab", expect = Expect.ACCEPTABLE, desc = "A's EXEC, then B's.")
@Outcome(id = "2 2, 1 1, ba, ba", expect = Expect.ACCEPTABLE, desc = "B's EXEC, then A's.")
@Outcome(expect = Expect.FORBIDDEN, desc = "No serial order gives this: the two EXECs interleaved.")
@State
public class Exec_01_OverlappingExecsAreSerial {
    final StressEngine s = new StressEngine();
    final Client a = s.connect();
    final Client b = s.connect();

    /** MULTI, APPEND first v, APPEND second v, EXEC: the two lengths, or what came back instead. */
    static String appendBoth(Client c, String first, String second, String v) {
        c.call("MULTI");
        c.call("APPEND", first, v);
        c.call("APPEND", second, v);
        Reply r = c.call("EXEC");
        if (!(r instanceof Reply.Array arr) || arr.items().size() != 2) return "EXEC answered " + r;
        return Replies.number(arr.items().get(0)) + " " + Replies.number(arr.items().get(1));
    }

    @Actor
    public void txnA(LLLL_Result r) {
        r.r1 = appendBoth(a, "s", "t", "a");
    }

    @Actor
    public void txnB(LLLL_Result r) {
        r.r2 = appendBoth(b, "t", "s", "b");
    }

    @Arbiter
    public void finalValues(LLLL_Result r) {
        r.r3 = Replies.text(a.call("GET", "s"));
        r.r4 = Replies.text(a.call("GET", "t"));
    }
}
