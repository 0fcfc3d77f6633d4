package dev.txnharness.engine.keyspace;

import java.util.LinkedHashMap;

/** A hash: fields to values, in insertion order (as a small Redis hash answers HGETALL). */
public final class HashValue implements RedisValue {
    /** hash-max-listpack-entries and hash-max-listpack-value defaults. */
    private static final int MAX_LISTPACK_ENTRIES = 128, MAX_LISTPACK_VALUE = 64;

    private final LinkedHashMap<Key, byte[]> map;
    private boolean hashtable;

    public HashValue() {
        this.map = new LinkedHashMap<>();
    }

    private HashValue(LinkedHashMap<Key, byte[]> map, boolean hashtable) {
        this.map = map;
        this.hashtable = hashtable;
    }

    public LinkedHashMap<Key, byte[]> map() {
        return map;
    }

    /** Records a write of field/value, converting the encoding as Redis does (never back). */
    public void noteWrite(byte[] field, byte[] value) {
        if (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE || map.size() > MAX_LISTPACK_ENTRIES) {
            hashtable = true;
        }
    }

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public String encoding() {
        return hashtable ? "hashtable" : "listpack";
    }

    @Override
    public RedisValue copy() {
        return new HashValue(new LinkedHashMap<>(map), hashtable);
    }
}
