package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.QUEUED;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.protocol.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MULTI, queueing, EXEC and DISCARD on the happy path and with run-time errors.
 *
 * <p>Covers SEMANTICS.md lines 1 (MULTI, nested MULTI does not abort), 2 (everything but EXEC,
 * DISCARD, MULTI, WATCH, QUIT, RESET is queued, UNWATCH and SELECT included), 5 (EXEC / DISCARD
 * without MULTI), 9 (EXEC runs the queue in order, run-time errors go into the array, nothing is
 * rolled back, empty EXEC) and 11 (DISCARD), and the "peers get wrong" items: EXEC answering nil
 * after a run-time error, UNWATCH or SELECT running immediately inside MULTI, DISCARD without
 * MULTI answering OK. Every expected reply was confirmed against redis-server 7.0.15.
 */
class MultiExecTest extends TwoClientTest {
    @Test
    @DisplayName("MULTI / EXEC basics")
    void multiExecBasics() {
        a.run("DEL mylist", "RPUSH mylist a", "RPUSH mylist b", "RPUSH mylist c");
        a.ok("MULTI");
        a.queued("LRANGE mylist 0 -1");
        a.queued("PING");
        a.expect("EXEC", array(array(bulk("a"), bulk("b"), bulk("c")), PONG));
    }

    @Test
    @DisplayName("DISCARD")
    void discard() {
        a.run("DEL mylist", "RPUSH mylist a", "RPUSH mylist b", "RPUSH mylist c");
        a.ok("MULTI");
        a.queued("DEL mylist");
        a.ok("DISCARD");
        a.expect("LRANGE mylist 0 -1", array(bulk("a"), bulk("b"), bulk("c")));
    }

