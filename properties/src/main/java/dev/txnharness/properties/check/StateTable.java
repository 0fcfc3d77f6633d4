package dev.txnharness.properties.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns model states as small ints so the search compares and stores ints only. */
final class StateTable<S> {
  private final Map<S, Integer> ids = new HashMap<>();
  private final List<S> states = new ArrayList<>();

  int intern(S s) {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    int fresh = states.size();
    ids.put(s, fresh);
    states.add(s);
    return fresh;
  }

  S get(int id) {
    return states.get(id);
  }

  int size() {
    return states.size();
  }
}
