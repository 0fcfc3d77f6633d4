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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t LostUpdate_01_GetThenSet
 */

/**
 * Two clients each add one to a counter by reading it and writing it back: the classic
 * read-modify-write race, and the reason WATCH exists.
 *
 * <p>{@link NoWatch}: GET then SET. Both clients can read 0 and both write 1: one increment is
 * lost. Redis allows this, so the test marks it ACCEPTABLE_INTERESTING: it shows the race is real
 * on this engine, not that the engine is wrong.
 *
 * <p>{@link WithWatch}: WATCH counter, GET, MULTI, SET, EXEC (the optimistic-locking recipe of the
 * Redis transactions page). An EXEC runs only if nobody wrote the counter since its WATCH, so the
 * final counter equals the number of EXECs that ran: a lost update is FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   NoWatch:
 *     RESULT   SAMPLES  EXPECT
 *     0, 0, 1       13  ACCEPTABLE_INTERESTING
 *     0, 1, 2       48  ACCEPTABLE
 *     1, 0, 2       71  ACCEPTABLE
 *   WithWatch:
 *     RESULT   SAMPLES  EXPECT
 *     0, 1, 1       29  ACCEPTABLE
 *     1, 0, 1       15  ACCEPTABLE
 *     1, 1, 2      155  ACCEPTABLE
 * </pre>
 */
public class LostUpdate_01_GetThenSet {

    @JCStressTest
    @Outcome(id = {"0, 1, 2", "1, 0, 2"}, expect = Expect.ACCEPTABLE,
            desc = "One client read after the other had written: both increments count.")
    @Outcome(id = "0, 0, 1", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "Lost update: both read 0 and both wrote 1. Redis allows it without WATCH.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A value no interleaving of GET/SET can produce.")
    @State
    public static class NoWatch {
        final StressEngine s = new StressEngine();
        final Client c1 = s.connect();
        final Client c2 = s.connect();

        public NoWatch() {
            must(c1, "SET", "counter", "0");
        }

        private static int increment(Client c) {
            int v = Replies.number(c.call("GET", "counter"));
            c.call("SET", "counter", Integer.toString(v + 1));
            return v;
        }

        @Actor
        public void client1(III_Result r) {
            r.r1 = increment(c1);
        }

        @Actor
        public void client2(III_Result r) {
            r.r2 = increment(c2);
        }

        @Arbiter
        public void counter(III_Result r) {
            r.r3 = Replies.number(c1.call("GET", "counter"));
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = Expect.ACCEPTABLE,
            desc = "The transactions ran one after the other: both EXECs ran, counter is 2.")
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = Expect.ACCEPTABLE,
            desc = "One EXEC ran inside the other's WATCH window, so the other aborted: counter is 1.")
    @Outcome(id = "1, 1, 1", expect = Expect.FORBIDDEN,
            desc = "Lost update: both EXECs ran but the counter went up once (WATCH did not guard the read).")
    @Outcome(id = "0, 0, 0", expect = Expect.FORBIDDEN,
            desc = "Both aborted: an EXEC aborted though no write happened in its window.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The counter differs from the number of EXECs that ran.")
    @State
    public static class WithWatch {
        final StressEngine s = new StressEngine();
        final Client c1 = s.connect();
        final Client c2 = s.connect();

        public WithWatch() {
            must(c1, "SET", "counter", "0");
        }

        /** The optimistic increment; 1 if its EXEC ran, 0 if it answered the null array. */
        private static int increment(Client c) {
            c.call("WATCH", "counter");
            int v = Replies.number(c.call("GET", "counter"));
            c.call("MULTI");
            c.call("SET", "counter", Integer.toString(v + 1));
            return Replies.committed(c.call("EXEC"));
        }

        @Actor
        public void client1(III_Result r) {
            r.r1 = increment(c1);
        }

        @Actor
        public void client2(III_Result r) {
            r.r2 = increment(c2);
        }

        @Arbiter
        public void counter(III_Result r) {
            r.r3 = Replies.number(c1.call("GET", "counter"));
        }
    }
}
