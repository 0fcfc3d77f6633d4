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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Watch_01_ConcurrentSetAbortsExec
 */

/**
 * Redis: "EXEC fail on WATCHed key modified (1 key of 1 watched)", with the SET coming from
 * another client on another thread, at any moment.
 *
 * <p>k starts at 0. Client 1 reads k after WATCH (r1), then reads it again inside MULTI/EXEC (r2,
 * -1 if EXEC answered the null array). Client 2 sets k to 1. If r1 = 0 the SET came after the
 * WATCH; if the EXEC's GET then sees 1 the SET also came before the EXEC: it fell in the watch
 * window, and the EXEC must not have run (SEMANTICS 15).
 *
 * <p>{@link NoWatch} is the same race without WATCH: there (0, 1) is allowed — a stale read the
 * transaction acted on — and marked ACCEPTABLE_INTERESTING to show the window is hit.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   NoWatch:
 *     RESULT  SAMPLES  EXPECT
 *     0, 0         85  ACCEPTABLE
 *     0, 1         28  ACCEPTABLE_INTERESTING
 *     1, 1         62  ACCEPTABLE
 *   WithWatch:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1        21  ACCEPTABLE
 *     0, 0         86  ACCEPTABLE
 *     1, -1         3  ACCEPTABLE
 *     1, 1        123  ACCEPTABLE
 * </pre>
 * With the engine built with {@code WATCH_IGNORED}, WithWatch reports (0, 1): FORBIDDEN.
 */
public class Watch_01_ConcurrentSetAbortsExec {

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The SET came after the EXEC.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "The SET came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "The SET came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The SET came before WATCH: nothing to abort for.")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN,
            desc = "The SET came after WATCH and before EXEC, yet EXEC ran: WATCH missed a write.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class WithWatch {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public WithWatch() {
            must(writer, "SET", "k", "0");
        }

        @Actor
        public void watcher(II_Result r) {
            watcher.call("WATCH", "k");
            r.r1 = Replies.number(watcher.call("GET", "k"));
            watcher.call("MULTI");
            watcher.call("GET", "k");
            r.r2 = Replies.exec(watcher.call("EXEC"), 0);
        }

        @Actor
        public void writer() {
            writer.call("SET", "k", "1");
        }
    }

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The SET came after the EXEC.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The SET came before the first GET.")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE_INTERESTING,
            desc = "The SET came between GET and EXEC: without WATCH the transaction runs on a stale read.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "An abort (nothing is watched) or a value never written.")
    @State
    public static class NoWatch {
        final StressEngine s = new StressEngine();
        final Client reader = s.connect();
        final Client writer = s.connect();

        public NoWatch() {
            must(writer, "SET", "k", "0");
        }

        @Actor
        public void reader(II_Result r) {
            r.r1 = Replies.number(reader.call("GET", "k"));
            reader.call("MULTI");
            reader.call("GET", "k");
            r.r2 = Replies.exec(reader.call("EXEC"), 0);
        }

        @Actor
        public void writer() {
            writer.call("SET", "k", "1");
        }
    }
}
