package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.keyspace.Key;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expiry and WATCH, on a {@link dev.txnharness.engine.ManualClock}: a watched key that was alive at
 * WATCH and is logically expired at EXEC fails the EXEC, deleted or not (isWatchedKeyExpired); a key
 * already expired at WATCH does not fail it by itself, its later deletion (lazy, active, DEL,
 * FLUSHDB) is "no change", and a new write to it does fail it. TTL changes touch (line 17).
 *
 * <p>Covers SEMANTICS.md lines 16 and the TTL half of 17 (EXPIRE / PEXPIRE / PERSIST that change
 * the TTL touch), the "Client state" bullet (each watch remembers whether its key was already
 * expired at WATCH time), and the "peers get wrong" item: expiry never aborting. Redis compares
 * {@code now > when}: a key is still alive at the exact millisecond of its expiry time.
 */
class ExpiryWatchTest extends TwoClientTest {
    private boolean inDict(String key) {
        return s.engine.locked(() -> s.engine.keyspace().db(0).existsNoExpire(Key.of(key)));
    }

    @Test
    @DisplayName("EXEC fail on lazy expired WATCHed key")
    void lazyExpiredWatchedKey() {
        a.ok("SET key 1 PX 100");
        a.ok("WATCH key");
        s.advance(101);
        a.ok("MULTI");
        a.queued("INCR key");
        a.expect("EXEC", NIL_ARRAY);
    }

    @Test
    @DisplayName("EXEC fail on expired WATCHed key that nobody has deleted yet")
    void expiredButNotDeleted() {
        a.ok("SET key 1 PX 100");
        a.ok("WATCH key");
        s.advance(101);
        assertTrue(inDict("key"), "precondition: no access, no cron, so the key is still in the dict");
        a.assertExecAborts("the key expired between WATCH and EXEC");
    }

    @Test
    @DisplayName("EXEC fail on WATCHed key deleted by lazy expiry (another client's read)")
    void expiredAndLazilyDeleted() {
        a.ok("SET key 1 PX 100");
        a.ok("WATCH key");
        s.advance(101);
        b.expect("GET key", NIL);
        assertFalse(inDict("key"), "precondition: GET deleted the expired key");
        a.assertExecAborts("the key expired (and was deleted) between WATCH and EXEC");
    }

    @Test
    @DisplayName("WATCH will consider touched expired keys")
    void expiredByActiveExpiry() {
        a.ok("SET x foo");
        a.expect("EXPIRE x 1", integer(1));
        a.ok("WATCH x");
        s.advance(1001);
        s.cron();
        b.expect("DBSIZE", integer(0));
        a.assertExecAborts("x was actively expired after WATCH");
    }

    @Test
    @DisplayName("A watched key at the exact millisecond of its expiry time is still alive")
    void expiryBoundary() {
        a.ok("SET key 1 PX 100");
        a.ok("WATCH key");
        s.advance(100);
        a.assertExecRuns("now == expiry time: not expired yet (Redis: now > when)");
        a.ok("WATCH key");
        s.advance(1);
        a.assertExecAborts("now > expiry time");
    }

    @Test
    @DisplayName("A watched key with a TTL that has not expired by EXEC does not abort")
    void ttlNotReached() {
        a.ok("SET key 1 EX 10");
        a.ok("WATCH key");
        s.advance(9_999);
        s.cron();
        a.assertExecRuns("the key is still alive");
    }

