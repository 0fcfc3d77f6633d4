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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Flush_01_FlushTouchesWatchedKeys
 */

/**
 * Redis: "FLUSHDB is able to touch the watched keys" / "FLUSHALL is able to touch the watched
 * keys", with the flush coming from another thread.
 *
 * <p>k = 1. Client 1: WATCH k, GET k (r1: 1, or 0 once flushed), MULTI, GET k, EXEC (r2: the
 * GET's reply, -1 if aborted). Client 2 empties the database. A flush touches every watched key
 * that exists (SEMANTICS 18): r1 = 1 (k still there after WATCH) with r2 = 0 (gone inside an EXEC
 * that ran) means the flush fell in the window unnoticed: FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   Flushall:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1         2  ACCEPTABLE
 *     0, 0        161  ACCEPTABLE
 *     1, -1         6  ACCEPTABLE
 *     1, 1         43  ACCEPTABLE
 *   Flushdb:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1         3  ACCEPTABLE
 *     0, 0        165  ACCEPTABLE
 *     1, -1         5  ACCEPTABLE
 *     1, 1         49  ACCEPTABLE
 * </pre>
 * With the engine built with {@code FLUSH_DOES_NOT_TOUCH} both report (1, 0): FORBIDDEN.
 */
public class Flush_01_FlushTouchesWatchedKeys {

    /** WATCH k, GET k, MULTI, GET k, EXEC into r1, r2. */
    static void watchReadExec(Client c, II_Result r) {
        c.call("WATCH", "k");
        r.r1 = Replies.number(c.call("GET", "k"));
        c.call("MULTI");
        c.call("GET", "k");
        r.r2 = Replies.exec(c.call("EXEC"), 0);
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "FLUSHDB came after the EXEC.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "FLUSHDB came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "FLUSHDB came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "FLUSHDB came before WATCH: k was already missing.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "FLUSHDB deleted the watched k after WATCH and before EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class Flushdb {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client flusher = s.connect();

        public Flushdb() {
            must(flusher, "SET", "k", "1");
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void flusher() {
            flusher.call("FLUSHDB");
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "FLUSHALL came after the EXEC.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "FLUSHALL came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "FLUSHALL came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "FLUSHALL came before WATCH: k was already missing.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "FLUSHALL deleted the watched k after WATCH and before EXEC, yet EXEC ran.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class Flushall {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client flusher = s.connect();

        public Flushall() {
            must(flusher, "SET", "k", "1");
        }

        @Actor
        public void watcher(II_Result r) {
            watchReadExec(watcher, r);
        }

        @Actor
        public void flusher() {
            flusher.call("FLUSHALL");
        }
    }
}
