package dev.txnharness.stress.races;

import static dev.txnharness.stress.StressEngine.must;

import dev.txnharness.engine.Client;
import dev.txnharness.stress.Replies;
import dev.txnharness.stress.StressEngine;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
    How to run this test:
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Expire_01_ExpiryAbortsExec
 */

/**
 * Redis: "EXEC fail on lazy expired WATCHed key" and "WATCH will consider touched expired keys",
 * with time moved by another thread.
 *
 * <p>k = 1 with a 100 ms TTL, on a manual clock. Client 1: WATCH k, GET k (r1: 1 alive, 0 gone),
 * MULTI, GET k, EXEC (r2: the GET's reply, -1 if aborted). The other actor moves the clock 200 ms
 * on. A key alive at WATCH and expired at EXEC fails the EXEC, deleted yet or not (SEMANTICS 16):
 * r1 = 1 (alive after WATCH, so at WATCH) with r2 = 0 (expired inside the EXEC that ran) is
 * FORBIDDEN. A key already expired at WATCH does not abort by itself: (0, 0) is fine.
 *
 * <p>{@link Lazy}: nothing deletes k but the reads (lazy expiry). {@link Active}: the other actor
 * also runs the engine's cron, whose active expiry deletes k with no client behind the write.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   Active:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1         3  ACCEPTABLE
 *     0, 0        164  ACCEPTABLE
 *     1, -1         3  ACCEPTABLE
 *     1, 1         29  ACCEPTABLE
 *   Lazy:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1         4  ACCEPTABLE
 *     0, 0        191  ACCEPTABLE
 *     1, -1         2  ACCEPTABLE
 *     1, 1         28  ACCEPTABLE
 * </pre>
 * With the engine built with {@code EXPIRY_DOES_NOT_TOUCH} both report (1, 0): FORBIDDEN.
 */
public class Expire_01_ExpiryAbortsExec {

    static final long TTL_MILLIS = 100;

    /** WATCH k, GET k, MULTI, GET k, EXEC into r1, r2. */
    static void watchReadExec(Client c, II_Result r) {
        c.call("WATCH", "k");
        r.r1 = Replies.number(c.call("GET", "k"));
        c.call("MULTI");
        c.call("GET", "k");
        r.r2 = Replies.exec(c.call("EXEC"), 0);
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "Time moved after the EXEC.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "k expired between GET and EXEC: EXEC aborted.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "k expired between WATCH and GET: EXEC aborted.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE,
            desc = "k had expired before WATCH: its expiry is no change, EXEC ran.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "k was alive after WATCH and expired inside the EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class Lazy {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();

        public Lazy() {
            must(watcher, "SET", "k", "1", "PX", Long.toString(TTL_MILLIS));
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void time() {
            s.clock.advance(2 * TTL_MILLIS);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "Time moved after the EXEC.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "k expired between GET and EXEC: EXEC aborted.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "k expired between WATCH and GET: EXEC aborted.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE,
            desc = "k had expired before WATCH: its expiry is no change, EXEC ran.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "k was alive after WATCH and expired (or was deleted by cron) before the EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class Active {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();

        public Active() {
            must(watcher, "SET", "k", "1", "PX", Long.toString(TTL_MILLIS));
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void timeAndCron() {
            s.clock.advance(2 * TTL_MILLIS);
            s.engine.cron();
        }
    }
}
