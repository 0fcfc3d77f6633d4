package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.TwoClientTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * WATCH and UNWATCH: watching, accumulating, the dirty flag, the database a watch is bound to, and
 * everything that unwatches.
 *
 * <p>Covers SEMANTICS.md's "Client state" bullet (watches bound to the db they were made in) and
 * lines 8
 * (a touched watched key makes EXEC answer the null array, discards and unwatches), 11 (DISCARD
 * unwatches and clears the dirty flag), 14 (WATCH replies, arity, accumulation, one watch per key,
 * WATCH on a dirty client), 15 (modification by another client or by the watcher itself outside its
 * transaction; its own transaction does not abort itself) and 19 (UNWATCH, and EXEC/DISCARD unwatch
 * everything); and the "peers get wrong" item: watches keyed by the current db instead of the db
 * they were made in. The per-command "does this write touch" table is {@link NoOpWriteTest}.
 */
class WatchTest extends TwoClientTest {
    @Test
    @DisplayName("EXEC works on WATCHed key not modified")
    void execWorksOnUnmodifiedWatchedKey() {
        a.ok("WATCH x y z");
        a.ok("WATCH k");
        a.assertExecRuns("nothing was modified");
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key modified (1 key of 1 watched)")
    void execFailsOneOfOne() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("SET x 40");
        a.assertExecAborts("x was modified after WATCH");
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key modified (1 key of 5 watched)")
    void execFailsOneOfFive() {
        a.ok("SET x 30");
        a.ok("WATCH a b x k z");
        a.ok("SET x 40");
        a.assertExecAborts("x was modified after WATCH");
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key modified by another client")
    void execFailsOnOtherClientsWrite() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        b.ok("SET x 40");
        a.ok("MULTI");
        a.queued("SET y 1");
        a.expectWire("EXEC", "*-1\r\n");
        b.expect("EXISTS y", integer(0));
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key modified between MULTI and EXEC")
    void execFailsOnWriteDuringMulti() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("MULTI");
        a.queued("PING");
        b.ok("SET x 40");
        a.expect("EXEC", NIL_ARRAY);
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key created after WATCH (watching a missing key)")
    void execFailsOnCreatedKey() {
        a.ok("WATCH x");
        b.ok("SET x 1");
        a.assertExecAborts("x came into existence");
    }

    @Test
    @DisplayName("The watching client's own writes in its transaction do not abort that transaction")
    void ownTransactionDoesNotAbortItself() {
        a.ok("SET x 1");
        a.ok("WATCH x");
        a.ok("MULTI");
        a.queued("SET x 2");
        a.queued("INCR x");
        a.expect("EXEC", array(OK, integer(3)));
    }

    @Test
    @DisplayName("After successful EXEC key is no longer watched")
    void unwatchedAfterSuccessfulExec() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.assertExecRuns("x untouched");
        a.ok("SET x 40");
        a.assertExecRuns("the previous EXEC unwatched x");
    }

    @Test
    @DisplayName("After failed EXEC key is no longer watched")
    void unwatchedAfterFailedExec() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("SET x 40");
        a.assertExecAborts("x touched");
        a.ok("SET x 40");
        a.assertExecRuns("the failed EXEC unwatched x and cleared the dirty flag");
    }

