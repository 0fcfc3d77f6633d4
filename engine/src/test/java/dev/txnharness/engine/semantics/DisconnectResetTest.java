package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.protocol.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ways a transaction ends without EXEC: disconnect, QUIT, RESET.
 *
 * <p>Covers SEMANTICS.md line 12 (a client that disconnects or QUITs in MULTI has nothing executed
 * and its watches are released; RESET leaves MULTI, unwatches, resets SELECT to 0 and answers
 * +RESET) and the RESET/disconnect part of line 19 (they unwatch everything). QUIT is answered
 * +OK, not +QUEUED, and the connection closes after the reply; in process, the test closes the
 * client as the RESP server would.
 */
class DisconnectResetTest extends TwoClientTest {
    private boolean anyWatcherOn(int db, String key) {
        return s.engine.locked(() -> s.engine.keyspace().db(db).watchedKeys.containsKey(Key.of(key)));
    }

    @Test
    @DisplayName("A client that disconnects in MULTI has nothing executed")
    void disconnectInMulti() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.queued("INCR n");
        a.close();
        b.expect("EXISTS a n", integer(0));
        assertTrue(a.client().isClosed());
    }

    @Test
    @DisplayName("A client that disconnects releases its watches")
    void disconnectReleasesWatches() {
        a.ok("WATCH k j");
        assertTrue(anyWatcherOn(0, "k"));
        a.close();
        assertFalse(anyWatcherOn(0, "k"), "k is no longer watched by anyone");
        assertFalse(anyWatcherOn(0, "j"), "j is no longer watched by anyone");
    }

    @Test
    @DisplayName("A client that disconnects in MULTI releases its watches (in the db they were made in)")
    void disconnectInMultiReleasesWatches() {
        a.ok("SELECT 4");
        a.ok("WATCH k");
        a.ok("SELECT 0");
        a.ok("MULTI");
        a.queued("SET k v");
        a.close();
        assertFalse(anyWatcherOn(4, "k"));
        b.ok("SELECT 4");
        b.ok("SET k other"); // touches no one, and must not fail
        b.expect("GET k", bulk("other"));
    }

    @Test
    @DisplayName("A disconnected watcher does not affect another watcher of the same key")
    void disconnectKeepsOtherWatchers() {
        Conn c = s.connect();
        a.ok("WATCH k");
        c.ok("WATCH k");
        a.close();
        b.ok("SET k 1");
        c.assertExecAborts("c still watches k");
    }

    @Test
    @DisplayName("A closed client cannot send commands")
    void closedClientRefuses() {
        a.close();
        assertThrows(IllegalStateException.class, () -> a.send("PING"));
    }

    @Test
    @DisplayName("QUIT in MULTI answers +OK, is not queued, and the transaction never runs")
    void quitInMulti() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expectWire("QUIT", "+OK\r\n");
        assertTrue(a.client().closeAfterReply(), "the connection closes after the +OK");
        a.close(); // what the server does after writing the reply
        b.expect("EXISTS a", integer(0));
        assertFalse(anyWatcherOn(0, "k"));
        b.ok("SET k 2");
    }

    @Test
    @DisplayName("RESET answers +RESET")
    void resetReply() {
        a.expectWire("RESET", "+RESET\r\n");
    }

    @Test
    @DisplayName("RESET in MULTI is not queued: it leaves MULTI and drops the queue")
    void resetLeavesMulti() {
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("RESET", new Reply.Simple("RESET"));
        a.expect("EXEC", err("ERR EXEC without MULTI"));
        a.expect("GET a", NIL);
        a.expect("PING", PONG);
    }

    @Test
    @DisplayName("RESET in a dirty transaction leaves MULTI and clears the error flag")
    void resetClearsDirtyExec() {
        a.ok("MULTI");
        a.send("NOSUCH");
        a.expect("RESET", new Reply.Simple("RESET"));
        a.ok("MULTI");
        a.queued("SET a 1");
        a.expect("EXEC", array(OK));
    }

    @Test
    @DisplayName("RESET unwatches all keys")
    void resetUnwatches() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        a.expect("RESET", new Reply.Simple("RESET"));
        b.ok("SET k 2");
        a.assertExecRuns("RESET released the watch on k");
        assertEquals(0, a.client().multiState().watching());
    }

    @Test
    @DisplayName("RESET clears the WATCH dirty flag")
    void resetClearsDirtyCas() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        b.ok("SET k 2");
        a.expect("RESET", new Reply.Simple("RESET"));
        a.assertExecRuns("RESET cleared the dirty flag");
    }

    @Test
    @DisplayName("RESET resets SELECT to db 0")
    void resetSelectsDb0() {
        a.ok("SET k db0");
        a.ok("SELECT 3");
        a.ok("SET k db3");
        a.expect("RESET", new Reply.Simple("RESET"));
        assertEquals(0, a.client().db().id());
        a.expect("GET k", bulk("db0"));
    }

    @Test
    @DisplayName("RESET inside MULTI after a queued SELECT: the SELECT never ran, the client is in db 0")
    void resetAfterQueuedSelect() {
        a.ok("SELECT 3");
        a.ok("MULTI");
        a.queued("SELECT 5");
        a.queued("SET k v");
        a.expect("RESET", new Reply.Simple("RESET"));
        assertEquals(0, a.client().db().id());
        b.ok("SELECT 5");
        b.expect("EXISTS k", integer(0));
    }

    @Test
    @DisplayName("RESET in MULTI with watched keys in several dbs releases all of them")
    void resetReleasesWatchesInAllDbs() {
        a.ok("WATCH k");
        a.ok("SELECT 2");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.expect("RESET", new Reply.Simple("RESET"));
        assertFalse(anyWatcherOn(0, "k"));
        assertFalse(anyWatcherOn(2, "k"));
    }
}
