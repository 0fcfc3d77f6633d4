package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Differential mode finds exactly where a faulty engine parts from a good one. */
class DifferentialTest {

    private static final Scenario WATCH = ScenarioParser.parse("watch", """
            # EXEC fail on WATCHed key modified by another client
            A: SET k 0        -> +OK
            A: WATCH k        -> +OK
            B: SET k 1        -> +OK
            A: MULTI          -> +OK
            A: INCR k         -> +QUEUED
            A: EXEC           -> *-1
            A: GET k          -> "1"
            """);

    @Test
    void twoGoodEnginesAgree() {
        try (EngineTarget a = new EngineTarget(); EngineTarget b = new EngineTarget()) {
            Differential.Report r = Differential.compare(WATCH, a, b);
            assertTrue(r.same(), r.render());
        }
    }

    private static final Scenario ORDERS = ScenarioParser.parse("orders", """
            # replies whose order Redis does not specify, and one whose order it does
            A: SADD s a b c                    -> :3
            A: SMEMBERS s                      -> *
            A: SINTER s s                      -> *
            A: MSET x 1 y 2                    -> +OK
            A: KEYS *                          -> *
            A: HSET h f 1 g 2                  -> :2
            A: HGETALL h                       -> *
            A: MULTI                           -> +OK
            A: SUNION s                        -> +QUEUED
            A: HKEYS h                         -> +QUEUED
            A: EXEC                            -> *
            A: RPUSH l a b c                   -> :3
            A: LRANGE l 0 -1                   -> *
            """);

    @Test
    void setsAndKeysCompareAsSetsButListsKeepTheirOrder() {
        try (EngineTarget a = new EngineTarget(); Reversed b = new Reversed(new EngineTarget(), null)) {
            Differential.Report r = Differential.compare(ORDERS, a, b);
            assertEquals(1, r.differences().size(), r.render());
            assertTrue(r.render().contains("LRANGE l 0 -1"), "a list's order is Redis's promise:\n" + r.render());
        }
    }

    @Test
    void connectionIdsAreNoDifference() {
        Scenario ids = ScenarioParser.parse("ids", """
                # connection ids count the clients a server has served
                A: CLIENT ID                       -> *
                A: HELLO 3                         -> *
                A: MULTI                           -> +OK
                A: CLIENT ID                       -> +QUEUED
                A: EXEC                            -> *
                """);
        try (EngineTarget a = new EngineTarget(); EngineTarget b = new EngineTarget()) {
            for (int i = 0; i < 5; i++) {
                try (var c = b.connect()) {
                    c.call("PING"); // b has served five more clients: its ids are higher
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            String idA = new ScenarioRunner().execute(ids, a, false).steps().get(0).got();
            String idB = new ScenarioRunner().execute(ids, b, false).steps().get(0).got();
            assertFalse(idA.equals(idB), "the two engines number connections differently: " + idA + " " + idB);
            Differential.Report r = Differential.compare(ids, a, b);
            assertTrue(r.same(), r.render());
        }
    }

    @Test
    void aConnectionThatDropsOnOneSideIsIndeterminateNotADifference() {
        try (EngineTarget a = new EngineTarget(); Reversed b = new Reversed(new EngineTarget(), "INCR")) {
            Differential.Report r = Differential.compare(WATCH, a, b);
            assertEquals(ScenarioRunner.Outcome.INDETERMINATE, r.outcome(), r.render());
        }
    }

    @Test
    void anEngineThatIgnoresWatchDiffersAtExecAndAfter() {
        try (EngineTarget good = new EngineTarget(); EngineTarget bad = new EngineTarget(Set.of(Fault.WATCH_IGNORED), 1000)) {
            Differential.Report r = Differential.compare(WATCH, good, bad);
            assertFalse(r.same());
            assertEquals(2, r.differences().size(), r.render());
            assertEquals("*-1", r.differences().get(0).a());
            assertEquals("[:2]", r.differences().get(0).b());
            assertTrue(r.render().contains("line 7: A: EXEC"), r.render());
            ScenarioRunner.Result run = new ScenarioRunner().run(WATCH, bad);
            assertFalse(run.passed());
            assertTrue(run.describeFailures().contains("expected: *-1"), run.describeFailures());
        }
    }

    /**
     * The engine with its array replies in the other order (an EXEC's items each reversed in place,
     * HGETALL's field-value pairs kept together): the same items, another order. A connection that
     * sends {@code drop} loses its reply (indeterminate), as under CLIENT KILL.
     */
    private static final class Reversed implements Target {
        private final Target t;
        private final String drop;

        Reversed(Target t, String drop) {
            this.t = t;
            this.drop = drop;
        }

        @Override
        public String name() {
            return "reversed";
        }

        @Override
        public String version() {
            return t.version();
        }

        @Override
        public String redisVersion() {
            return t.redisVersion();
        }

        @Override
        public Connection connect() throws IOException {
            Connection c = t.connect();
            return new Connection() {
                private String last = "";

                @Override
                public void send(byte[]... argv) throws IndeterminateException {
                    last = new String(argv[0]).toUpperCase();
                    c.send(argv);
                }

                @Override
                public Reply receive() throws IndeterminateException {
                    Reply r = c.receive();
                    if (last.equals(drop)) throw new IndeterminateException("connection lost: killed");
                    if (!(r instanceof Reply.Array a)) return r;
                    if (!last.equals("EXEC")) return reverse(a, last.equals("HGETALL") ? 2 : 1);
                    List<Reply> items = new ArrayList<>();
                    for (Reply x : a.items()) items.add(x instanceof Reply.Array in ? reverse(in, 1) : x);
                    return new Reply.Array(items);
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        }

        private static Reply reverse(Reply.Array a, int group) {
            List<Reply> out = new ArrayList<>();
            for (int i = a.items().size() - group; i >= 0; i -= group) out.addAll(a.items().subList(i, i + group));
            return new Reply.Array(out);
        }

        @Override
        public void close() {
            t.close();
        }
    }
}
