package dev.txnharness.properties.anomaly;

import java.util.Arrays;

/**
 * A hash map from long to non-negative int, open addressing with linear probing: the checker's
 * "which append wrote this value" table, with no boxing (1M transactions append ~2M values).
 *
 * <p>Contract: {@link Long#MIN_VALUE} cannot be a key; {@link #get} answers -1 for a missing key.
 * Not thread-safe.
 */
final class LongIntTable {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private int[] values;
  private int size;

  LongIntTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(keys, EMPTY);
  }

  /** The value of {@code key}, or -1. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return -1;
      }
    }
  }

  /** Maps {@code key} to {@code value} unless it is mapped already; returns the old value or -1. */
  int putIfAbsent(long key, int value) {
    if (key == EMPTY) {
      throw new IllegalArgumentException("Long.MIN_VALUE cannot be a key");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        size++;
        return -1;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        putIfAbsent(oldKeys[i], oldValues[i]);
      }
    }
  }

  /** Murmur3's finaliser: every key bit moves every slot bit (values here differ in few low bits). */
  private static int mix(long key) {
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
