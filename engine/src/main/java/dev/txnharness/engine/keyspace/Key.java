package dev.txnharness.engine.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A binary-safe key, member or field: bytes compared by content, with a cached hash. */
public final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    /** Wraps {@code bytes} without copying; the caller must not change them afterwards. */
    public Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static Key of(String s) {
        return new Key(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Key k && k.hash == hash && Arrays.equals(bytes, k.bytes));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