    @Test
    @DisplayName("It is possible to UNWATCH")
    void unwatch() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("SET x 40");
        a.ok("UNWATCH");
        a.assertExecRuns("UNWATCH cleared the dirty flag");
    }

    @Test
    @DisplayName("UNWATCH when there is nothing watched works as expected")
    void unwatchNothing() {
        a.expectWire("UNWATCH", "+OK\r\n");
    }

    @Test
    @DisplayName("UNWATCH forgets the keys: a later write does not abort")
    void unwatchForgetsKeys() {
        a.ok("WATCH x");
        a.ok("UNWATCH");
        b.ok("SET x 1");
        a.assertExecRuns("x is no longer watched");
        assertEquals(0, a.client().multiState().watching());
    }

    @Test
    @DisplayName("WATCH needs at least one key")
    void watchArity() {
        a.expectWire("WATCH", "-ERR wrong number of arguments for 'watch' command\r\n");
    }

    @Test
    @DisplayName("Repeated WATCHes accumulate")
    void watchesAccumulate() {
        a.ok("WATCH a");
        a.ok("WATCH b");
        b.ok("SET a 1");
        a.assertExecAborts("a, watched by the first WATCH, was touched");
    }

    @Test
    @DisplayName("Repeated WATCHes accumulate (the later key)")
    void watchesAccumulateLater() {
        a.ok("WATCH a");
        a.ok("WATCH b");
        b.ok("SET b 1");
        a.assertExecAborts("b, watched by the second WATCH, was touched");
    }

    @Test
    @DisplayName("Watching a key twice is one watch")
    void watchingTwiceIsOneWatch() {
        a.ok("WATCH k k");
        a.ok("WATCH k");
        assertEquals(1, a.client().multiState().watching());
        assertEquals(1, s.engine.keyspace().db(0).watchedKeys.get(dev.txnharness.engine.keyspace.Key.of("k")).size());
    }

    @Test
    @DisplayName("WATCH on a client that is already dirty answers OK and adds nothing")
    void watchWhenDirty() {
        a.ok("WATCH a");
        b.ok("SET a 1");
        a.ok("WATCH b");
        assertEquals(1, a.client().multiState().watching(), "b is not watched: the transaction is already doomed");
        a.assertExecAborts("a was touched before WATCH b");
    }

    @Test
    @DisplayName("WATCH is able to remember the DB a key belongs to")
    void watchRemembersDb() {
        a.ok("SELECT 5");
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("SELECT 1");
        a.ok("SET x 10");
        a.ok("SELECT 5");
        a.assertExecRuns("x in db 1 is another key than the watched x in db 5");
    }

    @Test
    @DisplayName("WATCH is able to remember the DB a key belongs to (modified there after SELECT)")
    void watchRemembersDbAfterSelect() {
        a.ok("SELECT 5");
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("SELECT 1");
        b.ok("SELECT 5");
        b.ok("SET x 40");
        a.assertExecAborts("x in db 5, where it was watched, was modified while the client sits in db 1");
    }

    @Test
    @DisplayName("A write to the same key name in another db does not touch")
    void otherDbSameNameDoesNotTouch() {
        a.ok("WATCH x");
        b.ok("SELECT 3");
        b.ok("SET x 1");
        a.assertExecRuns("db 3's x is not db 0's x");
    }

    @Test
    @DisplayName("DISCARD should clear the WATCH dirty flag on the client")
    void discardClearsDirtyFlag() {
        a.ok("WATCH x");
        a.ok("SET x 10");
        a.ok("MULTI");
        a.ok("DISCARD");
        a.ok("MULTI");
        a.queued("INCR x");
        a.expect("EXEC", array(integer(11)));
    }

    @Test
    @DisplayName("DISCARD should UNWATCH all the keys")
    void discardUnwatches() {
        a.ok("WATCH x");
        a.ok("SET x 10");
        a.ok("MULTI");
        a.ok("DISCARD");
        a.ok("SET x 10");
        a.ok("MULTI");
        a.queued("INCR x");
        a.expect("EXEC", array(integer(11)));
        assertEquals(0, a.client().multiState().watching());
    }

    @Test
    @DisplayName("EXEC unwatches before running the queue: a failed EXEC leaves no watch behind")
    void execUnwatchesWhateverItsOutcome() {
        a.ok("WATCH x y");
        b.ok("SET y 1");
        a.assertExecAborts("y touched");
        assertEquals(0, a.client().multiState().watching());
        assertTrue(s.engine.keyspace().db(0).watchedKeys.isEmpty(), "the db forgot the watchers too");
    }

    @Test
    @DisplayName("Two clients watching the same key are both aborted by one write")
    void twoWatchers() {
        Conn c = s.connect();
        a.ok("WATCH x");
        c.ok("WATCH x");
        b.ok("SET x 1");
        a.assertExecAborts("x touched");
        c.assertExecAborts("x touched");
    }

    @Test
    @DisplayName("The first transaction to EXEC wins; the second, watching the same key, fails")
    void checkAndSetRace() {
        a.ok("SET counter 1");
        b.ok("SET counter 1"); // b is not yet watching: this touches nobody
        a.ok("WATCH counter");
        b.ok("WATCH counter");
        a.expect("GET counter", bulk("1"));
        b.expect("GET counter", bulk("1"));
        a.ok("MULTI");
        a.queued("SET counter 2");
        b.ok("MULTI");
        b.queued("SET counter 2");
        a.expect("EXEC", array(OK));
        b.expect("EXEC", NIL_ARRAY);
        a.expect("GET counter", bulk("2"));
    }

    @Test
    @DisplayName("A touched key is answered at EXEC even when MULTI came before the write")
    void execAbortedAfterReadsInMulti() {
        a.ok("SET x 1");
        a.ok("WATCH x");
        a.ok("MULTI");
        a.queued("GET x");
        b.ok("SET x 2");
        a.expect("EXEC", NIL_ARRAY);
        a.expect("PING", PONG); // out of MULTI
        a.expect("EXEC", err("ERR EXEC without MULTI"));
    }

    @Test
    @DisplayName("The watcher's own FLUSHALL inside its transaction does not abort it (EXEC unwatches first)")
    void ownFlushallInsideTransaction() {
        a.ok("SET k 1");
        a.ok("WATCH k");
        a.ok("MULTI");
        a.queued("FLUSHALL");
        a.expect("EXEC", array(OK));
    }
}
