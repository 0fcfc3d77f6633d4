package dev.txnharness.properties.model;

import static dev.txnharness.properties.model.RedisCommands.normalize;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands.Effect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set whose members the model cannot know: one of several candidates, all of the same size.
 * It is what an SPOP whose reply was lost leaves behind when it popped some members but not all
 * (Redis picked them at random, and no reply says which). A later command that reads the set's
 * members is evaluated on every candidate and keeps those that give the reply observed, so the
 * uncertainty is resolved by what clients see next: a write that reads the members (SPOP, SREM,
 * SADD) keeps the candidates that give its reply; a read (SMEMBERS, SCARD, TYPE) is accepted when
 * some candidate gives its reply, and narrows nothing, since the checker relies on reads leaving
 * the state unchanged ({@link Model#readOnly}).
 * Commands that move or drop the value without reading it (DEL, EXISTS, RENAME, COPY, MOVE,
 * SWAPDB, FLUSH*, EXPIRE) carry it as it is; a copy is not narrowed with its original, which only
 * lets the model accept more (never a false alarm).
 *
 * <p>Immutable, compared by value (candidates in a canonical order).
 */
record UncertainSet(List<Set<String>> candidates) {
  /** More remainders than this and the model falls back to one guess (see docs/CHECKER.md). */
  static final int MAX_CANDIDATES = 64;

  UncertainSet {
    List<Set<String>> c = new ArrayList<>(new LinkedHashSet<>(candidates));
    c.sort(Comparator.comparing(Object::toString));
    candidates = List.copyOf(c);
  }

  /** The sets of {@code size - popped} members left of {@code set} by a pop of {@code popped}. */
  static List<Set<String>> remainders(Set<String> set, int popped) {
    List<String> members = new ArrayList<>(set);
    List<Set<String>> out = new ArrayList<>();
    choose(members, 0, members.size() - popped, new ArrayList<>(), out);
    return out;
  }

  private static void choose(List<String> m, int from, int left, List<String> acc,
      List<Set<String>> out) {
    if (out.size() > MAX_CANDIDATES) {
      return;
    }
    if (left == 0) {
      out.add(Collections.unmodifiableSet(new TreeSet<>(acc)));
      return;
    }
    for (int i = from; i <= m.size() - left; i++) {
      acc.add(m.get(i));
      choose(m, i + 1, left - 1, acc, out);
      acc.remove(acc.size() - 1);
    }
  }

  /** True for a command that never reads a value's contents: it carries an uncertain set as is. */
  static boolean opaque(Command c) {
    return switch (c.name()) {
      case "DEL", "EXISTS", "TOUCH", "RENAME", "RENAMENX", "COPY", "MOVE", "EXPIRE", "PEXPIRE",
          "FLUSHDB", "FLUSHALL", "SWAPDB" -> true;
      default -> false;
    };
  }

  /** One candidate's outcome: the effect, and what became of the key's value. */
  private record Outcome(Effect effect, Object value) {}

  /**
   * Runs {@code c} on key {@code k}, which holds this uncertain set: on every candidate, keeping
   * those whose reply is the observed one. When none is, the first candidate's effect stands (its
   * reply differs: the violation). The kept candidates' results become the key's value: one set,
   * or again an uncertain one. If they disagree on the keys touched or on whether the key still
   * exists (only possible when the reply was lost too), the first kept one stands.
   */
  Effect apply(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, String k,
      Reply observed, Runner run) {
    Reply want = observed == null ? null : normalize(c, observed);
    List<Outcome> kept = new ArrayList<>();
    Outcome first = null;
    for (Set<String> cand : candidates) {
      TreeMap<String, Object> ks2 = new TreeMap<>(ks);
      TreeMap<String, Long> ttls2 = new TreeMap<>(ttls);
      ks2.put(k, cand);
      Effect e = run.apply(ks2, ttls2, c, observed);
      Outcome o = new Outcome(e, ks2.get(k));
      first = first == null ? o : first;
      if (want == null || normalize(c, e.reply()).equals(want)) {
        kept.add(o);
      }
    }
    Outcome chosen = kept.isEmpty() ? first : kept.get(0);
    if (RedisCommands.readOnly(c)) {
      // a read leaves the state as it is (Model.readOnly): it is accepted when some candidate
      // answers so, and narrows nothing (accepting more, never a false alarm)
      return chosen.effect();
    }
    List<Set<String>> values = new ArrayList<>();
    boolean uniform = true;
    for (Outcome o : kept) {
      uniform &= o.effect().touched().equals(chosen.effect().touched())
          && (o.value() == null) == (chosen.value() == null);
      if (o.value() instanceof UncertainSet u) {
        values.addAll(u.candidates());
      } else if (o.value() instanceof Set<?> s) {
        @SuppressWarnings("unchecked")
        Set<String> set = (Set<String>) s;
        values.add(set);
      } else if (o.value() != null) {
        uniform = false; // not a set any more (cannot happen for the commands modelled)
      }
    }
    Object value = chosen.value();
    if (uniform && chosen.value() != null && !kept.isEmpty()) {
      UncertainSet merged = new UncertainSet(values);
      value = merged.candidates().size() == 1 ? merged.candidates().get(0) : merged;
    }
    if (value == null) {
      ks.remove(k);
      ttls.remove(k);
    } else {
      ks.put(k, value);
    }
    return chosen.effect();
  }

  /** Runs a command on a keyspace (RedisCommands's data step, for one candidate). */
  @FunctionalInterface
  interface Runner {
    Effect apply(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c,
        Reply observed);
  }

  @Override
  public String toString() {
    return "one of " + candidates;
  }
}
