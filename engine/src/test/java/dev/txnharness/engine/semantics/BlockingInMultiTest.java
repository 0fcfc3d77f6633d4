package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.protocol.Reply;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Blocking list pops and transactions: inside EXEC, BLPOP/BRPOP never block (they act as their
 * non-blocking form and answer the null array if there is nothing to pop); a client blocked on a
 * key is served after the EXEC that pushed to it completes, never in the middle of it.
 *
 * <p>Covers SEMANTICS.md line 10. The engine has BLPOP and BRPOP only (multi.tcl's "Blocking
 * commands ignores the timeout" also uses BLMOVE, BZPOPMIN, XREAD ..., which it does not
 * implement). A blocked client's reply arrives through {@link Conn#pushed()}; blocking timeouts
 * are driven by the manual clock and {@link Session#cron()}.
 */
class BlockingInMultiTest extends TwoClientTest {
    private static Reply popped(String key, String value) {
        return array(bulk(key), bulk(value));
    }

    @Test
    @DisplayName("Blocking commands ignores the timeout")
    void blockingCommandsIgnoreTimeout() {
        a.ok("XGROUP CREATE s g $ MKSTREAM");
        a.ok("MULTI");
        a.queued("BLPOP empty_list 0");
        a.queued("BRPOP empty_list 0");
        a.queued("BRPOPLPUSH empty_list1 empty_list2 0");
        a.queued("BLMOVE empty_list1 empty_list2 LEFT LEFT 0");
        a.queued("BZPOPMIN empty_zset 0");
        a.queued("BZPOPMAX empty_zset 0");
        a.queued("XREAD BLOCK 0 STREAMS s $");
        a.queued("XREADGROUP GROUP g c BLOCK 0 STREAMS s >");
        // as redis-server 7.0.15 answers: the list moves give a nil bulk, the others a nil array
        a.expectWire("EXEC", "*8\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n*-1\r\n");
        assertFalse(a.client().isBlocked());
    }

    @Test
    @DisplayName("BLPOP inside MULTI pops like LPOP when the list has items (even items pushed earlier in the EXEC)")
    void blpopInsideMultiPops() {
        a.ok("MULTI");
        a.queued("BLPOP l 0");
        a.queued("BRPOP l 1");
        a.queued("RPUSH l a b");
        a.queued("BLPOP l 0");
        a.queued("BRPOP l 0");
        a.queued("BLPOP l 0");
        a.expect("EXEC", array(NIL_ARRAY, NIL_ARRAY, integer(2), popped("l", "a"), popped("l", "b"), NIL_ARRAY));
    }

    @Test
    @DisplayName("A blocked client is served after the EXEC that pushed, with the state EXEC left")
    void servedAfterExecNotInTheMiddle() {
        assertNull(a.send("BLPOP l 0"), "a blocks");
        b.ok("MULTI");
        b.queued("RPUSH l x");
        b.queued("DEL l");
        b.queued("RPUSH l y");
        b.expect("EXEC", array(integer(1), integer(1), integer(1)));
        assertEquals(List.of(popped("l", "y")), a.pushed(), "served once, with y: x was deleted inside the EXEC");
        b.expect("LRANGE l 0 -1", array());
    }

    @Test
    @DisplayName("A blocked client does not take items in the middle of an EXEC (the EXEC sees all it pushed)")
    void execSeesItsOwnPushes() {
        assertNull(a.send("BLPOP l 0"));
        b.ok("MULTI");
        b.queued("RPUSH l x");
        b.queued("RPUSH l y");
        b.queued("LRANGE l 0 -1");
        b.expect("EXEC", array(integer(1), integer(2), array(bulk("x"), bulk("y"))));
        assertEquals(List.of(popped("l", "x")), a.pushed());
        b.expect("LRANGE l 0 -1", array(bulk("y")));
    }

    @Test
    @DisplayName("A list pushed and emptied inside one EXEC does not serve the blocked client")
    void pushedAndPoppedInsideExec() {
        assertNull(a.send("BLPOP l 0"));
        b.ok("MULTI");
        b.queued("RPUSH l x");
        b.queued("LPOP l");
        b.expect("EXEC", array(integer(1), bulk("x")));
        assertTrue(a.client().isBlocked(), "still blocked: l was empty when EXEC ended");
        assertEquals(List.of(), a.pushed());
        b.expect("RPUSH l z", integer(1));
        assertEquals(List.of(popped("l", "z")), a.pushed());
    }

    @Test
    @DisplayName("Two blocked clients are served in order after one EXEC")
    void twoBlockedClientsFifo() {
        Conn c = s.connect();
        assertNull(a.send("BRPOP l 0"));
        assertNull(c.send("BLPOP l 0"));
        b.ok("MULTI");
        b.queued("RPUSH l x y z");
        b.expect("EXEC", array(integer(3)));
        assertEquals(List.of(popped("l", "z")), a.pushed(), "first blocked, first served (from the right)");
        assertEquals(List.of(popped("l", "x")), c.pushed());
        b.expect("LRANGE l 0 -1", array(bulk("y")));
    }

    @Test
    @DisplayName("A DISCARDed push serves nobody")
    void discardedPushServesNobody() {
        assertNull(a.send("BLPOP l 0"));
        b.ok("MULTI");
        b.queued("RPUSH l x");
        b.ok("DISCARD");
        assertTrue(a.client().isBlocked());
        assertEquals(List.of(), a.pushed());
    }

    @Test
    @DisplayName("BLPOP outside MULTI times out with the null array (manual clock and cron)")
    void blpopTimeout() {
        assertNull(a.send("BLPOP l 1"));
        s.advance(999);
        s.cron();
        assertTrue(a.client().isBlocked());
        s.advance(1);
        s.cron();
        assertEquals(List.of(NIL_ARRAY), a.pushed());
        assertFalse(a.client().isBlocked());
    }
}
