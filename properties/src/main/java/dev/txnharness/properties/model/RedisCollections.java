package dev.txnharness.properties.model;

import static dev.txnharness.properties.model.RedisCommands.WRONGTYPE;
import static dev.txnharness.properties.model.RedisCommands.read;
import static dev.txnharness.properties.model.RedisCommands.write;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands.Effect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The removals and lengths of the typed values, as Redis 7.0's t_set.c, t_list.c and t_hash.c
 * answer them: SREM, HDEL (a removal of nothing is no change: no touch), SPOP [count],
 * LPOP / RPOP [count] (a partial pop leaves the rest; popping the last member deletes the key),
 * and the reads STRLEN, LLEN, SCARD, HLEN.
 *
 * <p>SPOP picks its members at random, so the model cannot compute its reply: it is a
 * nondeterministic choice, resolved by the reply that was observed. When {@code observed} is a
 * valid pop of the set (the right number of distinct members, all in the set) the model pops
 * exactly those; otherwise it pops the smallest members, so the comparison of the replies fails
 * and says what a valid reply would be. The members of a multi-member pop are compared as a set.
 */
final class RedisCollections {
  private static final String OUT_OF_RANGE = "ERR value is out of range, must be positive";

  private RedisCollections() {}

  /**
   * SREM key member [member ...] and HDEL key field [field ...]: how many were there and are
   * removed; a removal of nothing is no change, no touch (SEMANTICS 15); removing the last one
   * deletes the key.
   */
  static Effect remove(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c,
      String k, Object v) {
    boolean set = c.name().equals("SREM");
    if (v == null) {
      return read(new Reply.Int(0));
    }
    if (set ? !(v instanceof Set) : !(v instanceof Map)) {
      return read(Reply.error(WRONGTYPE));
    }
    @SuppressWarnings("unchecked")
    TreeSet<String> members = set ? new TreeSet<>((Set<String>) v) : null;
    @SuppressWarnings("unchecked")
    TreeMap<String, String> fields = set ? null : new TreeMap<>((Map<String, String>) v);
    Collection<String> names = set ? members : fields.keySet(); // removing a key drops its field
    int removed = 0;
    for (String m : c.argv().subList(2, c.argc())) {
      if (names.remove(m)) {
        removed++;
      }
    }
    if (removed == 0) {
      return read(new Reply.Int(0));
    }
    Object rest = names.isEmpty() ? null
        : set ? Collections.unmodifiableSet(members) : Collections.unmodifiableMap(fields);
    store(ks, ttls, k, rest);
    return write(new Reply.Int(removed), k);
  }

  /**
   * SPOP key [count] (spopCommand, spopWithCountCommand): the count is parsed first; a missing
   * key answers nil (an empty array with a count); a count of 0 pops nothing. {@code observed}
   * resolves which members were popped (see the class comment).
   */
  static Effect spop(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, String k,
      Object v, Reply observed) {
    if (c.argc() > 3) {
      return read(Reply.error("ERR syntax error"));
    }
    boolean withCount = c.argc() == 3;
    long count = count(c);
    if (count < 0) {
      return read(Reply.error(OUT_OF_RANGE));
    }
    if (v == null) {
      return read(withCount ? Reply.array(List.of()) : Reply.NIL);
    }
    if (!(v instanceof Set)) {
      return read(Reply.error(WRONGTYPE));
    }
    if (count == 0) {
      return read(Reply.array(List.of()));
    }
    @SuppressWarnings("unchecked")
    Set<String> set = (Set<String>) v;
    int n = (int) Math.min(count, set.size());
    if (observed == null && n < set.size()) {
      // the reply was lost: which members are left is one of several remainders
      List<Set<String>> left = UncertainSet.remainders(set, n);
      if (left.size() <= UncertainSet.MAX_CANDIDATES) {
        ks.put(k, left.size() == 1 ? left.get(0) : new UncertainSet(left));
        return write(withCount ? Reply.array(List.of()) : Reply.NIL, k); // reply unknown anyway
      }
    }
    List<String> popped = chosen(set, n, withCount, observed);
    TreeSet<String> rest = new TreeSet<>(set);
    popped.forEach(rest::remove);
    store(ks, ttls, k, rest.isEmpty() ? null : Collections.unmodifiableSet(rest));
    if (!withCount) {
      return write(new Reply.Bulk(popped.get(0)), k);
    }
    List<Reply> items = new ArrayList<>();
    popped.forEach(m -> items.add(new Reply.Bulk(m)));
    return write(Reply.array(items), k);
  }

