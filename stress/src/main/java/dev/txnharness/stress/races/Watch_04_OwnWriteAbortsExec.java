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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t Watch_04_OwnWriteAbortsExec
 */

/**
 * A client's own write to a key it watches, outside its transaction, fails its EXEC just as
 * another client's would (SEMANTICS 15). Here two clients watch k at once and client 1 writes it:
 * the one touch must mark every watcher — the writer always, the other one when the write falls
 * in its window.
 *
 * <p>k starts at 0. Client 1: WATCH k, SET k 1, MULTI, GET k, EXEC (r1: -1 if aborted, else the
 * value read). Client 2: WATCH k, MULTI, GET k, EXEC (r2, the same encoding). Client 1's EXEC
 * running at all is FORBIDDEN; client 2 may abort or run.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   RESULT  SAMPLES  EXPECT
 *   -1, -1       19  ACCEPTABLE
 *   -1, 0        88  ACCEPTABLE
 *   -1, 1        84  ACCEPTABLE
 * </pre>
 * With the engine built with {@code WATCH_IGNORES_OWN_WRITES} it reports (1, *): FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE, desc = "Writer aborted; the other's EXEC ran before the write.")
@Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "Writer aborted; the other watched after the write.")
@Outcome(id = "-1, -1", expect = Expect.ACCEPTABLE, desc = "Both aborted: the write fell in both watch windows.")
@Outcome(id = {"1, -1", "1, 0", "1, 1"}, expect = Expect.FORBIDDEN,
        desc = "The writer's EXEC ran though it wrote its own watched key after WATCH.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A reply the race cannot produce.")
@State
public class Watch_04_OwnWriteAbortsExec {
    final StressEngine s = new StressEngine();
    final Client writer = s.connect();
    final Client other = s.connect();

    public Watch_04_OwnWriteAbortsExec() {
        must(writer, "SET", "k", "0");
    }

    @Actor
    public void watchingWriter(II_Result r) {
        writer.call("WATCH", "k");
        writer.call("SET", "k", "1");
        writer.call("MULTI");
        writer.call("GET", "k");
        r.r1 = Replies.exec(writer.call("EXEC"), 0);
    }

    @Actor
    public void otherWatcher(II_Result r) {
        other.call("WATCH", "k");
        other.call("MULTI");
        other.call("GET", "k");
        r.r2 = Replies.exec(other.call("EXEC"), 0);
    }
}
