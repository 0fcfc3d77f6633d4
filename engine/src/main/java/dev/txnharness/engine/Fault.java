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
    NIL_EXEC_AS_BULK,
    /** A successful EXEC leaves the client's watched keys in place (SEMANTICS 9, 19). */
    EXEC_KEEPS_WATCHES,
    /** An EXEC that aborts (null array or EXECABORT) leaves the client's watched keys in place (SEMANTICS 6, 8). */
    ABORTED_EXEC_KEEPS_WATCHES,
    /** UNWATCH answers OK but forgets nothing (SEMANTICS 19). */
    UNWATCH_IGNORED,
    /** UNWATCH forgets the watched keys but not that one was touched: the next EXEC still fails (SEMANTICS 19). */
    UNWATCH_KEEPS_DIRTY,
    /** DISCARD leaves the queued commands in place: the next transaction's EXEC runs them too (SEMANTICS 11). */
    DISCARD_KEEPS_QUEUE,
    /** MULTI inside MULTI answers OK instead of an error (SEMANTICS 1). */
    NESTED_MULTI_ALLOWED,
    /** A command with the wrong number of arguments is queued inside MULTI; its error comes in EXEC's reply instead of EXECABORT (SEMANTICS 3). */
    WRONG_ARITY_QUEUED,
    /** EXEC stops at the first command that fails at run time; the rest of the queue never runs (SEMANTICS 9). */
    RUNTIME_ERROR_STOPS_EXEC,
    /** EXEC without MULTI answers an empty array instead of an error (SEMANTICS 5). */
    EXEC_WITHOUT_MULTI_ALLOWED,
    /** WATCH inside MULTI answers OK and watches the key instead of failing (SEMANTICS 4). */
    WATCH_INSIDE_MULTI_ALLOWED,
    /** WATCH of a key that does not exist watches nothing, so its creation does not fail EXEC (SEMANTICS 15). */
    WATCH_MISSING_KEY_IGNORED,
    /** DEL / UNLINK of a watched key does not make its watchers' EXEC fail (SEMANTICS 15). */
    DEL_DOES_NOT_TOUCH,
    /** SWAPDB does not touch watched keys (FLUSHDB and FLUSHALL still do) (SEMANTICS 18). */
    SWAPDB_DOES_NOT_TOUCH,
    /** RENAME / RENAMENX touch the source key but not the destination (SEMANTICS 17). */
    RENAME_DOES_NOT_TOUCH_DESTINATION,
    /** A watch matches the key's name in every database: a write to the same name in another database fails EXEC (SEMANTICS 15). */
    WATCH_NOT_PER_DB,
    /** After EXECABORT the client stays in MULTI: its next commands are queued (SEMANTICS 6). */
    EXECABORT_KEEPS_MULTI,
    /** EXPIRE / PEXPIRE / PERSIST change a watched key's TTL without making EXEC fail (SEMANTICS 17). */
    TTL_CHANGE_DOES_NOT_TOUCH,
    /** A watched key touched after MULTI (before EXEC) does not make EXEC fail: only touches before MULTI count (SEMANTICS 15). */
    TOUCH_AFTER_MULTI_IGNORED,
    /** A second WATCH clears the flag that a key watched earlier was touched (SEMANTICS 14). */
    WATCH_CLEARS_DIRTY,
    /** INCR / DECR / INCRBY / DECRBY do not touch the key they change (SEMANTICS 15). */
    INCR_DOES_NOT_TOUCH;
}
