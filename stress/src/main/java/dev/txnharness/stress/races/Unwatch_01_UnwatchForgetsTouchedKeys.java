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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Unwatch_01_UnwatchForgetsTouchedKeys
 */

/**
 * UNWATCH racing a write to the watched key.
 *
 * <p>{@link BeforeMulti} — Redis: "It is possible to UNWATCH". Client 1: WATCH k, GET k, UNWATCH,
 * MULTI, GET k, EXEC; client 2: SET k 1. UNWATCH outside MULTI forgets the keys and clears the
 * dirty flag (SEMANTICS 19), so wherever the write lands the EXEC runs: an abort is FORBIDDEN.
 *
 * <p>{@link QueuedInMulti}: the UNWATCH comes after MULTI, so it is queued and runs only inside
 * the EXEC, after the watch check (SEMANTICS 2): it cannot save a transaction whose key was
 * touched. Client 1: WATCH k, GET k (r1), MULTI, UNWATCH, GET k, EXEC (r2: the GET's reply, -1 if
 * aborted). As in Watch_01, (0, 1) means the write fell in the window and the EXEC ran anyway:
 * FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   BeforeMulti:
 *     RESULT  SAMPLES  EXPECT
 *     0, 0         83  ACCEPTABLE
 *     0, 1         35  ACCEPTABLE
 *     1, 1         57  ACCEPTABLE
 *   QueuedInMulti:
 *     RESULT  SAMPLES  EXPECT
 *     0, -1        46  ACCEPTABLE
 *     0, 0         83  ACCEPTABLE
 *     1, 1         65  ACCEPTABLE
 * </pre>
 * With the engine built with {@code WATCH_IGNORED}, QueuedInMulti reports (0, 1): FORBIDDEN.
 */
public class Unwatch_01_UnwatchForgetsTouchedKeys {

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The write came after the EXEC.")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE,
            desc = "The write came after the first GET (maybe inside the watch window); UNWATCH forgave it.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The write came before the first GET.")
    @Outcome(id = {"0, -1", "1, -1"}, expect = Expect.FORBIDDEN,
            desc = "EXEC aborted after UNWATCH: the watch or the dirty flag survived UNWATCH.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class BeforeMulti {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public BeforeMulti() {
            must(writer, "SET", "k", "0");
        }

        @Actor
        public void watcher(II_Result r) {
            watcher.call("WATCH", "k");
            r.r1 = Replies.number(watcher.call("GET", "k"));
            watcher.call("UNWATCH");
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
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The write came after the EXEC.")
    @Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "The write came between GET and EXEC: EXEC aborted.")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "The write came between WATCH and GET: EXEC aborted.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The write came before WATCH.")
    @Outcome(id = "0, 1", expect = Expect.FORBIDDEN,
            desc = "The write fell in the watch window, yet EXEC ran: the queued UNWATCH ran early, or WATCH missed it.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
    @State
    public static class QueuedInMulti {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public QueuedInMulti() {
            must(writer, "SET", "k", "0");
        }

        @Actor
        public void watcher(II_Result r) {
            watcher.call("WATCH", "k");
            r.r1 = Replies.number(watcher.call("GET", "k"));
            watcher.call("MULTI");
            watcher.call("UNWATCH");
            watcher.call("GET", "k");
            r.r2 = Replies.exec(watcher.call("EXEC"), 1);
        }

        @Actor
        public void writer() {
            writer.call("SET", "k", "1");
        }
    }
}
