package dev.txnharness.properties.check;

import java.util.function.ToLongFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns model states as small ints so the search compares and stores ints only. */
final class StateTable<S> {
  private final Map<S, Integer> ids = new HashMap<>();
  private final List<S> states = new ArrayList<>();

  private final ToLongFunction<S> sizeOf;
  private long bytes;

  /** A table that counts the bytes of its states with {@code sizeOf} (an estimate). */
  StateTable(ToLongFunction<S> sizeOf) {
    this.sizeOf = sizeOf;
  }

  int intern(S s) {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    int fresh = states.size();
    ids.put(s, fresh);
    states.add(s);
    bytes += 64 + sizeOf.applyAsLong(s); // the map entry, the boxed id, the list slot
    return fresh;
  }

  /** An estimate of the bytes the interned states and the table take. */
  long bytes() {
    return bytes;
  }

  S get(int id) {
    return states.get(id);
  }

  int size() {
    return states.size();
  }
}
