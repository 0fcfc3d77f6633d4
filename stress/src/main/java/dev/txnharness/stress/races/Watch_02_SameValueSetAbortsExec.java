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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Watch_02_SameValueSetAbortsExec
 */

/**
 * A write of the value a key already holds still touches it: SET k v when k is v makes a watcher's
 * EXEC fail (SEMANTICS 15). WATCH is about writes, not about values.
 *
 * <p>The value cannot tell when the write happened, so both sides leave marks. Client 1: WATCH k,
 * SET w 1 (its mark: "I am watching"), MULTI, GET m, EXEC (r1: m as seen by the EXEC, or -1 if
 * it aborted). Client 2 writes in one transaction: GET w (r2), SET k v (same value), SET m 1 (its
 * mark: "I wrote"). r2 = 1 puts the write after the WATCH; r1 = 1 puts it before the EXEC. Both
 * together with the EXEC having run is FORBIDDEN.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT  SAMPLES  EXPECT
 *   -1, 1         8  ACCEPTABLE
 *   0, 1         95  ACCEPTABLE
 *   1, 0         43  ACCEPTABLE
 * </pre>
 * With the engine built with {@code WATCH_IGNORED} it reports (1, 1): FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "The write came before the WATCH: EXEC ran and saw it.")
@Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE,
        desc = "The write came between WATCH and the watcher's mark: EXEC aborted.")
@Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "The write came after the mark, before EXEC: EXEC aborted.")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "The write came after the EXEC.")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN,
        desc = "The same-value write came after WATCH and before EXEC, yet EXEC ran.")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN,
        desc = "The write came before the watcher's mark, yet the later EXEC did not see it.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
@State
public class Watch_02_SameValueSetAbortsExec {
    final StressEngine s = new StressEngine();
    final Client watcher = s.connect();
    final Client writer = s.connect();

    public Watch_02_SameValueSetAbortsExec() {
        must(writer, "SET", "k", "v");
    }

    @Actor
    public void watcher(II_Result r) {
        watcher.call("WATCH", "k");
        watcher.call("SET", "w", "1");
        watcher.call("MULTI");
        watcher.call("GET", "m");
        r.r1 = Replies.exec(watcher.call("EXEC"), 0);
    }

    @Actor
    public void writer(II_Result r) {
        writer.call("MULTI");
        writer.call("GET", "w");
        writer.call("SET", "k", "v");
        writer.call("SET", "m", "1");
        r.r2 = Replies.exec(writer.call("EXEC"), 0);
    }
}
