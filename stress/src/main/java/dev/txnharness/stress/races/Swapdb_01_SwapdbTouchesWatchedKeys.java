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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Swapdb_01_SwapdbTouchesWatchedKeys
 */

/**
 * SWAPDB 0 1 from another thread while client 1 watches k in database 0. SWAPDB touches the
 * watched keys that exist in either database (SEMANTICS 18): whatever k was, it may now be
 * something else.
 *
 * <p>Client 1: WATCH k, GET k (r1), MULTI, GET k, EXEC (r2: the GET's reply, -1 if aborted).
 *
 * <p>{@link KeyExists} — Redis: "SWAPDB is able to touch the watched keys that exist". k = 1 in
 * db 0, db 1 empty: (1, 0) means the swap fell in the window and the EXEC ran: FORBIDDEN.
 *
 * <p>{@link KeyMissing} — Redis: "SWAPDB is able to touch the watched keys that do not exist". k
 * missing in db 0, k = 1 in db 1: the swap makes it appear. (0, 1) is FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   KeyExists:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1         5  ACCEPTABLE
 *     0, 0         80  ACCEPTABLE
 *     1, -1        45  ACCEPTABLE
 *     1, 1         91  ACCEPTABLE
 *   KeyMissing:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1        12  ACCEPTABLE
 *     0, 0         75  ACCEPTABLE
 *     1, -1         4  ACCEPTABLE
 *     1, 1         93  ACCEPTABLE
 * </pre>
 * With the engine built with {@code FLUSH_DOES_NOT_TOUCH} they report (1, 0) and (0, 1): FORBIDDEN.
 */
public class Swapdb_01_SwapdbTouchesWatchedKeys {

    /** WATCH k, GET k, MULTI, GET k, EXEC into r1, r2. */
    static void watchReadExec(Client c, II_Result r) {
        c.call("WATCH", "k");
        r.r1 = Replies.number(c.call("GET", "k"));
        c.call("MULTI");
        c.call("GET", "k");
        r.r2 = Replies.exec(c.call("EXEC"), 0);
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came after the EXEC.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "SWAPDB came before WATCH: k was already missing.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "SWAPDB swapped the watched k away after WATCH and before EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class KeyExists {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client swapper = s.connect();

        public KeyExists() {
            must(swapper, "SET", "k", "1");
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void swapper() {
            swapper.call("SWAPDB", "0", "1");
        }
    }

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "SWAPDB came after the EXEC.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "SWAPDB came before WATCH: k was already there.")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN,
            desc = "SWAPDB brought a watched (missing) k in after WATCH and before EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class KeyMissing {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client swapper = s.connect();

        public KeyMissing() {
            must(swapper, "SELECT", "1");
            must(swapper, "SET", "k", "1");
            must(swapper, "SELECT", "0");
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void swapper() {
            swapper.call("SWAPDB", "0", "1");
        }
    }
}
