package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.integer;

import dev.txnharness.engine.TwoClientTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * FLUSHDB, FLUSHALL and SWAPDB against watched keys: they touch only watched keys that exist (in the
 * flushed db, or in either of the two swapped dbs), with the expired-key refinements of
 * touchAllWatchedKeysInDb (a stale key replaced by nothing or by another stale key, or nothing
 * replaced by a stale key, is no change).
 *
 * <p>Covers SEMANTICS.md line 18 and the "peers get wrong" item: FLUSH* or SWAPDB not touching.
 * Titles in Redis's words are from tests/unit/multi.tcl; stale keys are made with a {@link
 * dev.txnharness.engine.ManualClock} instead of {@code debug set-active-expire 0} and a sleep.
 */
class FlushSwapWatchTest extends TwoClientTest {
    @Test
    @DisplayName("FLUSHALL is able to touch the watched keys")
    void flushallTouches() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("FLUSHALL");
        a.assertExecAborts("FLUSHALL deleted x");
    }

    @Test
    @DisplayName("FLUSHALL does not touch non affected keys")
    void flushallSparesMissingKeys() {
        a.run("DEL x");
        a.ok("WATCH x");
        a.ok("FLUSHALL");
        a.assertExecRuns("x did not exist");
    }

    @Test
    @DisplayName("FLUSHALL does not touch non affected keys (other keys existed)")
    void flushallSparesMissingKeysAmongOthers() {
        a.ok("SET other v");
        a.ok("WATCH x");
        b.ok("FLUSHALL");
        a.assertExecRuns("x did not exist; other did, but it is not watched");
    }

    @Test
    @DisplayName("FLUSHALL touches watched keys in every db")
    void flushallTouchesOtherDbs() {
        a.ok("SELECT 3");
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("FLUSHALL"); // b is in db 0
        a.assertExecAborts("FLUSHALL emptied db 3 too");
    }

    @Test
    @DisplayName("FLUSHALL does not touch a watched key that exists only in another db")
    void flushallWatchedMissingHere() {
        a.ok("SELECT 1");
        a.ok("SET k v");
        a.ok("SELECT 0");
        a.ok("WATCH k");
        b.ok("FLUSHALL");
        a.assertExecRuns("db 0's k did not exist; db 1's k is another key");
    }

    @Test
    @DisplayName("FLUSHDB is able to touch the watched keys")
    void flushdbTouches() {
        a.ok("SET x 30");
        a.ok("WATCH x");
        a.ok("FLUSHDB");
        a.assertExecAborts("FLUSHDB deleted x");
    }

    @Test
    @DisplayName("FLUSHDB does not touch non affected keys")
    void flushdbSparesMissingKeys() {
        a.run("DEL x");
        a.ok("WATCH x");
        a.ok("FLUSHDB");
        a.assertExecRuns("x did not exist");
    }

    @Test
    @DisplayName("FLUSHDB of another db does not touch")
    void flushdbOfOtherDb() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("SELECT 3");
        b.ok("FLUSHDB");
        a.assertExecRuns("db 3 was flushed, k is in db 0");
    }

    @Test
    @DisplayName("FLUSHDB inside another client's transaction touches the watched keys")
    void flushdbInsideExec() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("MULTI");
        b.queued("FLUSHDB");
        b.expect("EXEC", array(OK));
        a.assertExecAborts("b's EXEC flushed k");
    }

    @Test
    @DisplayName("Flushall while watching several keys by one client")
    void flushallSeveralKeysOneClient() {
        a.ok("FLUSHALL");
        a.ok("MSET a a b b");
        a.ok("WATCH b a");
        a.ok("FLUSHALL");
        a.expect("PING", PONG);
        a.assertExecAborts("both watched keys were flushed");
    }

    @Test
    @DisplayName("SWAPDB is able to touch the watched keys that exist")
    void swapdbTouchesExisting() {
        a.ok("FLUSHALL");
        a.ok("SELECT 0");
        a.ok("SET x 30");
        a.ok("WATCH x"); // SWAPDB will "delete" it
        a.ok("SWAPDB 0 1");
        a.assertExecAborts("x left db 0");
    }

    @Test
    @DisplayName("SWAPDB is able to touch the watched keys that do not exist")
    void swapdbTouchesMissing() {
        a.ok("FLUSHALL");
        a.ok("SELECT 1");
        a.ok("SET x 30");
        a.ok("SELECT 0");
        a.ok("WATCH x"); // SWAPDB will create it
        a.ok("SWAPDB 0 1");
        a.assertExecAborts("x came into db 0");
    }

    @Test
    @DisplayName("SWAPDB touches a watched key that exists in both dbs")
    void swapdbTouchesKeyInBoth() {
        a.ok("SET k v");
        a.ok("SELECT 1");
        a.ok("SET k v");
        a.ok("SELECT 0");
        a.ok("WATCH k");
        b.ok("SWAPDB 1 0");
        a.assertExecAborts("k was replaced, even by an equal value");
    }

    @Test
    @DisplayName("SWAPDB does not touch a watched key that exists in neither db")
    void swapdbSparesMissingKeys() {
        a.ok("SET other v");
        a.ok("WATCH k");
        b.ok("SWAPDB 0 1");
        a.assertExecRuns("k is in neither db");
    }

    @Test
    @DisplayName("SWAPDB of two other dbs does not touch")
    void swapdbOfOtherDbs() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("SELECT 2");
        b.ok("SET k w");
        b.ok("SWAPDB 2 3");
        a.assertExecRuns("db 0 was not swapped");
    }

    @Test
    @DisplayName("SWAPDB inside another client's transaction touches the watched keys")
    void swapdbInsideExec() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("MULTI");
        b.queued("SWAPDB 0 1");
        b.expect("EXEC", array(OK));
        a.assertExecAborts("b's EXEC swapped k out of db 0");
    }

    @Test
    @DisplayName("SWAPDB does not touch watched stale keys")
    void swapdbStaleReplacedByNothing() {
        a.ok("FLUSHALL");
        a.ok("SELECT 1");
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        a.ok("SWAPDB 0 1"); // expired key replaced with no key => no change
        a.assertExecRuns("a stale key replaced by nothing is no change");
    }

    @Test
    @DisplayName("SWAPDB does not touch non-existing key replaced with stale key")
    void swapdbNothingReplacedByStale() {
        a.ok("FLUSHALL");
        a.ok("SELECT 0");
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("SELECT 1");
        a.ok("WATCH x");
        a.ok("SWAPDB 0 1"); // no key replaced with expired key => no change
        a.assertExecRuns("nothing replaced by a stale key is no change");
    }

    @Test
    @DisplayName("SWAPDB does not touch stale key replaced with another stale key")
    void swapdbStaleReplacedByStale() {
        a.ok("FLUSHALL");
        a.ok("SELECT 1");
        a.ok("SET x foo PX 1");
        a.ok("SELECT 0");
        a.ok("SET x bar PX 1");
        s.advance(2);
        a.ok("SELECT 1");
        a.ok("WATCH x");
        a.ok("SWAPDB 0 1");
        a.assertExecRuns("a stale key replaced by a stale key is no change");
    }

    @Test
    @DisplayName("SWAPDB touches a live watched key replaced with a stale key")
    void swapdbLiveReplacedByStale() {
        a.ok("SELECT 1");
        a.ok("SET k v PX 1");
        a.ok("SELECT 0");
        a.ok("SET k w");
        s.advance(2);
        a.ok("WATCH k");
        b.ok("SWAPDB 0 1");
        a.assertExecAborts("the live k left db 0");
    }

    @Test
    @DisplayName("SWAPDB touches a stale watched key replaced with a live key")
    void swapdbStaleReplacedByLive() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.ok("SELECT 1");
        b.ok("SET x live");
        b.ok("SWAPDB 0 1");
        a.assertExecAborts("a live x came into db 0");
    }

    @Test
    @DisplayName("SWAPDB there and back: a stale key that came and went is no change")
    void swapdbThereAndBack() {
        a.ok("SELECT 1");
        a.ok("SET k v PX 1");
        a.ok("SELECT 0");
        s.advance(2);
        a.ok("WATCH k");
        b.ok("SWAPDB 0 1");
        b.ok("SWAPDB 0 1");
        a.assertExecRuns("k in db 0 went from nothing to stale to nothing");
    }

    @Test
    @DisplayName("SWAPDB with the same db twice changes nothing and touches nothing")
    void swapdbSameDb() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("SWAPDB 0 0");
        a.assertExecRuns("SWAPDB 0 0 swaps nothing");
        a.expect("EXISTS k", integer(1));
    }

    @Test
    @DisplayName("After FLUSHALL touched the key, the aborted EXEC left nothing behind (NIL, then runs)")
    void flushallAbortThenRun() {
        a.ok("SET x 1");
        a.ok("WATCH x");
        b.ok("FLUSHALL");
        a.ok("MULTI");
        a.queued("SET x 2");
        a.expect("EXEC", NIL_ARRAY);
        a.ok("MULTI");
        a.queued("SET x 2");
        a.expect("EXEC", array(OK));
    }
}
