package dev.txnharness.engine.command;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.protocol.Reply;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * LMOVE / RPOPLPUSH / BLMOVE / BRPOPLPUSH, BZPOPMIN / BZPOPMAX and the stream subset (XADD, XLEN,
 * XRANGE, XREAD, XGROUP, XREADGROUP, XACK), which multi.tcl's "Blocking commands ignores the
 * timeout" queues. Every expected reply was first taken from redis-server 7.0.15 (the same
 * commands sent to both, byte-compared).
 */
class MoveZpopStreamCommandsTest extends TwoClientTest {

    private static Reply entry(String id, String... fv) {
        Reply[] f = new Reply[fv.length];
        for (int i = 0; i < fv.length; i++) f[i] = bulk(fv[i]);
        return array(bulk(id), array(f));
    }

    @Test
    @DisplayName("LMOVE and RPOPLPUSH move one element; a wrong-typed destination moves nothing")
    void lmove() {
        a.expect("RPUSH l a b c", integer(3));
        a.expect("LMOVE l l2 LEFT RIGHT", bulk("a"));
        a.expect("LMOVE l l2 RIGHT LEFT", bulk("c"));
        a.expect("LMOVE l l2 UP LEFT", err("ERR syntax error"));
        a.expect("RPOPLPUSH l l2", bulk("b"));
        a.expect("RPOPLPUSH l l2", NIL);
        a.expect("LRANGE l2 0 -1", array(bulk("b"), bulk("c"), bulk("a")));
        a.expect("EXISTS l", integer(0));
        a.ok("SET str x");
        a.expect("LMOVE l2 str LEFT LEFT", err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        a.expect("LLEN l2", integer(3));
        a.expect("RPUSH one x", integer(1));
        a.expect("LMOVE one one LEFT RIGHT", bulk("x"));
        a.expect("LRANGE one 0 -1", array(bulk("x")));
    }

    @Test
    @DisplayName("LMOVE touches both keys: a WATCH on either fails the EXEC")
    void lmoveTouchesBothKeys() {
        a.expect("RPUSH src x", integer(1));
        a.ok("WATCH dst");
        b.expect("LMOVE src dst LEFT LEFT", bulk("x"));
        a.ok("MULTI").queued("PING").expect("EXEC", NIL_ARRAY);
        a.expect("RPUSH src y", integer(1));
        a.ok("WATCH src");
        b.expect("RPOPLPUSH src dst", bulk("y"));
        a.ok("MULTI").queued("PING").expect("EXEC", NIL_ARRAY);
    }

    @Test
    @DisplayName("BLMOVE blocks on an empty source and is served by the next push; its timeout answers *-1")
    void blmoveBlocksAndIsServed() {
        assertNull(a.send("BLMOVE src dst LEFT RIGHT 0"));
        b.expect("RPUSH src x y", integer(2));
        assertEquals(List.of(bulk("x")), a.pushed());
        b.expect("LRANGE dst 0 -1", array(bulk("x")));
        b.expect("LRANGE src 0 -1", array(bulk("y")));
        assertNull(a.send("BRPOPLPUSH empty dst 1"));
        s.advance(1000);
        s.cron();
        assertEquals(List.of(bulk("x"), NIL_ARRAY), a.pushed());
    }

    @Test
    @DisplayName("BZPOPMIN / BZPOPMAX pop from the first non-empty sorted set, or block until one is created")
    void bzpop() {
        a.expect("ZADD z 1 a 2 b 3 c", integer(3));
        a.expectWire("BZPOPMIN z 0", "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
        a.expectWire("BZPOPMAX z nolist 0", "*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n");
        a.expectWire("BZPOPMIN nozset z 0", "*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n");
        a.expect("BZPOPMIN z -1", err("ERR timeout is negative"));
        a.ok("SET str x");
        a.expect("BZPOPMIN str 0", err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertNull(a.send("BZPOPMIN zz 0"));
        b.expect("ZADD zz 2 m", integer(1));
        assertEquals(1, a.pushed().size());
        b.expect("EXISTS zz", integer(0));
    }

    @Test
    @DisplayName("XADD gives out increasing IDs, refuses smaller ones, and NOMKSTREAM creates nothing")
    void xadd() {
        a.expect("XADD s 1-1 f v", bulk("1-1"));
        a.expect("XADD s 1-1 f v", err("ERR The ID specified in XADD is equal or smaller than the target stream top item"));
        a.expect("XADD s 0-0 f v", err("ERR The ID specified in XADD must be greater than 0-0"));
        a.expect("XADD s 1-* g w", bulk("1-2"));
        a.expect("XADD s 2 a b c", err("ERR wrong number of arguments for 'xadd' command"));
        a.expect("XADD s bad a b", err("ERR Invalid stream ID specified as stream command argument"));
        a.expect("XADD s NOMKSTREAM 3-0 a b", bulk("3-0"));
        a.expect("XADD nos NOMKSTREAM 3-0 a b", NIL);
        a.expect("XLEN s", integer(3));
        a.expect("XLEN nos", integer(0));
        a.expect("TYPE s", new Reply.Simple("stream"));
        s.advance(5000);
        Reply auto = a.send("XADD s * k v");
        assertEquals(bulk(s.clock.millis() + "-0"), auto);
    }

    @Test
    @DisplayName("XRANGE / XREVRANGE with -, +, incomplete and exclusive IDs and COUNT")
    void xrange() {
        a.send("XADD s 1-1 f v");
        a.send("XADD s 1-2 g w");
        a.send("XADD s 3-0 a b");
        a.expect("XRANGE s - + COUNT 1", array(entry("1-1", "f", "v")));
        a.expect("XRANGE s (1-1 +", array(entry("1-2", "g", "w"), entry("3-0", "a", "b")));
        a.expect("XREVRANGE s + - COUNT 2", array(entry("3-0", "a", "b"), entry("1-2", "g", "w")));
        a.expect("XRANGE s 1 1", array(entry("1-1", "f", "v"), entry("1-2", "g", "w")));
        a.expect("XRANGE s - + FOO", err("ERR syntax error"));
    }

    @Test
    @DisplayName("XREAD reads after an ID, $ is the last ID, and its errors are Redis's")
    void xread() {
        a.send("XADD s 1-1 f v");
        a.send("XADD s 1-2 g w");
        a.expect("XREAD COUNT 1 STREAMS s 1-1", array(array(bulk("s"), array(entry("1-2", "g", "w")))));
        a.expect("XREAD STREAMS s nos 0 0", array(array(bulk("s"), array(entry("1-1", "f", "v"), entry("1-2", "g", "w")))));
        a.expect("XREAD STREAMS s $", NIL_ARRAY);
        a.expect("XREAD STREAMS s nos 0", err("ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified."));
        b.expect("XREAD STREAMS s >", err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."));
        b.expect("XREAD GROUP g c STREAMS s 0", err("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."));
        b.expect("XREAD NOACK STREAMS s 0", err("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."));
        b.expect("XREAD BLOCK -1 STREAMS s $", err("ERR timeout is negative"));
        b.expect("XREAD BLOCK x STREAMS s $", err("ERR timeout is not an integer or out of range"));
        assertNull(b.send("XREAD BLOCK 10 STREAMS s $"), "blocks for 10 ms");
        s.advance(10);
        s.cron();
        assertEquals(List.of(NIL_ARRAY), b.pushed());
    }

    @Test
    @DisplayName("XREAD BLOCK waits for entries after what $ was when it blocked, not for smaller IDs")
    void xreadBlockServedByXadd() {
        b.send("XADD st 5-1 f v");
        assertNull(a.send("XREAD BLOCK 0 STREAMS st $"));
        b.expect("XADD st 4-1 f v", err("ERR The ID specified in XADD is equal or smaller than the target stream top item"));
        assertEquals(List.of(), a.pushed());
        b.expect("XADD st 6-1 f v", bulk("6-1"));
        assertEquals(List.of(array(array(bulk("st"), array(entry("6-1", "f", "v"))))), a.pushed());
    }

    @Test
    @DisplayName("XGROUP CREATE (MKSTREAM), XREADGROUP > and history, XACK, XGROUP DESTROY")
    void consumerGroups() {
        a.send("XADD s 1-1 f v");
        a.send("XADD s 1-2 g w");
        a.send("XADD s 3-0 a b");
        a.ok("XGROUP CREATE s g 0");
        a.expect("XGROUP CREATE s g 0", err("BUSYGROUP Consumer Group name already exists"));
        a.expect("XGROUP CREATE nos g 0", err("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."));
        a.ok("XGROUP CREATE nos2 g $ MKSTREAM");
        a.expect("XLEN nos2", integer(0));
        a.expect("XREADGROUP GROUP g c COUNT 2 STREAMS s >", array(array(bulk("s"), array(entry("1-1", "f", "v"), entry("1-2", "g", "w")))));
        a.expect("XREADGROUP GROUP g c STREAMS s 0", array(array(bulk("s"), array(entry("1-1", "f", "v"), entry("1-2", "g", "w")))));
        a.expect("XREADGROUP GROUP g c2 STREAMS s >", array(array(bulk("s"), array(entry("3-0", "a", "b")))));
        a.expect("XREADGROUP GROUP nog c STREAMS s >", err("NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option"));
        a.expect("XACK s g 1-1 1-2 9-9", integer(2));
        a.expect("XACK s g bad", err("ERR Invalid stream ID specified as stream command argument"));
        a.expect("XREADGROUP GROUP g c STREAMS s 0", array(array(bulk("s"), array())));
        a.expect("XREADGROUP GROUP g c2 STREAMS s 0", array(array(bulk("s"), array(entry("3-0", "a", "b")))));
        a.expect("XGROUP DESTROY s g", integer(1));
        a.expect("XGROUP DESTROY s g", integer(0));
        a.expect("XREADGROUP GROUP g c NOACK STREAMS nos2 >", NIL_ARRAY);
        assertNull(a.send("XREADGROUP GROUP g c BLOCK 0 STREAMS nos2 >"));
        b.expect("XADD nos2 7-1 f v", bulk("7-1"));
        assertEquals(List.of(array(array(bulk("nos2"), array(entry("7-1", "f", "v"))))), a.pushed());
        b.expect("XREADGROUP GROUP g c STREAMS nos2 0", array(array(bulk("nos2"), array(entry("7-1", "f", "v")))));
    }

    @Test
    @DisplayName("XGROUP CREATE MKSTREAM and XADD touch a WATCHed key")
    void streamWritesTouchWatch() {
        a.ok("WATCH s");
        b.ok("XGROUP CREATE s g $ MKSTREAM");
        a.ok("MULTI").queued("PING").expect("EXEC", NIL_ARRAY);
        a.ok("WATCH s");
        b.expect("XADD s 1-1 f v", bulk("1-1"));
        a.ok("MULTI").queued("PING").expect("EXEC", NIL_ARRAY);
        a.expect("FLUSHALL", OK);
    }

    @Test
    @DisplayName("XADD * is logged with the ID it gave out, so that a replay of the log gives the same")
    void xaddLogsTheIdGivenOut() {
        List<String> logged = new java.util.ArrayList<>();
        s.engine.setCommandLog((commands, transaction) -> {
            for (var l : commands) {
                StringBuilder sb = new StringBuilder();
                for (byte[] arg : l.argv()) sb.append(new String(arg, java.nio.charset.StandardCharsets.US_ASCII)).append(' ');
                logged.add(sb.toString().trim());
            }
        });
        s.advance(7000);
        String id = s.clock.millis() + "-0";
        a.expect("XADD s * f v", bulk(id));
        a.expect("XADD s " + s.clock.millis() + "-* g w", bulk(s.clock.millis() + "-1"));
        assertEquals(List.of("XADD s " + id + " f v", "XADD s " + s.clock.millis() + "-1 g w"), logged);
    }
}
