package dev.txnharness.properties.model;

import java.util.Arrays;

/**
 * An immutable key-value map for {@link KvModel}: keys sorted in one array, values in another,
 * hash computed once. Cheaper than a copied {@code TreeMap} on the checker's hot path.
 */
public final class KvState {
  /** The empty store. */
  public static final KvState EMPTY = new KvState(new String[0], new String[0]);

  private final String[] keys;
  private final String[] values;
  private final int hash;

  private KvState(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  /** The value of {@code key}, {@code ""} when absent. */
  public String get(String key) {
    int i = Arrays.binarySearch(keys, key);
    return i >= 0 ? values[i] : "";
  }

  /** This store with {@code key} set to {@code value}. */
  public KvState with(String key, String value) {
    int i = Arrays.binarySearch(keys, key);
    if (i >= 0) {
      if (values[i].equals(value)) {
        return this;
      }
      String[] v = values.clone();
      v[i] = value;
      return new KvState(keys, v);
    }
    int at = -i - 1;
    String[] k = new String[keys.length + 1];
    String[] v = new String[values.length + 1];
    System.arraycopy(keys, 0, k, 0, at);
    System.arraycopy(values, 0, v, 0, at);
    k[at] = key;
    v[at] = value;
    System.arraycopy(keys, at, k, at + 1, keys.length - at);
    System.arraycopy(values, at, v, at + 1, values.length - at);
    return new KvState(k, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvState s && s.hash == hash && Arrays.equals(s.keys, keys)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(keys[i]).append("': '")
          .append(values[i]).append('\'');
    }
    return sb.append('}').toString();
  }
}
