package dev.txnharness.engine.keyspace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * All databases, the command-time snapshot used for every expiry check, and the two hooks through
 * which writes reach the rest of the engine: {@link #signalModifiedKey} (WATCH) and {@link
 * #signalKeyAsReady} (clients blocked on a list).
 */
public final class Keyspace {

    /** What the engine does when a key is modified or becomes ready. */
    public interface Listener {
        /** A key was modified (Redis signalModifiedKey → touchWatchedKey). */
        void keyModified(Db db, Key key);

        /** A list was created or pushed to (Redis signalKeyAsReady). */
        void keyReady(Db db, Key key);
    }

    private final Db[] dbs;
    private final Listener listener;
    private long now;
    private long expiredKeys;

    public Keyspace(int databases, Listener listener) {
        this.dbs = new Db[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new Db(i, this);
        this.listener = listener;
    }

    public Db db(int id) {
        return dbs[id];
    }

    public int size() {
        return dbs.length;
    }

    /** The time every expiry check of the running command uses (frozen for a whole EXEC). */
    public long now() {
        return now;
    }

    public void setNow(long now) {
        this.now = now;
    }

    public void signalModifiedKey(Db db, Key key) {
        listener.keyModified(db, key);
    }

    public void signalKeyAsReady(Db db, Key key) {
        listener.keyReady(db, key);
    }

    void onExpired() {
        expiredKeys++;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /**
     * Active expiry (activeExpireCycle): deletes every logically expired key, signalling each. Redis
     * samples; doing all of them is the limit of its cycle, and keeps tests deterministic.
     * Returns how many keys were deleted.
     */
    public int activeExpire() {
        int n = 0;
        for (Db db : dbs) {
            if (db.expires().isEmpty()) continue;
            List<Key> due = new ArrayList<>();
            for (Iterator<Map.Entry<Key, Long>> it = db.expires().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, Long> e = it.next();
                if (now > e.getValue()) due.add(e.getKey());
            }
            for (Key k : due) if (db.expireIfNeeded(k)) n++;
        }
        return n;
    }
}