    @Test
    @DisplayName("DISCARD leaves MULTI: the next EXEC is EXEC without MULTI")
    void discardLeavesMulti() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.ok("DISCARD");
        a.expect("EXEC", err("ERR EXEC without MULTI"));
        a.expect("GET a", NIL);
        a.expect("PING", PONG); // answered at once: no longer queueing
    }

    @Test
    @DisplayName("Nested MULTI are not allowed")
    void nestedMultiNotAllowed() {
        a.ok("MULTI");
        a.expect("MULTI", err("ERR MULTI calls can not be nested"));
        a.expect("EXEC", array());
    }

    @Test
    @DisplayName("Nested MULTI does not abort the transaction (its queue still runs)")
    void nestedMultiDoesNotAbort() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("MULTI", err("ERR MULTI calls can not be nested"));
        a.queued("INCR a");
        a.expect("EXEC", array(OK, integer(2)));
    }

    @Test
    @DisplayName("MULTI where commands alter argc/argv")
    void commandsThatAlterArgv() {
        a.run("SADD myset a");
        a.ok("MULTI");
        a.queued("SPOP myset");
        a.expect("EXEC", array(bulk("a")));
        a.expect("EXISTS myset", integer(0));
    }

    @Test
    @DisplayName("Queued commands are not run until EXEC (another client sees nothing)")
    void queuedCommandsDoNotRunBeforeExec() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.queued("INCR counter");
        b.expect("GET a", NIL);
        b.expect("GET counter", NIL);
        a.expect("EXEC", array(OK, integer(1)));
        b.expect("GET a", bulk("1"));
    }

    @Test
    @DisplayName("EXEC runs the queue in order")
    void execRunsInOrder() {
        a.ok("MULTI");
        a.queued("SET x 1");
        a.queued("APPEND x 2");
        a.queued("APPEND x 3");
        a.queued("GET x");
        a.expect("EXEC", array(OK, integer(2), integer(3), bulk("123")));
    }

    @ParameterizedTest(name = "{0} is queued inside MULTI")
    @DisplayName("Every command but EXEC, DISCARD, MULTI, WATCH, QUIT, RESET is queued")
    @ValueSource(strings = {"PING", "ECHO hi", "GET k", "SET k v", "UNWATCH", "SELECT 1", "FLUSHALL", "FLUSHDB",
            "SWAPDB 0 1", "DEL k", "EXPIRE k 10", "BLPOP l 0", "CLIENT ID", "CONFIG GET maxmemory", "INFO",
            "DBSIZE", "KEYS *", "TIME", "AUTH secret"})
    void commandIsQueued(String line) {
        a.ok("MULTI");
        a.expect(line, QUEUED);
        assertEquals(1, a.client().multiState().queued(), "the command is in the queue");
        a.ok("DISCARD");
    }

    @Test
    @DisplayName("UNWATCH inside MULTI is queued, not run at once (it does not save a dirty transaction)")
    void unwatchIsQueued() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        b.ok("SET k 2");
        a.ok("MULTI");
        a.queued("UNWATCH");
        a.queued("SET z 1");
        a.expect("EXEC", Reply.NullArray.INSTANCE);
        a.expect("GET z", NIL);
    }

    @Test
    @DisplayName("SELECT inside MULTI is queued and runs at EXEC; the client stays in the new db")
    void selectIsQueued() {
        a.ok("MULTI");
        a.queued("SELECT 1");
        a.queued("SET a 1");
        a.queued("GET a");
        a.expect("EXEC", array(OK, OK, bulk("1")));
        a.expect("GET a", bulk("1"));
        a.ok("SELECT 0");
        a.expect("GET a", NIL);
    }

    @Test
    @DisplayName("SELECT inside MULTI does not change the db of the commands before EXEC")
    void selectDoesNotRunImmediately() {
        a.ok("MULTI");
        a.queued("SELECT 1");
        assertEquals(0, a.client().db().id(), "SELECT must wait for EXEC");
        a.ok("DISCARD");
        assertEquals(0, a.client().db().id(), "a discarded SELECT never runs");
    }

    @Test
    @DisplayName("EXEC without MULTI")
    void execWithoutMulti() {
        a.expect("EXEC", err("ERR EXEC without MULTI"));
    }

    @Test
    @DisplayName("DISCARD without MULTI")
    void discardWithoutMulti() {
        a.expect("DISCARD", err("ERR DISCARD without MULTI"));
    }

    @Test
    @DisplayName("Empty MULTI / EXEC answers an empty array")
    void emptyExec() {
        a.ok("MULTI");
        a.expectWire("EXEC", "*0\r\n");
    }

    @Test
    @DisplayName("Run-time errors go into EXEC's array; the other commands still run; nothing is rolled back")
    void runTimeErrorsInArray() {
        a.run("SET s abc", "SET big 9223372036854775807", "LPUSH l x");
        a.ok("MULTI");
        a.queued("SET before 1");
        a.queued("INCR s");
        a.queued("INCR big");
        a.queued("INCR l");
        a.queued("SELECT 99");
        a.queued("LSET l 5 v");
        a.queued("SET after 2");
        a.queued("PING a b");
        a.expect("EXEC", array(OK,
                err("ERR value is not an integer or out of range"),
                err("ERR increment or decrement would overflow"),
                err("WRONGTYPE Operation against a key holding the wrong kind of value"),
                err("ERR DB index is out of range"),
                err("ERR index out of range"),
                OK,
                err("ERR wrong number of arguments for 'ping' command")));
        b.expect("GET before", bulk("1"));
        b.expect("GET after", bulk("2"));
        b.expect("GET s", bulk("abc"));
    }

    @Test
    @DisplayName("EXEC with only a failing command answers an array with the error, not nil")
    void execWithFailingCommandIsNotNil() {
        a.run("SET s abc");
        a.ok("MULTI");
        a.queued("INCR s");
        a.expectWire("EXEC", "*1\r\n-ERR value is not an integer or out of range\r\n");
    }

    @Test
    @DisplayName("A command after a run-time error sees the state the earlier ones left (no rollback)")
    void noRollback() {
        a.ok("MULTI");
        a.queued("INCR n");
        a.queued("LPUSH n x");
        a.queued("INCR n");
        a.expect("EXEC", array(integer(1),
                err("WRONGTYPE Operation against a key holding the wrong kind of value"), integer(2)));
    }

    @Test
    @DisplayName("DISCARD drops the queue: a new MULTI starts empty")
    void discardDropsQueue() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.ok("DISCARD");
        a.ok("MULTI");
        a.queued("GET a");
        a.expect("EXEC", array(NIL));
    }

    @Test
    @DisplayName("After EXEC the client is out of MULTI")
    void execLeavesMulti() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("EXEC", array(OK));
        a.expect("GET a", bulk("1"));
        a.expect("EXEC", err("ERR EXEC without MULTI"));
    }
}
