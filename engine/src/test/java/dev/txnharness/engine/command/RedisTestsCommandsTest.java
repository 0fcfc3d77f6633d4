package dev.txnharness.engine.command;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The commands Redis's own tests/unit/multi.tcl needs beyond transactions (scripts/redis-tests.sh
 * runs it): SORT with STORE, FUNCTION on an engine without functions, SHUTDOWN inside MULTI.
 * Replies are Redis 7.0.15's, checked by hand against redis-server.
 */
class RedisTestsCommandsTest extends TwoClientTest {
    // multi.tcl: "EXEC fail on WATCHed key modified by SORT with STORE even if the result is empty"
    @Test
    @DisplayName("SORT with STORE of an empty result deletes the destination and touches its WATCH")
    void sortStoreEmptyTouchesWatchedKey() {
        a.expect("LPUSH foo bar", integer(1)).ok("WATCH foo");
        a.expect("SORT emptylist STORE foo", integer(0));
        a.expect("EXISTS foo", integer(0));
        a.ok("MULTI").queued("PING").expect("EXEC", NIL_ARRAY);
    }

    @Test
    @DisplayName("SORT with STORE of an empty result into a missing key touches nothing")
    void sortStoreEmptyIntoMissingKeyTouchesNothing() {
        a.ok("WATCH foo");
        b.expect("SORT emptylist STORE foo", integer(0));
        a.ok("MULTI").queued("PING").expect("EXEC", array(PONG));
    }

    @Test
    @DisplayName("SORT orders numbers, ALPHA orders bytes, DESC and LIMIT cut, STORE writes a list")
    void sortOrdersAndStores() {
        a.expect("RPUSH l 3 10 1 2", integer(4));
        a.expect("SORT l", array(bulk("1"), bulk("2"), bulk("3"), bulk("10")));
        a.expect("SORT l ALPHA", array(bulk("1"), bulk("10"), bulk("2"), bulk("3")));
        a.expect("SORT l DESC LIMIT 1 2", array(bulk("3"), bulk("2")));
        a.expect("SORT l LIMIT 10 2", Reply.Array.EMPTY);
        a.expect("SORT l STORE dst", integer(4));
        a.expect("LRANGE dst 0 -1", array(bulk("1"), bulk("2"), bulk("3"), bulk("10")));
        a.expect("RPUSH bad x", integer(1));
        a.expect("SORT bad", err("ERR One or more scores can't be converted into double"));
        a.ok("SET str v");
        a.expect("SORT str", err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        a.expect("SORT l FOO", err("ERR syntax error"));
        a.expect("SORT_RO l STORE dst", err("ERR syntax error"));
    }

    @Test
    @DisplayName("SORT BY and GET patterns read strings and hash fields; BY nosort keeps the list order (DESC reads it backwards)")
    void sortByAndGetPatterns() {
        a.expect("RPUSH l a b c", integer(3));
        a.ok("MSET w_a 3 w_b 1 w_c 2");
        a.expect("HSET h_a f A", integer(1));
        a.expect("SORT l BY w_*", array(bulk("b"), bulk("c"), bulk("a")));
        a.expect("SORT l BY w_* GET # GET h_*->f", array(bulk("b"), NIL, bulk("c"), NIL, bulk("a"), bulk("A")));
        a.expect("SORT l BY nosort DESC", array(bulk("c"), bulk("b"), bulk("a")));
        a.expect("SORT l BY nosort GET h_*->f STORE dst", integer(3));
        a.expect("LRANGE dst 0 -1", array(bulk("A"), bulk(""), bulk("")));
    }

    @Test
    @DisplayName("SORT of a sorted set with BY nosort follows the set's order, reversed by DESC")
    void sortZsetNosort() {
        a.expect("ZADD z 1 c 2 b 3 a", integer(3));
        a.expect("SORT z BY nosort", array(bulk("c"), bulk("b"), bulk("a")));
        a.expect("SORT z BY nosort DESC LIMIT 0 1", array(bulk("a")));
    }

    // run_external_server_test sends FUNCTION FLUSH before every file
    @Test
    @DisplayName("FUNCTION FLUSH, LIST and KILL on an engine without functions")
    void functionWithoutFunctions() {
        a.ok("FUNCTION FLUSH").ok("FUNCTION FLUSH ASYNC").ok("function flush sync");
        a.expect("FUNCTION FLUSH LATER", err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option"));
        a.expect("FUNCTION LIST", Reply.Array.EMPTY);
        a.expect("FUNCTION LIST WITHCODE LIBRARYNAME x*", Reply.Array.EMPTY);
        a.expect("FUNCTION LIST LIBRARYNAME", err("ERR library name argument was not given"));
        a.expect("FUNCTION LIST BOGUS", err("ERR Unknown argument BOGUS"));
        a.expect("FUNCTION KILL", err("NOTBUSY No scripts in execution right now."));
        a.expect("FUNCTION NOPE", err("ERR unknown subcommand 'NOPE'. Try FUNCTION HELP."));
    }

    // multi.tcl: "MULTI with SHUTDOWN"
    @Test
    @DisplayName("SHUTDOWN inside MULTI is refused and aborts the transaction")
    void shutdownInsideMulti() {
        a.ok("MULTI").queued("SET foo bar");
        a.expect("SHUTDOWN", err("ERR Command not allowed inside a transaction"));
        a.expect("EXEC", err("EXECABORT Transaction discarded because of previous errors."));
        a.expect("GET foo", NIL);
    }

    @Test
    @DisplayName("SHUTDOWN without a server to stop answers Redis's failure error")
    void shutdownWithoutServer() {
        a.expect("SHUTDOWN NOSAVE", err("ERR Errors trying to SHUTDOWN. Check logs."));
        a.expect("SHUTDOWN LATER", err("ERR syntax error"));
        a.expect("PING", PONG);
        a.expect("SET k v", OK);
    }

    @Test
    @DisplayName("POST or Host: as a command closes an in-process client too, even inside MULTI")
    void crossProtocolAttackClosesInProcessClient() {
        List<String> log = new ArrayList<>();
        s.engine.setWarningLog(log::add);
        a.ok("MULTI");
        a.send("post / HTTP/1.1");
        assertTrue(a.client().isClosed());
        b.send("HOST: x");
        assertTrue(b.client().isClosed());
        assertEquals(1, log.size(), "logged at most once a minute");
        s.connect().expect("PING", PONG);
    }
}