    @Test
    @DisplayName("WATCH stale keys should not fail EXEC")
    void staleKeyDoesNotFail() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        a.assertExecRuns("x was already expired at WATCH time");
    }

    @Test
    @DisplayName("Delete WATCHed stale keys should not fail EXEC")
    void deletedStaleKeyDoesNotFail() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        a.expect("EXISTS x", integer(0)); // triggers lazy expiry/deletion
        a.assertExecRuns("deleting an already expired key is no change");
    }

    @Test
    @DisplayName("Delete WATCHed stale keys should not fail EXEC (deleted by another client's DEL)")
    void staleKeyDeletedByDel() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.expect("DEL x", integer(0));
        a.assertExecRuns("deleting an already expired key is no change");
    }

    @Test
    @DisplayName("Delete WATCHed stale keys should not fail EXEC (deleted by active expiry)")
    void staleKeyActivelyExpired() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        s.cron();
        assertFalse(inDict("x"), "precondition: cron deleted x");
        a.assertExecRuns("deleting an already expired key is no change");
    }

    @Test
    @DisplayName("FLUSHDB while watching stale keys should not fail EXEC")
    void flushdbWithStaleKey() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.ok("FLUSHDB");
        a.assertExecRuns("flushing an already expired key is no change");
    }

    @Test
    @DisplayName("FLUSHALL while watching stale keys should not fail EXEC")
    void flushallWithStaleKey() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.ok("FLUSHALL");
        a.assertExecRuns("flushing an already expired key is no change");
    }

    @Test
    @DisplayName("A new write to a WATCHed stale key fails EXEC")
    void writeToStaleKeyFails() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.ok("SET x bar");
        a.assertExecAborts("x was written after WATCH");
    }

    @Test
    @DisplayName("A new write to a WATCHed stale key fails EXEC (after its lazy deletion)")
    void writeToDeletedStaleKeyFails() {
        a.ok("SET x foo PX 1");
        s.advance(2);
        a.ok("WATCH x");
        b.expect("EXISTS x", integer(0));
        b.ok("SET x bar");
        a.assertExecAborts("x was written after WATCH");
    }

    @Test
    @DisplayName("A stale watched key does not hide a touch of another watched key")
    void staleKeyAndLiveKey() {
        a.ok("SET x foo PX 1");
        a.ok("SET y 1");
        s.advance(2);
        a.ok("WATCH x y");
        b.ok("SET y 2");
        a.assertExecAborts("y was touched");
    }

    @Test
    @DisplayName("WATCH will consider touched keys target of EXPIRE")
    void expireTouches() {
        a.ok("SET x foo");
        a.ok("WATCH x");
        a.expect("EXPIRE x 10", integer(1));
        a.assertExecAborts("EXPIRE changed x's TTL");
    }

    @Test
    @DisplayName("WATCH will consider touched keys target of PEXPIRE")
    void pexpireTouches() {
        a.ok("SET x foo");
        a.ok("WATCH x");
        b.expect("PEXPIRE x 10000", integer(1));
        a.assertExecAborts("PEXPIRE changed x's TTL");
    }

    @Test
    @DisplayName("WATCH will consider touched keys target of PERSIST")
    void persistTouches() {
        a.ok("SET x foo EX 100");
        a.ok("WATCH x");
        b.expect("PERSIST x", integer(1));
        a.assertExecAborts("PERSIST removed x's TTL");
    }

    @Test
    @DisplayName("PERSIST on a key without a TTL changes nothing and does not touch")
    void persistWithoutTtl() {
        a.ok("SET x foo");
        a.ok("WATCH x");
        b.expect("PERSIST x", integer(0));
        a.assertExecRuns("PERSIST changed nothing");
    }

    @Test
    @DisplayName("EXPIRE on a missing key does not touch")
    void expireMissingKey() {
        a.ok("WATCH x");
        b.expect("EXPIRE x 10", integer(0));
        a.assertExecRuns("EXPIRE changed nothing");
    }

    @Test
    @DisplayName("Time stands still during EXEC: a 1 ms PEXPIRE queued before GET does not expire the key in between")
    void expiryCheckedAtExecStart() {
        a.ok("SET x 1 PX 100");
        a.ok("WATCH x");
        a.ok("MULTI");
        a.queued("PEXPIRE x 1");
        a.queued("GET x");
        a.expect("EXEC", array(integer(1), bulk("1")));
        s.advance(2);
        a.expect("GET x", NIL);
    }

    @Test
    @DisplayName("A key expired and re-set with a TTL before EXEC fails EXEC (the SET touched it)")
    void expiredThenResetFails() {
        a.ok("SET x 1 PX 100");
        a.ok("WATCH x");
        s.advance(101);
        b.ok("SET x 2 PX 1000");
        a.assertExecAborts("x was written after WATCH");
        assertEquals(0, a.client().multiState().watching());
    }

    @Test
    @DisplayName("WATCH remembers expiry per key: an expired key watched alive fails even with a stale key watched too")
    void mixedStaleAndExpiring() {
        a.ok("SET stale v PX 1");
        a.ok("SET live v PX 100");
        s.advance(2);
        a.ok("WATCH stale live");
        s.advance(100);
        a.ok("MULTI");
        a.queued("SET z 1");
        a.expect("EXEC", NIL_ARRAY);
        b.expect("GET z", NIL);
        a.ok("MULTI");
        a.queued("SET z 1");
        a.expect("EXEC", array(OK));
    }
}
