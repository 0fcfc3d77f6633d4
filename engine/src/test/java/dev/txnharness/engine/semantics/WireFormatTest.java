package dev.txnharness.engine.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.EngineTestSupport;
import dev.txnharness.engine.TwoClientTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bytes a client sees, compared byte for byte with what redis-server 7.0.15 sent for the same
 * commands (captured with raw sockets): PING, the null array of an aborted EXEC in RESP2 and RESP3,
 * EXEC's array nesting each command's own reply type, and the error texts of line 22.
 *
 * <p>Covers SEMANTICS.md lines 21 and 22, the wire side of lines 1, 3, 5, 6, 7 and 8 ({@code +OK},
 * {@code +QUEUED}, the error lines, {@code *-1} / {@code _}), and the "peers get wrong" items:
 * aborted EXEC as {@code $-1}; PING as a bulk string.
 */
class WireFormatTest extends TwoClientTest {
    /** Switches {@code a} to RESP3 (HELLO 3). */
    private void resp3() {
        a.send("HELLO 3");
        assertEquals(3, a.client().protocol());
    }

    private void touchWatchedKey() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        b.ok("SET k 2");
    }

    @Test
    @DisplayName("PING answers the simple string +PONG, not a bulk string")
    void pingIsSimpleString() {
        a.expectWire("PING", "+PONG\r\n");
    }

    @Test
    @DisplayName("PING with an argument answers it as a bulk string")
    void pingWithArgumentIsBulk() {
        a.expectWire("PING hi", "$2\r\nhi\r\n");
    }

    @Test
    @DisplayName("PING inside EXEC: +PONG and the bulk echo nest as they are")
    void pingInsideExec() {
        a.ok("MULTI");
        a.expectWire("PING", "+QUEUED\r\n");
        a.expectWire("PING hi", "+QUEUED\r\n");
        a.expectWire("EXEC", "*2\r\n+PONG\r\n$2\r\nhi\r\n");
    }

    @Test
    @DisplayName("MULTI answers +OK and queued commands +QUEUED")
    void multiAndQueued() {
        a.expectWire("MULTI", "+OK\r\n");
        a.expectWire("SET k v", "+QUEUED\r\n");
        a.expectWire("EXEC", "*1\r\n+OK\r\n");
    }

    @Test
    @DisplayName("An aborted EXEC is the null array *-1 in RESP2, not the null bulk $-1")
    void abortedExecIsNullArray() {
        touchWatchedKey();
        a.ok("MULTI");
        a.queued("PING");
        a.expectWire("EXEC", "*-1\r\n");
    }

    @Test
    @DisplayName("An aborted EXEC is _ in RESP3")
    void abortedExecResp3() {
        resp3();
        touchWatchedKey();
        a.ok("MULTI");
        a.queued("PING");
        a.expectWire("EXEC", "_\r\n");
    }

    @Test
    @DisplayName("EXEC's array nests each command's own reply type (RESP2)")
    void execNestsReplyTypesResp2() {
        a.ok("MULTI");
        a.queued("GET nokey");
        a.queued("HSET h f v");
        a.queued("HGETALL h");
        a.queued("SMEMBERS h2");
        a.queued("PING");
        a.queued("PING hi");
        a.expectWire("EXEC", "*6\r\n$-1\r\n:1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*0\r\n+PONG\r\n$2\r\nhi\r\n");
    }

    @Test
    @DisplayName("EXEC's array nests each command's own reply type (RESP3: _ for nulls, % for maps, ~ for sets)")
    void execNestsReplyTypesResp3() {
        resp3();
        a.ok("MULTI");
        a.queued("GET nokey");
        a.queued("HSET h f v");
        a.queued("HGETALL h");
        a.queued("SMEMBERS h2");
        a.expectWire("EXEC", "*4\r\n_\r\n:1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n~0\r\n");
    }

    @Test
    @DisplayName("EXEC's array nests errors, sets and integers (RESP3)")
    void execNestsErrorsResp3() {
        resp3();
        a.ok("SET s abc");
        a.ok("MULTI");
        a.queued("INCR s");
        a.queued("SADD st a");
        a.queued("SMEMBERS st");
        a.queued("EXISTS s");
        a.expectWire("EXEC", "*4\r\n-ERR value is not an integer or out of range\r\n:1\r\n~1\r\n$1\r\na\r\n:1\r\n");
    }

    @Test
    @DisplayName("EXEC's array nests null arrays: BLPOP with nothing and LPOP with a count (RESP2 *-1, RESP3 _)")
    void execNestsNullArrays() {
        a.ok("MULTI");
        a.queued("BLPOP l 0");
        a.queued("LPOP nolist 2");
        a.expectWire("EXEC", "*2\r\n*-1\r\n*-1\r\n");
        resp3();
        a.ok("MULTI");
        a.queued("BLPOP l 0");
        a.queued("LPOP nolist 2");
        a.expectWire("EXEC", "*2\r\n_\r\n_\r\n");
    }

    @Test
    @DisplayName("GET of a missing key is $-1 in RESP2 and _ in RESP3")
    void nullBulk() {
        a.expectWire("GET nokey", "$-1\r\n");
        resp3();
        a.expectWire("GET nokey", "_\r\n");
    }

    @Test
    @DisplayName("HELLO 3 answers a RESP3 map")
    void hello3() {
        String id = Long.toString(a.client().id());
        a.expectWire("HELLO 3", "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
                + "$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n");
    }

    @Test
    @DisplayName("Empty EXEC is *0 in both protocols")
    void emptyExec() {
        a.ok("MULTI");
        a.expectWire("EXEC", "*0\r\n");
        resp3();
        a.ok("MULTI");
        a.expectWire("EXEC", "*0\r\n");
    }

    @Test
    @DisplayName("EXECABORT is the same error line in RESP3")
    void execAbortResp3() {
        resp3();
        a.ok("MULTI");
        a.send("NOSUCH");
        a.expectWire("EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("Error lines of the transaction commands")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            EXEC    => -ERR EXEC without MULTI
            DISCARD => -ERR DISCARD without MULTI
            WATCH   => -ERR wrong number of arguments for 'watch' command
            EXEC x  => -EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command
            """)
    void transactionErrorLines(String line, String error) {
        a.expectWire(line, error + "\r\n");
    }

    @Test
    @DisplayName("Error lines inside MULTI: nested MULTI, WATCH")
    void errorLinesInsideMulti() {
        a.ok("MULTI");
        a.expectWire("MULTI", "-ERR MULTI calls can not be nested\r\n");
        a.expectWire("WATCH k", "-ERR WATCH inside MULTI is not allowed\r\n");
        a.expectWire("EXEC", "*0\r\n");
    }

    @Test
    @DisplayName("INCR on a non-integer: -ERR value is not an integer or out of range")
    void incrNotInteger() {
        a.ok("SET k abc");
        a.expectWire("INCR k", "-ERR value is not an integer or out of range\r\n");
        a.ok("SET k 1.5");
        a.expectWire("INCR k", "-ERR value is not an integer or out of range\r\n");
        a.expectWire("INCRBY k2 x", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    @DisplayName("INCR past 2^63-1: -ERR increment or decrement would overflow")
    void incrOverflow() {
        a.ok("SET k 9223372036854775807");
        a.expectWire("INCR k", "-ERR increment or decrement would overflow\r\n");
        a.expectWire("GET k", "$19\r\n9223372036854775807\r\n");
        a.ok("SET m -9223372036854775808");
        a.expectWire("DECR m", "-ERR increment or decrement would overflow\r\n");
    }

    @Test
    @DisplayName("INCR on the wrong type: -WRONGTYPE Operation against a key holding the wrong kind of value")
    void incrWrongType() {
        a.send("LPUSH l x");
        a.expectWire("INCR l", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @ParameterizedTest(name = "SELECT {0}")
    @DisplayName("SELECT out of range: -ERR DB index is out of range")
    @CsvSource({"16", "-1", "1000000"})
    void selectOutOfRange(String db) {
        a.expectWire("SELECT " + db, "-ERR DB index is out of range\r\n");
        assertEquals(0, a.client().db().id());
    }

    @Test
    @DisplayName("SELECT of a non-number: -ERR value is not an integer or out of range")
    void selectNotANumber() {
        a.expectWire("SELECT abc", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    @DisplayName("The line-22 errors inside EXEC are array elements with the same text")
    void line22ErrorsInsideExec() {
        a.ok("SET s abc");
        a.ok("SET big 9223372036854775807");
        a.send("LPUSH l x");
        a.ok("MULTI");
        a.queued("INCR s");
        a.queued("INCR big");
        a.queued("INCR l");
        a.queued("SELECT 16");
        a.expectWire("EXEC", "*4\r\n-ERR value is not an integer or out of range\r\n"
                + "-ERR increment or decrement would overflow\r\n"
                + "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
                + "-ERR DB index is out of range\r\n");
    }

    @Test
    @DisplayName("RespWriter renders the null array as *-1 and the null bulk as $-1 (they are not interchangeable)")
    void nullKindsDiffer() {
        assertEquals("*-1\r\n", EngineTestSupport.wire(EngineTestSupport.NIL_ARRAY, 2));
        assertEquals("$-1\r\n", EngineTestSupport.wire(EngineTestSupport.NIL, 2));
        assertEquals("_\r\n", EngineTestSupport.wire(EngineTestSupport.NIL_ARRAY, 3));
    }
}
