package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;

import dev.txnharness.engine.TwoClientTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Commands that move a value between keys or databases: RENAME touches source and destination, MOVE
 * touches the key in both databases, COPY touches only the destination (in its own database).
 *
 * <p>Covers SEMANTICS.md line 17 (second sentence), together with the watch-bound-to-its-db rule of
 * the "Client state" bullet. The TTL half of line 17 is in {@link ExpiryWatchTest} and {@link
 * NoOpWriteTest}.
 */
class RenameMoveCopyWatchTest extends TwoClientTest {
    @Test
    @DisplayName("RENAME touches the source key")
    void renameTouchesSource() {
        a.ok("SET src v");
        a.ok("WATCH src");
        b.ok("RENAME src dst");
        a.assertExecAborts("src was renamed away");
    }

    @Test
    @DisplayName("RENAME touches the destination key (missing before)")
    void renameTouchesMissingDestination() {
        a.ok("SET src v");
        a.ok("WATCH dst");
        b.ok("RENAME src dst");
        a.assertExecAborts("dst was created by RENAME");
    }

    @Test
    @DisplayName("RENAME touches the destination key (overwritten)")
    void renameTouchesExistingDestination() {
        a.ok("SET src v");
        a.ok("SET dst v");
        a.ok("WATCH dst");
        b.ok("RENAME src dst");
        a.assertExecAborts("dst was overwritten by RENAME, even with an equal value");
    }

    @Test
    @DisplayName("RENAMENX that succeeds touches source and destination")
    void renamenxTouches() {
        a.ok("SET src v");
        a.ok("WATCH dst");
        b.expect("RENAMENX src dst", integer(1));
        a.assertExecAborts("dst was created");
        a.ok("WATCH dst");
        b.expect("RENAMENX dst src", integer(1));
        a.assertExecAborts("dst was renamed away");
    }

    @Test
    @DisplayName("RENAME of a key to itself changes nothing and does not touch")
    void renameToItself() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.ok("RENAME k k");
        a.assertExecRuns("RENAME k k is a no-op");
    }

    @Test
    @DisplayName("RENAME of a missing key fails and does not touch")
    void renameMissingKey() {
        a.ok("WATCH k");
        b.expect("RENAME k k2", err("ERR no such key"));
        a.assertExecRuns("nothing changed");
    }

    @Test
    @DisplayName("MOVE touches the key in the source db")
    void moveTouchesSource() {
        a.ok("SET k v");
        a.ok("WATCH k");
        b.expect("MOVE k 1", integer(1));
        a.assertExecAborts("k left db 0");
    }

    @Test
    @DisplayName("MOVE touches the key in the destination db")
    void moveTouchesDestination() {
        a.ok("SELECT 1");
        a.ok("WATCH k");
        b.ok("SET k v");
        b.expect("MOVE k 1", integer(1));
        a.assertExecAborts("k came into db 1, where it is watched");
    }

    @Test
    @DisplayName("MOVE that fails (key already in the destination db) touches neither")
    void moveFailsTouchesNothing() {
        a.ok("SELECT 1");
        a.ok("SET k there");
        a.ok("WATCH k");
        b.ok("SET k here");
        b.expect("MOVE k 1", integer(0));
        a.assertExecRuns("MOVE changed nothing in db 1");
    }

    @Test
    @DisplayName("COPY touches the destination key")
    void copyTouchesDestination() {
        a.ok("SET src v");
        a.ok("WATCH dst");
        b.expect("COPY src dst", integer(1));
        a.assertExecAborts("dst was created by COPY");
    }

    @Test
    @DisplayName("COPY REPLACE touches the destination key it overwrites")
    void copyReplaceTouches() {
        a.ok("SET src v");
        a.ok("SET dst w");
        a.ok("WATCH dst");
        b.expect("COPY src dst REPLACE", integer(1));
        a.assertExecAborts("dst was overwritten by COPY");
    }

    @Test
    @DisplayName("COPY ... DB n touches the destination key in that db")
    void copyToOtherDbTouches() {
        a.ok("SELECT 1");
        a.ok("WATCH dst");
        b.ok("SET src v");
        b.expect("COPY src dst DB 1", integer(1));
        a.assertExecAborts("dst was created in db 1, where it is watched");
    }

    @Test
    @DisplayName("COPY does not touch the source key")
    void copyDoesNotTouchSource() {
        a.ok("SET src v");
        a.ok("WATCH src");
        b.expect("COPY src dst", integer(1));
        a.assertExecRuns("COPY only reads src");
        a.expect("GET dst", dev.txnharness.engine.EngineTestSupport.bulk("v"));
    }

    @Test
    @DisplayName("RENAME inside another client's EXEC touches the watched keys")
    void renameInsideExec() {
        a.ok("SET src v");
        a.ok("WATCH src");
        b.ok("MULTI");
        b.queued("RENAME src dst");
        b.expect("EXEC", dev.txnharness.engine.EngineTestSupport.array(OK));
        a.assertExecAborts("b's EXEC renamed src");
    }
}
