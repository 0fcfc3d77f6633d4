package dev.txnharness.stress.races;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.protocol.Reply;
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
        $ java -jar stress/target/jcstress.jar -m sanity -sc false -time 100 -t TornRead_01_ExecVsMget
 */

/**
 * One client sets two keys in one transaction (MULTI, SET a 1, SET b 1, EXEC) while another reads
 * both. No other client's command runs between the commands of an EXEC (SEMANTICS 13), so a reader
 * sees both writes or neither: seeing one without the other is a torn read, FORBIDDEN.
 *
 * <p>{@link Mget}: the reader uses one MGET a b, one step: only (0, 0) and (1, 1) are possible.
 *
 * <p>{@link TwoGets}: the reader uses GET a then GET b, two steps: the EXEC may land between them,
 * so (0, 1) is fine; but (1, 0) means b was read after a's write yet before b's, which is the
 * inside of the EXEC.
 *
 * <pre>
 *   Observed in the short mode (-m sanity -sc false -time 100, 2 cores, no fault):
 *   Mget:
 *     RESULT  SAMPLES  EXPECT
 *     0, 0        120  ACCEPTABLE
 *     1, 1         60  ACCEPTABLE
 *   TwoGets:
 *     RESULT  SAMPLES  EXPECT
 *     0, 0        185  ACCEPTABLE
 *     0, 1          8  ACCEPTABLE
 *     1, 1         88  ACCEPTABLE
 * </pre>
 * With the engine built with {@code EXEC_NOT_ISOLATED} both report (1, 0): FORBIDDEN.
 */
public class TornRead_01_ExecVsMget {

    /** The writer: both keys in one EXEC, a first. */
    static void execSetBoth(Client c) {
        c.call("MULTI");
        c.call("SET", "a", "1");
        c.call("SET", "b", "1");
        c.call("EXEC");
    }

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "MGET ran before the EXEC: neither write.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "MGET ran after the EXEC: both writes.")
    @Outcome(id = {"1, 0", "0, 1"}, expect = Expect.FORBIDDEN,
            desc = "Torn read: MGET saw one of the transaction's writes without the other.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A value the test never writes.")
    @State
    public static class Mget {
        final StressEngine s = new StressEngine();
        final Client writer = s.connect();
        final Client reader = s.connect();

        @Actor
        public void writer() {
            execSetBoth(writer);
        }

        @Actor
        public void reader(II_Result r) {
            Reply.Array ab = (Reply.Array) reader.call("MGET", "a", "b");
            r.r1 = Replies.number(ab.items().get(0));
            r.r2 = Replies.number(ab.items().get(1));
        }
    }

    @JCStressTest
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "Both GETs ran before the EXEC.")
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "Both GETs ran after the EXEC.")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "The EXEC ran between GET a and GET b.")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN,
            desc = "Torn read: GET a saw the EXEC's write, then GET b did not: GET b ran inside the EXEC.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A value the test never writes.")
    @State
    public static class TwoGets {
        final StressEngine s = new StressEngine();
        final Client writer = s.connect();
        final Client reader = s.connect();

        @Actor
        public void writer() {
            execSetBoth(writer);
        }

        @Actor
        public void reader(II_Result r) {
            r.r1 = Replies.number(reader.call("GET", "a"));
            r.r2 = Replies.number(reader.call("GET", "b"));
        }
    }
}
