package dev.txnharness.engine;

/**
 * Deliberate bugs the engine can be built with, for tests only: each breaks one promise of
 * shared/SEMANTICS.md, so that the harness's suites can prove they catch it. A production engine
 * is built with none ({@link Engine.Builder#faults}).
 */
public enum Fault {
    /** A client's own write to a key it watches does not make its EXEC fail (SEMANTICS 15). */
    WATCH_IGNORES_OWN_WRITES,
    /** EXEC lets other clients' commands run between its queued commands (SEMANTICS 13). */
    EXEC_NOT_ISOLATED,
    /** DISCARD leaves the client's watched keys in place (SEMANTICS 11). */
    DISCARD_KEEPS_WATCHES,
    /** A watched key that expires does not make EXEC fail (SEMANTICS 16). */
    EXPIRY_DOES_NOT_TOUCH,
    /** WATCH is ignored entirely: EXEC always runs (SEMANTICS 15). */
    WATCH_IGNORED,
    /** A queue-time error does not abort the transaction: EXEC runs the good commands (SEMANTICS 3, 6). */
    QUEUE_ERROR_DOES_NOT_ABORT,
    /**
     * A write that changes nothing still touches the key: SREM of a missing member, HDEL of a
     * missing field, DEL of a missing key make a watcher's EXEC fail (SEMANTICS 15).
     */
    NO_OP_WRITE_TOUCHES,
    /** SELECT inside MULTI runs at once instead of being queued to run at EXEC (SEMANTICS 2). */
    SELECT_NOT_QUEUED,
    /** FLUSHDB / FLUSHALL / SWAPDB do not touch watched keys (SEMANTICS 18). */
    FLUSH_DOES_NOT_TOUCH,
    /** The AOF gets a transaction in two writes, so a crash can leave half of it (SEMANTICS 20). */
    AOF_SPLIT_TRANSACTION,
    /** Every 8th RPUSH inside EXEC answers the new length but its element is dropped (SEMANTICS 13: lost write). */
    LOST_APPEND,
    /** EXEC of two or more commands runs the first half of the queue, then answers nil as if aborted (SEMANTICS 13). */
    TORN_EXEC,
    /** A queued RPUSH runs when queued, visible to all before EXEC (or after DISCARD); EXEC replays its reply (SEMANTICS 12). */
    DIRTY_READ_QUEUED,
    /**
     * An EXEC aborted by a touched watched key answers the null bulk string ($-1) instead of the
     * null array (*-1): a wire-type-only bug, which redis-cli prints as (nil) either way (SEMANTICS 15).
     */
    NIL_EXEC_AS_BULK;
}
