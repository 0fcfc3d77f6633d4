package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.EXECABORT;
import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.TwoClientTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors at queue time: the transaction is flagged (DIRTY_EXEC) and EXEC aborts with EXECABORT;
 * the commands that are refused without aborting (nested MULTI, WATCH inside MULTI); EXEC itself
 * refused (EXEC with arguments).
 *
 * <p>Covers SEMANTICS.md lines 3 (unknown command, wrong arity, no-multi command; later commands
 * still answered +QUEUED but not stored; the unknown-command text with its 128-byte cut), 4 (WATCH
 * inside MULTI does not abort), 6 (EXECABORT discards and unwatches), 7 (EXEC with arguments ends
 * the transaction with "EXECABORT Transaction discarded because of: ...") and the DIRTY_EXEC-wins
 * part of 8; and the "peers get wrong" items: queue-time arity checked only at EXEC (partial
 * commit), watches not cleared after EXECABORT. The OOM rejection of line 3 is not testable: the
 * engine has no maxmemory.
 */
class QueueErrorTest extends TwoClientTest {
    @Test
    @DisplayName("EXEC fails if there are errors while queueing commands #1")
    void execFailsAfterUnknownCommand() {
        a.run("DEL foo1 foo2");
        a.ok("MULTI");
        a.queued("SET foo1 bar1");
        a.expect("NON-EXISTING-COMMAND", err("ERR unknown command 'NON-EXISTING-COMMAND', with args beginning with: "));
        a.queued("SET foo2 bar2");
        a.expect("EXEC", EXECABORT);
        a.expect("EXISTS foo1", integer(0));
        a.expect("EXISTS foo2", integer(0));
    }

    @Test
    @DisplayName("If EXEC aborts, the client MULTI state is cleared")
    void execAbortClearsMultiState() {
        a.ok("MULTI");
        a.queued("SET foo1 bar1");
        a.send("NON-EXISTING-COMMAND");
        a.queued("SET foo2 bar2");
        a.expect("EXEC", EXECABORT);
        a.expect("PING", PONG);
        a.expect("EXEC", err("ERR EXEC without MULTI"));
    }

