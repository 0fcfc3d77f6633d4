package dev.txnharness.properties.check;

/**
 * The set of explored search configurations (linearized set, state), as Porcupine's cache.
 *
 * <p>A linearized set is represented by two independent 64-bit Zobrist hashes (XOR of a random
 * key per op), so an entry is 20 bytes and adding an op is two XORs. Two different sets collide
 * with probability 2^-128 per pair (the XOR of a non-empty set of independent uniform keys is
 * uniform), far below any hardware error rate; this is the one place the checker trades exactness
 * for speed, and CHECKER.md says so.
 */
final class MemoTable {
  private long[] h1;
  private long[] h2;
  private int[] st; // state + 1; 0 = empty slot
  private int size;
  private int mask;

  MemoTable(int capacity) {
    int cap = Integer.highestOneBit(Math.max(64, capacity) - 1) << 1;
    h1 = new long[cap];
    h2 = new long[cap];
    st = new int[cap];
    mask = cap - 1;
  }

  /** Bytes this table may hold at its next growth (the old and the new arrays at once). */
  long bytesAtNextGrowth() {
    return 3L * st.length * 20;
  }

  int size() {
    return size;
  }

  /** Adds the configuration; returns false if it was already present. */
  boolean add(long a, long b, int state) {
    if (size * 2 >= st.length) {
      grow();
    }
    int s = state + 1;
    int i = (int) LongIntMap.mix(a ^ (s * 0x9E3779B97F4A7C15L)) & mask;
    while (true) {
      int cur = st[i];
      if (cur == 0) {
        h1[i] = a;
        h2[i] = b;
        st[i] = s;
        size++;
        return true;
      }
      if (cur == s && h1[i] == a && h2[i] == b) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] oa = h1;
    long[] ob = h2;
    int[] os = st;
    int cap = os.length * 2;
    h1 = new long[cap];
    h2 = new long[cap];
    st = new int[cap];
    mask = cap - 1;
    size = 0;
    for (int i = 0; i < os.length; i++) {
      if (os[i] != 0) {
        add(oa[i], ob[i], os[i] - 1);
      }
    }
  }
}
