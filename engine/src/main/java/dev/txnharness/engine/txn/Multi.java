package dev.txnharness.engine.txn;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.command.Command;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.keyspace.ListValue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction rules in one place, the counterpart of Redis 7.0's multi.c. Two halves, as
 * there: MULTI/EXEC (queueing, flagging, EXEC and DISCARD), then WATCH (watching, touching,
 * unwatching). Every method runs under the engine's lock. Command implementations never look at
 * transaction state: they only signal that a key was modified, and {@link #touchWatchedKey} does
 * the rest.
 */
public final class Multi {
    private final Engine engine;
    /** Test-only ({@link Fault#DIRTY_READ_QUEUED}): the replies of queued commands that already ran. */
    private final Map<MultiState.Queued, Reply> ranAtQueueTime = new IdentityHashMap<>();
    /** Test-only ({@link Fault#LOST_APPEND}): RPUSHes run inside EXEC so far. */
    private long execPushes;

    public Multi(Engine engine) {
        this.engine = engine;
    }

    /* ================================ MULTI/EXEC ================================ */

    /**
     * Whether, in MULTI, a command is queued rather than run: all but EXEC, DISCARD, MULTI, WATCH,
     * QUIT and RESET (server.c processCommand).
     */
    public static boolean queuesInMulti(Command cmd) {
        return switch (cmd.name()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> false;
            default -> true;
        };
    }

    /** Adds a command to the queue; a transaction already doomed keeps nothing (queueMultiCommand). */
    public void queueMultiCommand(Client c, Command cmd, byte[][] argv) {
        MultiState m = c.multiState();
        if (m.dirtyCas || m.dirtyExec) return;
        MultiState.Queued q = new MultiState.Queued(cmd, argv);
        if (engine.has(Fault.DIRTY_READ_QUEUED) && cmd.name().equals("rpush")) ranAtQueueTime.put(q, engine.call(c, cmd, argv));
        m.commands.add(q);
    }

    /** Drops the queue, leaves MULTI and unwatches everything (discardTransaction). */
    public void discardTransaction(Client c) {
        MultiState m = c.multiState();
        for (MultiState.Queued q : m.commands) ranAtQueueTime.remove(q);
        m.commands.clear();
        m.multi = false;
        m.dirtyCas = false;
        m.dirtyExec = false;
        m.dirtyCasAtMulti = false;
        unwatchAllKeys(c);
    }

    /** Marks the transaction as failed at queue time, so that EXEC will abort (flagTransaction). */
    public void flagTransaction(Client c) {
        MultiState m = c.multiState();
        if (m.multi && !engine.has(Fault.QUEUE_ERROR_DOES_NOT_ABORT)) m.dirtyExec = true;
    }

    /** MULTI. */
    public Reply multiCommand(Client c) {
        MultiState m = c.multiState();
        if (m.multi) return engine.has(Fault.NESTED_MULTI_ALLOWED) ? Reply.OK : Errors.err("MULTI calls can not be nested");
        m.multi = true;
        m.dirtyCasAtMulti = m.dirtyCas;
        return Reply.OK;
    }

    /** DISCARD. */
    public Reply discardCommand(Client c) {
        MultiState m = c.multiState();
        if (!m.multi) return Errors.err("DISCARD without MULTI");
        if (engine.has(Fault.DISCARD_KEEPS_QUEUE)) { // leaves MULTI, forgets the flags, keeps the queue
            List<MultiState.Queued> kept = new ArrayList<>(m.commands);
            discardTransaction(c);
            m.commands.addAll(kept);
        } else if (engine.has(Fault.DISCARD_KEEPS_WATCHES)) {
            List<WatchedKey> kept = new ArrayList<>(m.watchedKeys);
            m.watchedKeys.clear(); // so that discardTransaction unwatches nothing
            discardTransaction(c);
            m.watchedKeys.addAll(kept);
        } else {
            discardTransaction(c);
        }
        return Reply.OK;
    }

    /**
     * EXEC refused by the command checks themselves (e.g. wrong arity): the transaction ends with
     * "-EXECABORT Transaction discarded because of: ..." (execCommandAbort).
     */
    public Reply execCommandAbort(Client c, String error) {
        discardTransaction(c);
        String text = error.startsWith("ERR ") ? error.substring(4) : error;
        return new Reply.Err("EXECABORT Transaction discarded because of: " + text);
    }

    /**
     * EXEC: aborts with EXECABORT if a command failed at queue time, answers the null array if a
     * watched key was touched or has expired since WATCH, else unwatches and runs the queue as one
     * step, answering one reply per command (execCommand).
     */
    public Reply execCommand(Client c) {
        MultiState m = c.multiState();
        if (!m.multi) return engine.has(Fault.EXEC_WITHOUT_MULTI_ALLOWED) ? Reply.Array.EMPTY : Errors.err("EXEC without MULTI");

        // EXEC with an expired watched key is disallowed.
        if (isWatchedKeyExpired(c)) m.dirtyCas = true;
        if (engine.has(Fault.TOUCH_AFTER_MULTI_IGNORED)) m.dirtyCas = m.dirtyCasAtMulti;

        if (m.dirtyCas || m.dirtyExec) {
            Reply r = m.dirtyExec ? Errors.EXECABORT
                    : engine.has(Fault.NIL_EXEC_AS_BULK) ? Reply.NullBulk.INSTANCE : Reply.NullArray.INSTANCE;
            boolean stay = m.dirtyExec && engine.has(Fault.EXECABORT_KEEPS_MULTI);
            List<WatchedKey> kept = engine.has(Fault.ABORTED_EXEC_KEEPS_WATCHES) ? new ArrayList<>(m.watchedKeys) : List.of();
            m.watchedKeys.removeAll(kept); // so that discardTransaction unwatches none of them
            discardTransaction(c);
            m.watchedKeys.addAll(kept);
            if (stay) m.multi = true;
            return r;
        }

        // unwatch at once: nothing the queue does can fail this EXEC now
        if (!engine.has(Fault.EXEC_KEEPS_WATCHES)) unwatchAllKeys(c);
        List<MultiState.Queued> queue = new ArrayList<>(m.commands);
        m.commands.clear();
        m.inExec = true;
        List<Reply> replies = new ArrayList<>(queue.size());
        try {
            engine.beginExec(c);
            int torn = engine.has(Fault.TORN_EXEC) && queue.size() >= 2 ? queue.size() / 2 : queue.size();
            for (MultiState.Queued q : queue.subList(0, torn)) {
                if (engine.has(Fault.EXEC_NOT_ISOLATED)) engine.yieldLock();
                Reply early = ranAtQueueTime.remove(q);
                Reply r = early != null ? early
                        : !q.cmd().arityOk(q.argv().length) // only with WRONG_ARITY_QUEUED
                        ? Errors.err("wrong number of arguments for '" + q.cmd().fullName() + "' command")
                        : engine.call(c, q.cmd(), q.argv());
                replies.add(r);
                if (engine.has(Fault.LOST_APPEND) && q.cmd().name().equals("rpush") && ++execPushes % 8 == 0) dropLast(c, q.argv()[1]);
                if (r.isError() && engine.has(Fault.RUNTIME_ERROR_STOPS_EXEC)) break;
            }
            if (torn < queue.size()) replies = null;
        } finally {
            m.inExec = false;
            engine.endExec(c);
        }
        m.multi = false;
        m.dirtyCas = false;
        m.dirtyExec = false;
        return replies == null ? Reply.NullArray.INSTANCE : new Reply.Array(replies);
    }

    /** Test-only ({@link Fault#LOST_APPEND}): removes the element an RPUSH just appended. */
    private static void dropLast(Client c, byte[] key) {
        if (c.db().lookupWrite(new Key(key)) instanceof ListValue list && list.size() > 0) {
            list.items().remove(list.size() - 1);
            if (list.size() == 0) c.db().delete(new Key(key));
        }
    }

    /* ================================ WATCH ================================ */

    /** WATCH. */
    public Reply watchCommand(Client c, byte[][] argv) {
        MultiState m = c.multiState();
        if (m.multi && !engine.has(Fault.WATCH_INSIDE_MULTI_ALLOWED)) return Errors.err("WATCH inside MULTI is not allowed");
        if (m.dirtyCas && engine.has(Fault.WATCH_CLEARS_DIRTY)) m.dirtyCas = false;
        if (m.dirtyCas) return Reply.OK; // no point in watching if the client is already dirty
        for (int j = 1; j < argv.length; j++) watchForKey(c, new Key(argv[j]));
        return Reply.OK;
    }

    /** UNWATCH: forgets every watched key and clears DIRTY_CAS. */
    public Reply unwatchCommand(Client c) {
        if (engine.has(Fault.UNWATCH_IGNORED)) return Reply.OK;
        unwatchAllKeys(c);
        if (!engine.has(Fault.UNWATCH_KEEPS_DIRTY)) c.multiState().dirtyCas = false;
        return Reply.OK;
    }

    /** Watches one key in the client's current database; watching it twice is one watch. */
    private void watchForKey(Client c, Key key) {
        MultiState m = c.multiState();
        Db db = c.db();
        if (engine.has(Fault.WATCH_IGNORED)) return;
        if (engine.has(Fault.WATCH_MISSING_KEY_IGNORED) && !db.existsNoExpire(key)) return;
        for (WatchedKey wk : m.watchedKeys) {
            if (wk.db == db && wk.key.equals(key)) return;
        }
        WatchedKey wk = new WatchedKey(c, key, db, db.isExpired(key));
        db.watchedKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(wk);
        m.watchedKeys.add(wk);
    }

    /** Forgets every key the client watches (unwatchAllKeys). */
    public void unwatchAllKeys(Client c) {
        MultiState m = c.multiState();
        for (WatchedKey wk : m.watchedKeys) {
            ArrayList<WatchedKey> list = wk.db.watchedKeys.get(wk.key);
            if (list == null) continue;
            list.remove(wk);
            if (list.isEmpty()) wk.db.watchedKeys.remove(wk.key);
        }
        m.watchedKeys.clear();
    }

    /**
     * Whether a watched key that was alive at WATCH time is logically expired now, deleted or not
     * (isWatchedKeyExpired).
     */
    public boolean isWatchedKeyExpired(Client c) {
        if (engine.has(Fault.EXPIRY_DOES_NOT_TOUCH)) return false;
        for (WatchedKey wk : c.multiState().watchedKeys) {
            if (wk.expired) continue; // was already expired when WATCH was called
            if (wk.db.isExpired(wk.key)) return true;
        }
        return false;
    }

    /**
     * A key was modified: every client watching it is marked DIRTY_CAS, so its EXEC will fail
     * (touchWatchedKey). A watch on a key that was already expired at WATCH time treats the
     * deletion of that key as no change.
     *
     * @param writer the client whose command modified the key, or null (expiry, server)
     */
    public void touchWatchedKey(Db db, Key key, Client writer) {
        if (engine.has(Fault.WATCH_NOT_PER_DB)) {
            for (int i = 0; i < db.keyspace().size(); i++) {
                Db other = db.keyspace().db(i);
                if (other != db && other.watchedKeys.containsKey(key)) {
                    for (WatchedKey wk : other.watchedKeys.get(key)) wk.client.multiState().dirtyCas = true;
                }
            }
        }
        if (db.watchedKeys.isEmpty()) return;
        ArrayList<WatchedKey> list = db.watchedKeys.get(key);
        if (list == null) return;
        for (WatchedKey wk : list) {
            if (writer == wk.client && engine.has(Fault.WATCH_IGNORES_OWN_WRITES)) continue;
            if (writer == null && engine.has(Fault.EXPIRY_DOES_NOT_TOUCH)) continue;
            if (wk.expired) {
                if (!db.existsNoExpire(key)) {
                    // The already expired key was deleted: logically no change. Deleted keys
                    // are not flagged as expired.
                    wk.expired = false;
                    continue;
                }
                // an expired key being written to (before its lazy deletion) is a change
            }
            wk.client.multiState().dirtyCas = true;
        }
    }

    /**
     * A database is about to be emptied (FLUSHDB, FLUSHALL) or swapped (SWAPDB): marks the watchers
     * of every watched key that exists in it, or in the database whose data is about to replace it
     * (touchAllWatchedKeysInDb). Called before the data changes.
     *
     * @param replacedWith the database whose data will stand in {@code emptied}'s place, or null
     */
    public void touchAllWatchedKeysInDb(Db emptied, Db replacedWith) {
        if (engine.has(Fault.FLUSH_DOES_NOT_TOUCH)) return;
        if (replacedWith != null && engine.has(Fault.SWAPDB_DOES_NOT_TOUCH)) return;
        for (var e : emptied.watchedKeys.entrySet()) {
            Key key = e.getKey();
            boolean existsInEmptied = emptied.existsNoExpire(key);
            boolean inReplacement = replacedWith != null && replacedWith.existsNoExpire(key);
            if (!existsInEmptied && !inReplacement) continue;
            for (WatchedKey wk : e.getValue()) {
                if (wk.expired) {
                    if (!inReplacement) {
                        wk.expired = false; // expired key now deleted: no logical change
                        continue;
                    } else if (replacedWith.isExpired(key)) {
                        continue; // expired key remains expired
                    }
                } else if (!existsInEmptied && replacedWith.isExpired(key)) {
                    wk.expired = true; // a missing key replaced by an expired one
                    continue;
                }
                wk.client.multiState().dirtyCas = true;
            }
        }
    }
}