  /** The {@code n} members SPOP popped: the observed ones when they are a valid pop. */
  private static List<String> chosen(Set<String> set, int n, boolean withCount, Reply observed) {
    List<String> seen = new ArrayList<>();
    if (!withCount && observed instanceof Reply.Bulk b) {
      seen.add(b.value());
    } else if (withCount && observed instanceof Reply.Array a) {
      for (Reply r : a.items()) {
        seen.add(r instanceof Reply.Bulk b ? b.value() : null);
      }
    }
    if (seen.size() == n && !seen.contains(null) && set.containsAll(seen)
        && new HashSet<>(seen).size() == n) {
      return seen;
    }
    List<String> first = new ArrayList<>(n);
    for (String m : set) { // not a valid pop: the smallest members, so the replies differ
      if (first.size() == n) {
        break;
      }
      first.add(m);
    }
    return first;
  }

  /**
   * LPOP / RPOP key [count] (popGenericCommand): more than one count is a run-time arity error
   * (the command table says at least 2 words, so it is queued inside MULTI); the count is parsed
   * before the lookup; a missing key answers nil (a nil array with a count); a count of 0 on an
   * existing list answers an empty array and pops nothing.
   */
  static Effect pop(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, String k,
      Object v) {
    if (c.argc() > 3) {
      return read(Reply.error("ERR wrong number of arguments for '"
          + c.name().toLowerCase(Locale.ROOT) + "' command"));
    }
    boolean withCount = c.argc() == 3;
    long count = count(c);
    if (count < 0) {
      return read(Reply.error(OUT_OF_RANGE));
    }
    if (v == null) {
      return read(withCount ? Reply.NIL_ARRAY : Reply.NIL);
    }
    if (!(v instanceof List)) {
      return read(Reply.error(WRONGTYPE));
    }
    if (count == 0) {
      return read(Reply.array(List.of()));
    }
    @SuppressWarnings("unchecked")
    List<String> list = new ArrayList<>((List<String>) v);
    boolean left = c.name().equals("LPOP");
    List<Reply> items = new ArrayList<>();
    for (long i = 0; i < count && !list.isEmpty(); i++) {
      items.add(new Reply.Bulk(left ? list.remove(0) : list.remove(list.size() - 1)));
    }
    store(ks, ttls, k, list.isEmpty() ? null : List.copyOf(list));
    return write(withCount ? Reply.array(items) : items.get(0), k);
  }

  /** STRLEN, LLEN, SCARD, HLEN: 0 for a missing key, WRONGTYPE for another type. */
  static Effect length(Command c, Object v) {
    if (v == null) {
      return read(new Reply.Int(0));
    }
    long n;
    switch (c.name()) {
      case "STRLEN" -> n = v instanceof String s
          ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length : -1;
      case "LLEN" -> n = v instanceof List<?> l ? l.size() : -1;
      case "SCARD" -> n = v instanceof Set<?> s ? s.size() : -1;
      default -> n = v instanceof Map<?, ?> m ? m.size() : -1; // HLEN
    }
    return read(n < 0 ? Reply.error(WRONGTYPE) : new Reply.Int(n));
  }

  /**
   * The count of a pop: 1 without one, else as getPositiveLongFromObjectOrReply reads it, or -1
   * when it is not one.
   */
  private static long count(Command c) {
    if (c.argc() < 3) {
      return 1;
    }
    try {
      long n = RedisCommands.parseStrictLong(c.arg(2));
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Puts {@code value} at {@code k}, or deletes the key (and its TTL) when it is null. */
  private static void store(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, String k,
      Object value) {
    if (value == null) {
      ks.remove(k);
      ttls.remove(k);
    } else {
      ks.put(k, value); // a changed collection keeps its TTL
    }
  }
}