    @Test
    @DisplayName("Unknown command inside MULTI: each argument quoted and followed by a space")
    void unknownCommandText() {
        a.ok("MULTI");
        a.expectWire("foo a b", "-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
        a.expectWire("EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n");
    }

    @Test
    @DisplayName("Unknown command text: the argument list is cut near 128 bytes")
    void unknownCommandTextIsCut() {
        String x100 = "x".repeat(100);
        a.ok("MULTI");
        // 'x*100' + space = 103 bytes, then 128 - 103 = 25 bytes of the second argument, then nothing more
        a.expectWire("foo " + x100 + " " + "y".repeat(35) + " zzz",
                "-ERR unknown command 'foo', with args beginning with: '" + x100 + "' '" + "y".repeat(25) + "' \r\n");
        a.expect("EXEC", EXECABORT);
    }

    @Test
    @DisplayName("Unknown command text: one long argument shows its first 128 bytes")
    void unknownCommandLongArgument() {
        String x200 = "x".repeat(200);
        a.expectWire("foo " + x200 + " b",
                "-ERR unknown command 'foo', with args beginning with: '" + "x".repeat(128) + "' \r\n");
    }

    @Test
    @DisplayName("Unknown command text: the command name is cut at 128 bytes")
    void unknownCommandLongName() {
        a.expectWire("Q".repeat(200) + " b",
                "-ERR unknown command '" + "Q".repeat(128) + "', with args beginning with: 'b' \r\n");
    }

    @Test
    @DisplayName("Unknown subcommand inside MULTI aborts the transaction")
    void unknownSubcommand() {
        a.ok("MULTI");
        a.expect("CLIENT foo", err("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
        a.queued("SET a 1");
        a.expect("EXEC", EXECABORT);
        a.expect("GET a", NIL);
    }

    @Test
    @DisplayName("Wrong arity is refused at queue time, not at EXEC (no partial commit)")
    void arityCheckedAtQueueTime() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expectWire("SET b", "-ERR wrong number of arguments for 'set' command\r\n");
        a.queued("SET c 3");
        a.expect("EXEC", EXECABORT);
        b.expect("EXISTS a b c", integer(0));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("Wrong arity of any command at queue time aborts the transaction")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            GET            => ERR wrong number of arguments for 'get' command
            GET a b        => ERR wrong number of arguments for 'get' command
            INCR           => ERR wrong number of arguments for 'incr' command
            LPUSH l        => ERR wrong number of arguments for 'lpush' command
            UNWATCH x      => ERR wrong number of arguments for 'unwatch' command
            SELECT         => ERR wrong number of arguments for 'select' command
            CLIENT SETNAME => ERR wrong number of arguments for 'client|setname' command
            """)
    void anyArityErrorAborts(String line, String error) {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect(line, err(error));
        a.expect("EXEC", EXECABORT);
        b.expect("GET a", NIL);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("A no-multi command inside MULTI is refused and aborts the transaction")
    @CsvSource({"SYNC", "PSYNC ? -1"})
    void noMultiCommand(String line) {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expectWire(line, "-ERR Command not allowed inside a transaction\r\n");
        a.expect("EXEC", EXECABORT);
        b.expect("GET a", NIL);
    }

    @Test
    @DisplayName("Once the transaction is dirty, commands are still answered +QUEUED but not stored")
    void dirtyTransactionStoresNothing() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.send("NOSUCH");
        assertEquals(1, a.client().multiState().queued());
        a.queued("SET b 2");
        a.queued("INCR c");
        assertEquals(1, a.client().multiState().queued(), "a doomed transaction keeps nothing more");
        a.expect("EXEC", EXECABORT);
        b.expect("EXISTS a b c", integer(0));
    }

    @Test
    @DisplayName("A queued UNWATCH does not save a transaction flagged by a queue-time error")
    void queuedUnwatchDoesNotSaveDirtyExec() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.send("NOSUCH");
        a.queued("UNWATCH");
        a.expect("EXEC", EXECABORT);
        b.expect("GET a", NIL);
    }

    @Test
    @DisplayName("WATCH inside MULTI is not allowed")
    void watchInsideMulti() {
        a.ok("MULTI");
        a.expectWire("WATCH x", "-ERR WATCH inside MULTI is not allowed\r\n");
        a.expect("EXEC", array());
    }

    @Test
    @DisplayName("WATCH inside MULTI does not abort the transaction, and watches nothing")
    void watchInsideMultiDoesNotAbort() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("WATCH x", err("ERR WATCH inside MULTI is not allowed"));
        b.ok("SET x changed"); // would abort the EXEC if WATCH x had been taken
        a.queued("SET b 2");
        a.expect("EXEC", array(OK, OK));
    }

    @Test
    @DisplayName("WATCH without keys inside MULTI: the arity error comes first, and it does abort")
    void watchArityInsideMultiAborts() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expectWire("WATCH", "-ERR wrong number of arguments for 'watch' command\r\n");
        a.expect("EXEC", EXECABORT);
        b.expect("GET a", NIL);
    }

    @Test
    @DisplayName("EXEC with arguments inside MULTI: EXECABORT because of the arity error, transaction ended")
    void execWithArgumentsAbortsTransaction() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expectWire("EXEC x", "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
        a.expect("EXEC", err("ERR EXEC without MULTI"));
        b.expect("GET a", NIL);
    }

    @Test
    @DisplayName("EXEC with arguments outside MULTI answers EXECABORT too (as 7.0 does)")
    void execWithArgumentsOutsideMulti() {
        a.expectWire("EXEC x", "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
    }

    @Test
    @DisplayName("EXEC with arguments unwatches all keys")
    void execWithArgumentsUnwatches() {
        a.ok("SET k v");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.send("EXEC x");
        b.ok("SET k 2");
        a.assertExecRuns("the aborted EXEC released the watch on k");
    }

    @Test
    @DisplayName("DISCARD and MULTI with arguments: arity errors that do not end the transaction")
    void discardAndMultiArity() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("DISCARD x", err("ERR wrong number of arguments for 'discard' command"));
        a.expect("MULTI x", err("ERR wrong number of arguments for 'multi' command"));
        a.expect("EXEC", EXECABORT);
        b.expect("GET a", NIL);
    }

    @Test
    @DisplayName("EXECABORT wins over a touched watched key (DIRTY_EXEC over DIRTY_CAS)")
    void dirtyExecWinsOverDirtyCas() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        b.ok("SET k 2");
        a.ok("MULTI");
        a.send("NOSUCH");
        a.expect("EXEC", EXECABORT);
    }

    @Test
    @DisplayName("After EXECABORT the watched keys are no longer watched")
    void execAbortUnwatches() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.send("NOSUCH");
        a.expect("EXEC", EXECABORT);
        b.ok("SET k 3");
        a.assertExecRuns("EXECABORT released the watch on k");
        assertEquals(0, a.client().multiState().watching());
    }

    @Test
    @DisplayName("After EXECABORT of a dirty-CAS transaction the next transaction runs (flags cleared)")
    void execAbortClearsDirtyCas() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        b.ok("SET k 2");
        a.ok("MULTI");
        a.send("NOSUCH");
        a.expect("EXEC", EXECABORT);
        a.ok("MULTI");
        a.queued("GET k");
        a.expect("EXEC", array(bulk("2")));
    }

    @Test
    @DisplayName("A queue-time error outside MULTI is just an error: it flags nothing")
    void errorOutsideMultiFlagsNothing() {
        a.expect("NOSUCH", err("ERR unknown command 'NOSUCH', with args beginning with: "));
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("EXEC", array(OK));
    }

    @Test
    @DisplayName("A watched key touched after MULTI (before EXEC) still aborts: nil, not EXECABORT")
    void touchDuringMultiIsNil() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.queued("SET a 1");
        b.ok("SET k 2");
        a.expect("EXEC", NIL_ARRAY);
        b.expect("GET a", NIL);
    }
}
