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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Watch_03_NoOpWriteKeepsExec
 */

/**
 * A write command that changes nothing does not touch the key (SEMANTICS 15): SET NX on an
 * existing key, SADD of a member already there, HDEL of a missing field, DEL of a missing key.
 * Whenever it lands — before WATCH, inside the watch window, after EXEC — the watcher's EXEC runs.
 * An abort is FORBIDDEN: it is the over-eager WATCH that peers get wrong ("SADD of an existing
 * member or HDEL of a missing field aborting").
 *
 * <p>Client 1: WATCH k, MULTI, PING, EXEC (r1 = 1 if it ran). Client 2: the no-op write (r2 = its
 * integer reply, 0 = nothing changed; nil counts as 0).
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   DelMissing:
 *     RESULT  SAMPLES  EXPECT
 *     1, 0        189  ACCEPTABLE
 *   HdelMissing:
 *     RESULT  SAMPLES  EXPECT
 *     1, 0        152  ACCEPTABLE
 *   SaddExisting:
 *     RESULT  SAMPLES  EXPECT
 *     1, 0        274  ACCEPTABLE
 *   SetNx:
 *     RESULT  SAMPLES  EXPECT
 *     1, 0        196  ACCEPTABLE
 * </pre>
 * No engine fault breaks this promise: it guards against a bug class, not a planted one.
 */
public class Watch_03_NoOpWriteKeepsExec {

    /** WATCH k, MULTI, PING, EXEC: 1 if it ran. */
    static int watchExec(Client c) {
        c.call("WATCH", "k");
        c.call("MULTI");
        c.call("PING");
        return Replies.committed(c.call("EXEC"));
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "SET NX found k and did nothing; EXEC ran.")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "A SET NX that changed nothing aborted the EXEC.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "SET NX overwrote an existing key, or an unexpected reply.")
    @State
    public static class SetNx {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public SetNx() {
            must(writer, "SET", "k", "v");
        }

        @Actor
        public void watcher(II_Result r) {
            r.r1 = watchExec(watcher);
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = Replies.number(writer.call("SET", "k", "other", "NX"));
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "SADD found the member and added nothing; EXEC ran.")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "An SADD of an existing member aborted the EXEC.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "SADD added a member already there, or an unexpected reply.")
    @State
    public static class SaddExisting {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public SaddExisting() {
            must(writer, "SADD", "k", "a");
        }

        @Actor
        public void watcher(II_Result r) {
            r.r1 = watchExec(watcher);
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = Replies.number(writer.call("SADD", "k", "a"));
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "HDEL found no such field; EXEC ran.")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "An HDEL of a missing field aborted the EXEC.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "HDEL deleted a field that was not there, or an unexpected reply.")
    @State
    public static class HdelMissing {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        public HdelMissing() {
            must(writer, "HSET", "k", "f", "1");
        }

        @Actor
        public void watcher(II_Result r) {
            r.r1 = watchExec(watcher);
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = Replies.number(writer.call("HDEL", "k", "nosuchfield"));
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "DEL found no key; EXEC ran.")
    @Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "A DEL of a missing (watched) key aborted the EXEC.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "DEL deleted a key that was not there, or an unexpected reply.")
    @State
    public static class DelMissing {
        final StressEngine s = new StressEngine();
        final Client watcher = s.connect();
        final Client writer = s.connect();

        @Actor
        public void watcher(II_Result r) {
            r.r1 = watchExec(watcher);
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = Replies.number(writer.call("DEL", "k"));
        }
    }
}
