package dev.txnharness.engine.keyspace;

import dev.txnharness.engine.txn.WatchedKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One numbered database (db.c): its keys and their expiry times, plus the clients watching or
 * blocked on its keys. SWAPDB swaps the {@link Data} of two databases; watched and blocking keys stay
 * with the database number, as in Redis.
 *
 * <p>Commands read through {@link #lookupRead} / {@link #lookupWrite}, which apply lazy expiry, and
 * write through {@link #setKey}, {@link #delete} and friends. Writes here never signal: each command
 * calls {@link Keyspace#signalModifiedKey} itself exactly where Redis does, because only the command
 * knows whether it changed anything.
 */
public final class Db {

    /** The keys and their expiry times; what SWAPDB exchanges. */
    public static final class Data {
        final HashMap<Key, RedisValue> dict = new HashMap<>();
        final HashMap<Key, Long> expires = new HashMap<>();
    }

    private final int id;
    private final Keyspace keyspace;
    Data data = new Data();
    /** Watched key → the watch records on it (multi.c keeps the same map per db). */
    public final HashMap<Key, ArrayList<WatchedKey>> watchedKeys = new HashMap<>();

    Db(int id, Keyspace keyspace) {
        this.id = id;
        this.keyspace = keyspace;
    }

    public int id() {
        return id;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** Whether the key has an expiry time that has passed (keyIsExpired); deletes nothing. */
    public boolean isExpired(Key key) {
        Long when = data.expires.get(key);
        return when != null && keyspace.now() > when;
    }

    /**
     * Deletes the key if it is logically expired (expireIfNeeded), signalling the deletion as a
     * modification as Redis 7.0 does. Returns whether it was expired.
     */
    public boolean expireIfNeeded(Key key) {
        if (!isExpired(key)) return false;
        data.dict.remove(key);
        data.expires.remove(key);
        keyspace.onExpired();
        keyspace.signalModifiedKey(this, key);
        return true;
    }

    /** The live value for a read, or null (lookupKeyRead). */
    public RedisValue lookupRead(Key key) {
        expireIfNeeded(key);
        return data.dict.get(key);
    }

    /** The live value for a write, or null (lookupKeyWrite). */
    public RedisValue lookupWrite(Key key) {
        expireIfNeeded(key);
        return data.dict.get(key);
    }

    /** Whether the key exists right now, without deleting it when expired (no side effects). */
    public boolean existsNoExpire(Key key) {
        return data.dict.containsKey(key);
    }

    /** Adds or overwrites (setKey/dbAdd); drops the TTL unless {@code keepTtl}. Does not signal. */
    public void setKey(Key key, RedisValue value, boolean keepTtl) {
        data.dict.put(key, value);
        if (!keepTtl) data.expires.remove(key);
        if (value instanceof ListValue || value instanceof ZSetValue || value instanceof StreamValue) {
            keyspace.signalKeyAsReady(this, key); // dbAdd: a key that blocked clients may wait for
        }
    }

    /** Adds a new key (dbAdd); the key must not exist. Does not signal. */
    public void add(Key key, RedisValue value) {
        setKey(key, value, false);
    }

    /** Deletes the key and its TTL (dbDelete). Returns whether it existed. Does not signal. */
    public boolean delete(Key key) {
        data.expires.remove(key);
        return data.dict.remove(key) != null;
    }

    /** The expiry time in ms, or -1 when the key has none. */
    public long getExpire(Key key) {
        Long when = data.expires.get(key);
        return when == null ? -1 : when;
    }

    /** Sets the key's expiry time; the key must exist. */
    public void setExpire(Key key, long whenMillis) {
        data.expires.put(key, whenMillis);
    }

    /** Removes the TTL; returns whether there was one. */
    public boolean removeExpire(Key key) {
        return data.expires.remove(key) != null;
    }

    /** Number of keys, expired or not (DBSIZE counts keys not yet reclaimed, as Redis does). */
    public int size() {
        return data.dict.size();
    }

    /** The keys, expired or not (a live view: copy it before deleting while iterating). */
    public java.util.Set<Key> keysView() {
        return data.dict.keySet();
    }

    /** The keys with a TTL (live view; active expiry walks it). */
    public Map<Key, Long> expires() {
        return data.expires;
    }

    /** Removes every key; returns how many there were. Does not signal. */
    public int clear() {
        int n = data.dict.size();
        data = new Data();
        return n;
    }

    /** Exchanges the data of two databases (SWAPDB). Does not signal. */
    public static void swapData(Db a, Db b) {
        Data t = a.data;
        a.data = b.data;
        b.data = t;
    }
}
