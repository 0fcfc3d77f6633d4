package dev.txnharness.properties.model;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the data commands the workloads use do to a keyspace, with Redis 7.0's replies and error
 * strings: GET SET INCR DEL (strings, counters), RPUSH LRANGE (lists), HSET HGET (hashes), SADD
 * SMEMBERS (sets), PING. Also the command table (arity, key positions) and the queue-time checks.
 *
 * <p>Values in a keyspace are immutable: {@code String}, {@code List<String>},
 * {@code Map<String, String>}, {@code Set<String>}. {@link #apply} reports the keys it touched
 * (in Redis's sense: a write that changed the key, even to the same value), which is what makes a
 * WATCH fail.
 */
public final class RedisCommands {
  static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";

  /** Arity as in Redis's command table: n = exactly n words, -n = at least n. */
  private static final Map<String, Integer> ARITY = Map.ofEntries(
      Map.entry("GET", 2), Map.entry("SET", -3), Map.entry("INCR", 2), Map.entry("DEL", -2),
      Map.entry("RPUSH", -3), Map.entry("LRANGE", 4), Map.entry("HSET", -4),
      Map.entry("HGET", 3), Map.entry("SADD", -3), Map.entry("SMEMBERS", 2),
      Map.entry("PING", -1), Map.entry("WATCH", -2), Map.entry("UNWATCH", 1),
      Map.entry("MULTI", 1), Map.entry("EXEC", 1), Map.entry("DISCARD", 1),
      Map.entry("FLUSHDB", -1), Map.entry("FLUSHALL", -1));

  private static final Set<String> READS = Set.of("GET", "LRANGE", "HGET", "SMEMBERS", "PING");

  private RedisCommands() {}

  /** The result of running a command: its reply and the keys it touched. */
  public record Effect(Reply reply, Set<String> touched) {}

  /** True for a command this model knows. */
  public static boolean known(String name) {
    return ARITY.containsKey(name.toUpperCase(Locale.ROOT));
  }

  /**
   * True for a command that touches keys it does not name (FLUSHDB, FLUSHALL): a history with one
   * cannot be split by key.
   */
  public static boolean global(Command c) {
    return c.name().equals("FLUSHDB") || c.name().equals("FLUSHALL");
  }

  /** True for a command that never changes the keyspace. */
  public static boolean readOnly(Command c) {
    return READS.contains(c.name());
  }

  /** The keys a command names (for partitioning and WATCH checks). */
  public static List<String> keys(Command c) {
    switch (c.name()) {
      case "GET": case "SET": case "INCR": case "RPUSH": case "LRANGE": case "HSET": case "HGET":
      case "SADD": case "SMEMBERS":
        return c.argc() > 1 ? List.of(c.arg(1)) : List.of();
      case "DEL": case "WATCH":
        return c.argv().subList(1, c.argc());
      default:
        return List.of();
    }
  }

  /**
   * The error Redis answers at queue time (unknown command, wrong arity), or null when the
   * command would be queued.
   */
  public static String rejectAtQueueTime(Command c) {
    Integer arity = ARITY.get(c.name());
    if (arity == null) {
      StringBuilder args = new StringBuilder();
      for (int i = 1; i < c.argc() && args.length() < 128; i++) {
        String a = c.arg(i);
        int room = 128 - args.length();
        args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
      }
      String name = c.arg(0);
      return "ERR unknown command '" + name.substring(0, Math.min(128, name.length()))
          + "', with args beginning with: " + args;
    }
    if ((arity > 0 && c.argc() != arity) || (arity < 0 && c.argc() < -arity)
        || (c.name().equals("HSET") && c.argc() % 2 != 0)) {
      return "ERR wrong number of arguments for '" + c.name().toLowerCase(Locale.ROOT)
          + "' command";
    }
    return null;
  }

  /**
   * Runs a data command on {@code ks} (mutated in place). The command must pass
   * {@link #rejectAtQueueTime} and not be a transaction command.
   */
  public static Effect apply(TreeMap<String, Object> ks, Command c) {
    String k = c.argc() > 1 ? c.arg(1) : null;
    Object v = k == null ? null : ks.get(k);
    switch (c.name()) {
      case "FLUSHDB":
      case "FLUSHALL": {
        if (c.argc() > 2 || (c.argc() == 2 && !c.arg(1).equalsIgnoreCase("SYNC")
            && !c.arg(1).equalsIgnoreCase("ASYNC"))) {
          return read(Reply.error("ERR syntax error"));
        }
        // every existing key is touched (SEMANTICS 18); missing ones are not
        Set<String> touched = new TreeSet<>(ks.keySet());
        ks.clear();
        return new Effect(Reply.OK, touched);
      }
      case "PING":
        return read(c.argc() == 1 ? new Reply.Simple("PONG") : new Reply.Bulk(c.arg(1)));
      case "GET":
        if (v != null && !(v instanceof String)) {
          return read(Reply.error(WRONGTYPE));
        }
        return read(Reply.bulk((String) v));
      case "SET":
        return set(ks, c, k, v);
      case "INCR": {
        if (v != null && !(v instanceof String)) {
          return read(Reply.error(WRONGTYPE));
        }
        long n;
        try {
          n = v == null ? 0 : parseStrictLong((String) v);
        } catch (NumberFormatException e) {
          return read(Reply.error(NOT_INTEGER));
        }
        if (n == Long.MAX_VALUE) {
          return read(Reply.error("ERR increment or decrement would overflow"));
        }
        ks.put(k, Long.toString(n + 1));
        return write(new Reply.Int(n + 1), k);
      }
      case "DEL": {
        Set<String> touched = new HashSet<>();
        for (String key : c.argv().subList(1, c.argc())) {
          if (ks.remove(key) != null) {
            touched.add(key);
          }
        }
        return new Effect(new Reply.Int(touched.size()), touched);
      }
      case "RPUSH": {
        if (v != null && !(v instanceof List)) {
          return read(Reply.error(WRONGTYPE));
        }
        @SuppressWarnings("unchecked")
        List<String> list = v == null ? new ArrayList<>() : new ArrayList<>((List<String>) v);
        list.addAll(c.argv().subList(2, c.argc()));
        ks.put(k, List.copyOf(list));
        return write(new Reply.Int(list.size()), k);
      }
      case "LRANGE": {
        if (v != null && !(v instanceof List)) {
          return read(Reply.error(WRONGTYPE));
        }
        long start;
        long stop;
        try {
          start = parseStrictLong(c.arg(2));
          stop = parseStrictLong(c.arg(3));
        } catch (NumberFormatException e) {
          return read(Reply.error(NOT_INTEGER));
        }
        @SuppressWarnings("unchecked")
        List<String> list = v == null ? List.of() : (List<String>) v;
        return read(lrange(list, start, stop));
      }
      case "HSET": {
        if (v != null && !(v instanceof Map)) {
          return read(Reply.error(WRONGTYPE));
        }
        @SuppressWarnings("unchecked")
        TreeMap<String, String> h = v == null ? new TreeMap<>() : new TreeMap<>((Map<String, String>) v);
        int added = 0;
        for (int i = 2; i + 1 < c.argc(); i += 2) {
          if (h.put(c.arg(i), c.arg(i + 1)) == null) {
            added++;
          }
        }
        ks.put(k, Collections.unmodifiableMap(h));
        return write(new Reply.Int(added), k);
      }
      case "HGET": {
        if (v != null && !(v instanceof Map)) {
          return read(Reply.error(WRONGTYPE));
        }
        return read(Reply.bulk(v == null ? null : ((Map<?, ?>) v).get(c.arg(2)) == null ? null
            : (String) ((Map<?, ?>) v).get(c.arg(2))));
      }
      case "SADD": {
        if (v != null && !(v instanceof Set)) {
          return read(Reply.error(WRONGTYPE));
        }
        @SuppressWarnings("unchecked")
        TreeSet<String> s = v == null ? new TreeSet<>() : new TreeSet<>((Set<String>) v);
        int added = 0;
        for (String m : c.argv().subList(2, c.argc())) {
          if (s.add(m)) {
            added++;
          }
        }
        if (added == 0) {
          return read(new Reply.Int(0)); // SADD of existing members changes nothing: no touch
        }
        ks.put(k, Collections.unmodifiableSet(s));
        return write(new Reply.Int(added), k);
      }
      case "SMEMBERS": {
        if (v != null && !(v instanceof Set)) {
          return read(Reply.error(WRONGTYPE));
        }
        List<Reply> items = new ArrayList<>();
        if (v != null) {
          for (Object m : (Set<?>) v) {
            items.add(new Reply.Bulk((String) m));
          }
        }
        return read(Reply.array(items));
      }
      default:
        throw new IllegalArgumentException("not a data command: " + c);
    }
  }

  private static Effect set(TreeMap<String, Object> ks, Command c, String k, Object v) {
    boolean nx = false;
    boolean xx = false;
    for (int i = 3; i < c.argc(); i++) {
      String opt = c.arg(i).toUpperCase(Locale.ROOT);
      if (opt.equals("NX") && !xx) {
        nx = true;
      } else if (opt.equals("XX") && !nx) {
        xx = true;
      } else {
        return read(Reply.error("ERR syntax error"));
      }
    }
    if ((nx && v != null) || (xx && v == null)) {
      return read(Reply.NIL);
    }
    ks.put(k, c.arg(2));
    return write(Reply.OK, k);
  }

  private static Reply lrange(List<String> list, long start, long stop) {
    long n = list.size();
    if (start < 0) {
      start = n + start;
    }
    if (stop < 0) {
      stop = n + stop;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > stop || start >= n) {
      return Reply.array(List.of());
    }
    if (stop >= n) {
      stop = n - 1;
    }
    List<Reply> items = new ArrayList<>();
    for (long i = start; i <= stop; i++) {
      items.add(new Reply.Bulk(list.get((int) i)));
    }
    return Reply.array(items);
  }

  /** Parses like Redis's string2ll: no spaces, no leading '+', no leading zeros. */
  static long parseStrictLong(String s) {
    if (s.isEmpty() || s.length() > 20 || s.startsWith("+")
        || (s.length() > 1 && s.startsWith("0")) || s.startsWith("-0")) {
      throw new NumberFormatException(s);
    }
    return Long.parseLong(s);
  }

  /**
   * The reply in a canonical form for comparison: SMEMBERS' order is unspecified in Redis, so
   * its items are sorted.
   */
  public static Reply normalize(Command c, Reply r) {
    if (c.name().equals("SMEMBERS") && r instanceof Reply.Array a) {
      List<Reply> items = new ArrayList<>(a.items());
      items.sort((x, y) -> x.toString().compareTo(y.toString()));
      return Reply.array(items);
    }
    return r;
  }

  private static Effect read(Reply r) {
    return new Effect(r, Set.of());
  }

  private static Effect write(Reply r, String key) {
    return new Effect(r, Set.of(key));
  }
}
