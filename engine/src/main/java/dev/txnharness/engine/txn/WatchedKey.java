package dev.txnharness.engine.txn;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;

/**
 * One WATCH (multi.c's watchedKey): the key, the database it was watched in (a later SELECT does
 * not move it), and whether the key was already logically expired at WATCH time.
 */
public final class WatchedKey {
    final Client client;
    final Key key;
    final Db db;
    boolean expired;

    WatchedKey(Client client, Key key, Db db, boolean expired) {
        this.client = client;
        this.key = key;
        this.db = db;
        this.expired = expired;
    }

    public Key key() {
        return key;
    }

    public Db db() {
        return db;
    }
}
