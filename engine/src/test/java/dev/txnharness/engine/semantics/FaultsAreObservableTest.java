package dev.txnharness.engine.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.txnharness.engine.EngineTestSupport;
import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.EngineTestSupport.Session;
import dev.txnharness.engine.Fault;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every deliberate bug of {@link Fault} is observable: the engine built with it gives a wrong
 * answer to the scenario of this suite that guards the promise it breaks, and the engine built
 * without it gives Redis's answer. So the faults are real, and this suite would catch each of them.
 *
 * <p>Each scenario answers a short text (the reply bytes of the deciding command, or a count), so
 * a failure shows both outcomes. A new {@link Fault} without a scenario here fails the test for it.
 *
 * <p>Covers, through the faults: SEMANTICS.md lines 3 and 6 (QUEUE_ERROR_DOES_NOT_ABORT), 11
 * (DISCARD_KEEPS_WATCHES), 13 (EXEC_NOT_ISOLATED), 15 (WATCH_IGNORED, WATCH_IGNORES_OWN_WRITES), 16
 * (EXPIRY_DOES_NOT_TOUCH), 18 (FLUSH_DOES_NOT_TOUCH), 20 (AOF_SPLIT_TRANSACTION), and 12-13 again
 * (DIRTY_READ_QUEUED, TORN_EXEC, LOST_APPEND: the anomaly checker's faults, docs/ANOMALIES.md),
 * and the faults of the bug catalogue (docs/BUGS.md): 1, 3, 4, 5, 6, 8, 9, 11, 14, 15, 17, 18, 19.
 */
class FaultsAreObservableTest {

    /** A scenario: what it checks (with its Redis title where there is one) and how to run it. */
    record Scenario(String title, String redisAnswer, Run run) {}

    @FunctionalInterface
    interface Run {
        String on(Fault... faults) throws Exception;
    }

    /** MULTI; PING; EXEC after the setup, answering the bytes of EXEC's reply. */
    interface Setup {
        void apply(Session s, Conn a, Conn b);
    }

    static Run execAfter(Setup setup) {
        return faults -> {
            try (Session s = new Session(faults)) {
                Conn a = s.connect(), b = s.connect();
                setup.apply(s, a, b);
                a.ok("MULTI");
                a.queued("PING");
                return EngineTestSupport.wire(a.send("EXEC"), 2);
            }
        };
    }

    /** MULTI; PING; EXEC after the steps, each "A: command" or "B: command" (replies not checked). */
    static Run execAfter(String... steps) {
        return execAfter((s, a, b) -> {
            for (String step : steps) (step.startsWith("A:") ? a : b).send(step.substring(2));
        });
    }

    /** The bytes of the last step's reply, after the steps before it ("A: command" or "B: command"). */
    static Run lastReply(String... steps) {
        return faults -> {
            try (Session s = new Session(faults)) {
                Conn a = s.connect(), b = s.connect();
                String last = null;
                for (String step : steps) last = (step.startsWith("A:") ? a : b).wire(step.substring(2));
                return last;
            }
        };
    }

    static final Map<Fault, Scenario> SCENARIOS = new EnumMap<>(Fault.class);

    static {
        SCENARIOS.put(Fault.WATCH_IGNORES_OWN_WRITES, new Scenario(
                "EXEC fail on WATCHed key modified (1 key of 1 watched): the watcher's own SET", "*-1\r\n",
                execAfter((s, a, b) -> {
                    a.ok("SET x 30");
                    a.ok("WATCH x");
                    a.ok("SET x 40");
                })));
        SCENARIOS.put(Fault.WATCH_IGNORED, new Scenario(
                "EXEC fail on WATCHed key modified by another client", "*-1\r\n",
                execAfter((s, a, b) -> {
                    a.ok("SET x 30");
                    a.ok("WATCH x");
                    b.ok("SET x 40");
                })));
        SCENARIOS.put(Fault.DISCARD_KEEPS_WATCHES, new Scenario(
                "DISCARD should UNWATCH all the keys", "*1\r\n+PONG\r\n",
                execAfter((s, a, b) -> {
                    a.ok("WATCH x");
                    a.ok("SET x 10");
                    a.ok("MULTI");
                    a.ok("DISCARD");
                    a.ok("SET x 10");
                })));
        SCENARIOS.put(Fault.EXPIRY_DOES_NOT_TOUCH, new Scenario(
                "EXEC fail on lazy expired WATCHed key", "*-1\r\n",
                execAfter((s, a, b) -> {
                    a.ok("SET key 1 PX 100");
                    a.ok("WATCH key");
                    s.advance(101);
                })));
        SCENARIOS.put(Fault.FLUSH_DOES_NOT_TOUCH, new Scenario(
                "FLUSHALL is able to touch the watched keys", "*-1\r\n",
                execAfter((s, a, b) -> {
                    a.ok("SET x 30");
                    a.ok("WATCH x");
                    b.ok("FLUSHALL");
                })));
        SCENARIOS.put(Fault.NO_OP_WRITE_TOUCHES, new Scenario(
                "SREM of a missing member does not fail EXEC on the WATCHed set", "*1\r\n+PONG\r\n",
                execAfter((s, a, b) -> {
                    a.send("SADD s m");
                    a.ok("WATCH s");
                    b.send("SREM s zz");
                })));
        SCENARIOS.put(Fault.SELECT_NOT_QUEUED, new Scenario(
                "SELECT inside MULTI is queued and runs at EXEC",
                "*1\r\n+OK\r\n$-1\r\n",
                faults -> {
                    try (Session s = new Session(faults)) {
                        Conn a = s.connect();
                        a.ok("SET k zero1");
                        a.ok("MULTI");
                        a.queued("SELECT 1");
                        return a.wire("EXEC") + a.wire("GET k");
                    }
                }));
        SCENARIOS.put(Fault.QUEUE_ERROR_DOES_NOT_ABORT, new Scenario(
                "EXEC fails if there are errors while queueing commands #1",
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
                faults -> {
                    try (Session s = new Session(faults)) {
                        Conn a = s.connect();
                        a.ok("MULTI");
                        a.queued("SET foo1 bar1");
                        a.send("NON-EXISTING-COMMAND");
                        a.queued("SET foo2 bar2");
                        return a.wire("EXEC");
                    }
                }));
        SCENARIOS.put(Fault.EXEC_NOT_ISOLATED, new Scenario(
                "A reader never sees half of a transaction's writes", "torn reads: none",
                faults -> {
                    // the faulty engine gets up to 20 runs to show a torn read; the correct one must show none
                    boolean faulty = faults.length > 0;
                    for (int run = 0; run < (faulty ? 20 : 1); run++) {
                        try (Session s = new Session(faults)) {
                            if (IsolationTest.tornReads(s, 2_000, 30, true) > 0) return "torn reads: some";
                        }
                    }
                    return "torn reads: none";
                }));
        SCENARIOS.put(Fault.LOST_APPEND, new Scenario(
                "EXEC runs every queued command: eight RPUSHes in one EXEC make a list of eight", ":8\r\n",
                faults -> {
                    try (Session s = new Session(faults)) {
                        Conn a = s.connect();
                        a.ok("MULTI");
                        for (int i = 1; i <= 8; i++) a.queued("RPUSH l " + i);
                        a.send("EXEC");
                        return a.wire("LLEN l");
                    }
                }));
        SCENARIOS.put(Fault.NIL_EXEC_AS_BULK, new Scenario(
                "EXEC fail on WATCHed key modified by another client (answers the null array, *-1)", "*-1\r\n",
                execAfter((s, a, b) -> {
                    a.ok("SET x 30");
                    a.ok("WATCH x");
                    b.ok("SET x 40");
                })));
        SCENARIOS.put(Fault.TORN_EXEC, new Scenario(
                "MULTI / EXEC basics: EXEC answers one reply per queued command", "*2\r\n:1\r\n:2\r\n",
                faults -> {
                    try (Session s = new Session(faults)) {
                        Conn a = s.connect();
                        a.ok("MULTI");
                        a.queued("RPUSH l a");
                        a.queued("RPUSH l b");
                        return a.wire("EXEC");
                    }
                }));
        SCENARIOS.put(Fault.DIRTY_READ_QUEUED, new Scenario(
                "A queued command is not run before EXEC: another client does not see it", ":0\r\n",
                faults -> {
                    try (Session s = new Session(faults)) {
                        Conn a = s.connect(), b = s.connect();
                        a.ok("MULTI");
                        a.queued("RPUSH l a");
                        return b.wire("LLEN l");
                    }
                }));
        SCENARIOS.put(Fault.AOF_SPLIT_TRANSACTION, new Scenario(
                "A transaction's writes reach the AOF in one write (MULTI ... EXEC block)",
                List.of("txn: 0:SET a 1, 0:SET b 2,").toString(),
                // only the appends holding the writes: a stray append of EXEC itself is CommandLogTest's business
                faults -> CommandLogTest.twoWriteTransaction(faults).stream().filter(x -> x.contains("SET")).toList().toString()));
    }

    static {
        SCENARIOS.put(Fault.EXEC_KEEPS_WATCHES, new Scenario(
                "After successful EXEC key is no longer watched", "*1\r\n+PONG\r\n",
                execAfter("A: WATCH x", "A: MULTI", "A: PING", "A: EXEC", "B: SET x 1")));
        SCENARIOS.put(Fault.ABORTED_EXEC_KEEPS_WATCHES, new Scenario(
                "After failed EXEC key is no longer watched", "*1\r\n+PONG\r\n",
                execAfter("A: WATCH x", "B: SET x 1", "A: MULTI", "A: PING", "A: EXEC", "B: SET x 2")));
        SCENARIOS.put(Fault.UNWATCH_IGNORED, new Scenario(
                "It is possible to UNWATCH", "*1\r\n+PONG\r\n",
                execAfter("A: WATCH x", "A: UNWATCH", "B: SET x 1")));
        SCENARIOS.put(Fault.UNWATCH_KEEPS_DIRTY, new Scenario(
                "UNWATCH after the watched key was touched: EXEC runs", "*1\r\n+PONG\r\n",
                execAfter("A: WATCH x", "B: SET x 1", "A: UNWATCH")));
        SCENARIOS.put(Fault.DISCARD_KEEPS_QUEUE, new Scenario(
                "DISCARD drops the queue: the next EXEC runs only its own commands", "*1\r\n+PONG\r\n",
                execAfter("A: MULTI", "A: SET x 1", "A: DISCARD")));
        SCENARIOS.put(Fault.NESTED_MULTI_ALLOWED, new Scenario(
                "MULTI inside MULTI is an error, which does not abort",
                "-ERR MULTI calls can not be nested\r\n",
                lastReply("A: MULTI", "A: MULTI")));
        SCENARIOS.put(Fault.WRONG_ARITY_QUEUED, new Scenario(
                "EXEC fails if there are errors while queueing commands #2 (wrong arity)",
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
                lastReply("A: MULTI", "A: SET x", "A: SET y 1", "A: EXEC")));
        SCENARIOS.put(Fault.RUNTIME_ERROR_STOPS_EXEC, new Scenario(
                "EXEC works on WATCHed key not modified: a run-time error does not stop the rest",
                "*2\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n+OK\r\n",
                lastReply("A: RPUSH l a", "A: MULTI", "A: INCR l", "A: SET y 1", "A: EXEC")));
        SCENARIOS.put(Fault.EXEC_WITHOUT_MULTI_ALLOWED, new Scenario(
                "EXEC without MULTI is an error", "-ERR EXEC without MULTI\r\n",
                lastReply("A: EXEC")));
        SCENARIOS.put(Fault.WATCH_INSIDE_MULTI_ALLOWED, new Scenario(
                "WATCH inside MULTI is not allowed", "-ERR WATCH inside MULTI is not allowed\r\n",
                lastReply("A: MULTI", "A: WATCH x")));
        SCENARIOS.put(Fault.WATCH_MISSING_KEY_IGNORED, new Scenario(
                "EXEC fail on WATCHed key created by another client", "*-1\r\n",
                execAfter("A: WATCH x", "B: SET x 1")));
        SCENARIOS.put(Fault.DEL_DOES_NOT_TOUCH, new Scenario(
                "EXEC fail on WATCHed key deleted by another client", "*-1\r\n",
                execAfter("A: SET x 1", "A: WATCH x", "B: DEL x")));
        SCENARIOS.put(Fault.SWAPDB_DOES_NOT_TOUCH, new Scenario(
                "SWAPDB is able to touch the watched keys that exist", "*-1\r\n",
                execAfter("A: SET x 1", "A: WATCH x", "B: SWAPDB 0 1")));
        SCENARIOS.put(Fault.RENAME_DOES_NOT_TOUCH_DESTINATION, new Scenario(
                "RENAME onto a WATCHed key fails EXEC", "*-1\r\n",
                execAfter("A: SET src 1", "A: WATCH dst", "B: RENAME src dst")));
        SCENARIOS.put(Fault.WATCH_NOT_PER_DB, new Scenario(
                "A write to the same key name in another database does not fail EXEC", "*1\r\n+PONG\r\n",
                execAfter("A: WATCH x", "B: SELECT 1", "B: SET x 1")));
        SCENARIOS.put(Fault.EXECABORT_KEEPS_MULTI, new Scenario(
                "EXEC with at least one use-after-EXECABORT: the client is out of MULTI", "+PONG\r\n",
                lastReply("A: MULTI", "A: NON-EXISTING-COMMAND", "A: EXEC", "A: PING")));
        SCENARIOS.put(Fault.TTL_CHANGE_DOES_NOT_TOUCH, new Scenario(
                "WATCH will consider touched keys target of PEXPIRE", "*-1\r\n",
                execAfter("A: SET x foo", "A: WATCH x", "B: PEXPIRE x 100000")));
        SCENARIOS.put(Fault.TOUCH_AFTER_MULTI_IGNORED, new Scenario(
                "EXEC fail on WATCHed key modified by another client after MULTI", "*-1\r\n",
                lastReply("A: WATCH x", "A: MULTI", "A: PING", "B: SET x 1", "A: EXEC")));
        SCENARIOS.put(Fault.WATCH_CLEARS_DIRTY, new Scenario(
                "EXEC fail on WATCHed key modified (1 key of 5 watched, separate WATCHes)", "*-1\r\n",
                execAfter("A: WATCH x", "B: SET x 1", "A: WATCH y")));
        SCENARIOS.put(Fault.INCR_DOES_NOT_TOUCH, new Scenario(
                "EXEC fail on WATCHed key INCRed by another client", "*-1\r\n",
                execAfter("A: SET x 1", "A: WATCH x", "B: INCR x")));
    }

    @ParameterizedTest(name = "with fault {0}, the scenario deviates from Redis")
    @DisplayName("Each fault makes its scenario give the wrong answer; without it the answer is Redis's")
    @EnumSource(Fault.class)
    void faultIsObservable(Fault fault) throws Exception {
        Scenario sc = SCENARIOS.get(fault);
        assertNotNull(sc, "no scenario shows fault " + fault + ": add one to SCENARIOS");
        assertEquals(EngineTestSupport.show(sc.redisAnswer()), EngineTestSupport.show(sc.run().on()),
                "without faults, '" + sc.title() + "' must answer as Redis does");
        String faulty = sc.run().on(fault);
        assertNotEquals(EngineTestSupport.show(sc.redisAnswer()), EngineTestSupport.show(faulty),
                "with " + fault + ", '" + sc.title() + "' should deviate from Redis, but answered as Redis does: "
                        + "the fault is not built in, or this scenario cannot see it");
    }

    /** A fault whose promise includes another fault's: the narrower fault's scenario sees both. */
    static final Map<Fault, Fault> WIDER = Map.of(
            Fault.QUEUE_ERROR_DOES_NOT_ABORT, Fault.WRONG_ARITY_QUEUED, // any queue-time error, arity included
            Fault.FLUSH_DOES_NOT_TOUCH, Fault.SWAPDB_DOES_NOT_TOUCH);  // FLUSHDB, FLUSHALL and SWAPDB

    @ParameterizedTest(name = "with fault {0}, the other faults' scenarios still answer as Redis")
    @DisplayName("Each fault breaks only its own promise (the other scenarios are unaffected)")
    @EnumSource(value = Fault.class, names = {"WATCH_IGNORES_OWN_WRITES", "DISCARD_KEEPS_WATCHES",
            "EXPIRY_DOES_NOT_TOUCH", "QUEUE_ERROR_DOES_NOT_ABORT", "FLUSH_DOES_NOT_TOUCH",
            "NO_OP_WRITE_TOUCHES", "SELECT_NOT_QUEUED"})
    void faultIsNarrow(Fault fault) throws Exception {
        List<String> affected = new ArrayList<>();
        for (Map.Entry<Fault, Scenario> e : SCENARIOS.entrySet()) {
            if (e.getKey() == fault || e.getKey() == Fault.EXEC_NOT_ISOLATED || e.getKey() == WIDER.get(fault)) continue;
            String answer = e.getValue().run().on(fault);
            if (!answer.equals(e.getValue().redisAnswer())) affected.add(e.getKey() + ": " + EngineTestSupport.show(answer));
        }
        assertEquals(List.of(), affected, "scenarios of other faults that " + fault + " changed");
    }
}
