package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.EXECABORT;
import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.EngineTestSupport.Session;
import dev.txnharness.engine.Fault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the engine hands to the AOF ({@link Engine.CommandLog}): a transaction's writes as one
 * append flagged as a transaction (to be written as one MULTI ... EXEC block by one write call),
 * only the commands that changed something, each with its database; read-only, empty, aborted and
 * no-effect transactions hand over nothing.
 *
 * <p>Covers SEMANTICS.md line 20, first sentence, at the engine's side of the AOF. The rest of line
 * 20 (the torn tail refused at load or cut back by --fix / aof-load-truncated, never half a
 * transaction loaded) needs an AOF writer and loader, which the engine does not have yet: see
 * semantics-coverage.md. Titles follow multi.tcl's "MULTI / EXEC is propagated correctly (...)".
 */
class CommandLogTest {
    /** One append, rendered as "txn|single: db:cmd args, db:cmd args". */
    private final List<String> appends = new ArrayList<>();
    private Session s;
    private Conn a;

    static Engine.CommandLog recorder(List<String> into) {
        return (commands, transaction) -> {
            StringBuilder sb = new StringBuilder(transaction ? "txn:" : "single:");
            for (Engine.Logged l : commands) {
                sb.append(' ').append(l.db()).append(':');
                for (int i = 0; i < l.argv().length; i++) {
                    if (i > 0) sb.append(' ');
                    sb.append(new String(l.argv()[i], StandardCharsets.UTF_8));
                }
                sb.append(',');
            }
            into.add(sb.toString());
        };
    }

    @BeforeEach
    void open() {
        s = new Session();
        s.engine.setCommandLog(recorder(appends));
        a = s.connect();
    }

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    @DisplayName("MULTI / EXEC is propagated correctly (multiple commands)")
    void multipleCommands() {
        a.ok("MULTI");
        a.queued("SET foo bar");
        a.queued("GET foo");
        a.queued("SET foo2 bar2");
        a.queued("GET foo2");
        a.queued("SET foo3 bar3");
        a.queued("GET foo3");
        a.send("EXEC");
        assertEquals(List.of("txn: 0:SET foo bar, 0:SET foo2 bar2, 0:SET foo3 bar3,"), appends,
                "one append holding the three writes, none of the reads");
    }

    @Test
    @DisplayName("MULTI / EXEC is propagated correctly (multiple commands with SELECT)")
    void multipleCommandsWithSelect() {
        a.ok("MULTI");
        a.queued("SELECT 1");
        a.queued("SET foo bar");
        a.queued("GET foo");
        a.queued("SELECT 2");
        a.queued("SET foo2 bar2");
        a.queued("SELECT 3");
        a.queued("SET foo3 bar3");
        a.send("EXEC");
        assertEquals(List.of("txn: 1:SET foo bar, 2:SET foo2 bar2, 3:SET foo3 bar3,"), appends);
    }

    @Test
    @DisplayName("MULTI / EXEC is propagated correctly (empty transaction)")
    void emptyTransaction() {
        a.ok("MULTI");
        a.send("EXEC");
        a.ok("SET foo bar");
        assertEquals(List.of("single: 0:SET foo bar,"), appends);
    }

    @Test
    @DisplayName("MULTI / EXEC is propagated correctly (read-only commands)")
    void readOnlyTransaction() {
        a.ok("SET foo value1");
        appends.clear();
        a.ok("MULTI");
        a.queued("GET foo");
        a.send("EXEC");
        a.ok("SET foo value2");
        assertEquals(List.of("single: 0:SET foo value2,"), appends);
    }

    @Test
    @DisplayName("MULTI / EXEC is propagated correctly (write command, no effect)")
    void writeWithNoEffect() {
        a.run("DEL bar", "DEL foo");
        appends.clear();
        a.ok("MULTI");
        a.queued("DEL foo");
        a.send("EXEC");
        a.send("INCR foo");
        assertEquals(List.of("single: 0:INCR foo,"), appends);
    }

    @Test
    @DisplayName("MULTI with FLUSHALL and AOF")
    void multiWithFlushall() {
        a.ok("MULTI");
        a.queued("SET foo bar");
        a.queued("FLUSHALL");
        a.send("EXEC");
        assertEquals(List.of("txn: 0:SET foo bar, 0:FLUSHALL,"), appends);
        a.expect("GET foo", dev.txnharness.engine.EngineTestSupport.NIL);
    }

    @Test
    @DisplayName("An EXEC aborted by a touched key hands over nothing")
    void abortedExecLogsNothing() {
        Conn b = s.connect();
        a.ok("WATCH k");
        b.ok("SET k 1");
        appends.clear();
        a.ok("MULTI");
        a.queued("SET x 1");
        a.expect("EXEC", NIL_ARRAY);
        assertEquals(List.of(), appends);
    }

    @Test
    @DisplayName("An EXEC aborted by a queue-time error hands over nothing")
    void execAbortLogsNothing() {
        a.ok("MULTI");
        a.queued("SET x 1");
        a.send("NOSUCH");
        a.expect("EXEC", EXECABORT);
        assertEquals(List.of(), appends);
    }

    @Test
    @DisplayName("Writes outside a transaction are handed over one by one, not flagged as a transaction")
    void singleWrites() {
        a.ok("SET a 1");
        a.send("INCR a");
        assertEquals(List.of("single: 0:SET a 1,", "single: 0:INCR a,"), appends);
    }

    @Test
    @DisplayName("A transaction's writes that fail at run time are not handed over; the others are, in one append")
    void runTimeErrorsNotLogged() {
        a.ok("SET s abc");
        appends.clear();
        a.ok("MULTI");
        a.queued("SET a 1");
        a.queued("INCR s");
        a.queued("SET b 2");
        a.send("EXEC");
        assertEquals(List.of("txn: 0:SET a 1, 0:SET b 2,"), appends);
    }

    /** The hand-over of a two-write transaction on an engine with these faults (FaultsAreObservableTest). */
    static List<String> twoWriteTransaction(Fault... faults) {
        List<String> out = new ArrayList<>();
        try (Session s = new Session(faults)) {
            s.engine.setCommandLog(recorder(out));
            Conn c = s.connect();
            c.ok("MULTI");
            c.queued("SET a 1");
            c.queued("SET b 2");
            c.send("EXEC");
        }
        return out;
    }

    @Test
    @DisplayName("A two-write transaction is handed over in one append")
    void twoWritesOneAppend() {
        assertEquals(List.of("txn: 0:SET a 1, 0:SET b 2,"), twoWriteTransaction());
    }
}
