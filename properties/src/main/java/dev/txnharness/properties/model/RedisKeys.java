package dev.txnharness.properties.model;

import static dev.txnharness.properties.model.RedisCommands.NOT_INTEGER;
import static dev.txnharness.properties.model.RedisCommands.at;
import static dev.txnharness.properties.model.RedisCommands.read;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands.Effect;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generic key commands, as Redis 7.0's db.c answers them: EXISTS, TOUCH, TYPE (reads: they
 * never touch), RENAME / RENAMENX (touch the source and the destination; the TTL moves with the
 * value), COPY [DB n] [REPLACE] (touches the destination only), MOVE (touches the key in both
 * databases) and SWAPDB (touches every watched key that exists in either database). Keys are
 * qualified by database ({@link RedisCommands#at}); {@code db} is the client's selected one.
 */
final class RedisKeys {
  /** Redis's default {@code databases 16}. */
  static final int DATABASES = 16;
  private static final String SAME_OBJECT = "ERR source and destination objects are the same";
  private static final String OUT_OF_RANGE = "ERR DB index is out of range";

  private RedisKeys() {}

  /** EXISTS / TOUCH key [key ...]: how many of the keys exist, a key named twice counted twice. */
  static Effect exists(TreeMap<String, Object> ks, Command c, int db) {
    long n = 0;
    for (String k : c.argv().subList(1, c.argc())) {
      if (ks.containsKey(at(db, k))) {
        n++;
      }
    }
    return read(new Reply.Int(n));
  }

  /** TYPE key. */
  static Effect type(Object v) {
    String t = v == null ? "none" : v instanceof String ? "string" : v instanceof List ? "list"
        : v instanceof Set ? "set" : v instanceof Map ? "hash" : "none";
    return read(new Reply.Simple(t));
  }

  /**
   * RENAME / RENAMENX src dst (renameGenericCommand): a missing source is an error for both; a key
   * renamed to itself answers OK (0 for RENAMENX) and changes nothing; RENAMENX onto an existing
   * key answers 0. Otherwise the value and its TTL move and both keys are touched.
   */
  static Effect rename(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, int db) {
    boolean nx = c.name().equals("RENAMENX");
    String src = at(db, c.arg(1));
    String dst = at(db, c.arg(2));
    Object v = ks.get(src);
    if (v == null) {
      return read(Reply.error("ERR no such key"));
    }
    if (src.equals(dst)) {
      return read(nx ? new Reply.Int(0) : Reply.OK);
    }
    if (nx && ks.containsKey(dst)) {
      return read(new Reply.Int(0));
    }
    Long ttl = ttls.remove(src);
    ks.remove(src);
    ks.put(dst, v);
    if (ttl != null) {
      ttls.put(dst, ttl);
    } else {
      ttls.remove(dst);
    }
    return new Effect(nx ? new Reply.Int(1) : Reply.OK, Set.of(src, dst));
  }

  /**
   * COPY src dst [DB n] [REPLACE] (copyCommand): options first (a bad DB index is an error), then
   * the same key in the same database is an error, a missing source or an existing destination
   * without REPLACE answers 0; else the destination gets the value and the TTL and is touched.
   */
  static Effect copy(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, int db) {
    boolean replace = false;
    int target = db;
    for (int j = 3; j < c.argc(); j++) {
      String opt = c.arg(j).toUpperCase(Locale.ROOT);
      if (opt.equals("REPLACE")) {
        replace = true;
      } else if (opt.equals("DB") && j + 1 < c.argc()) {
        int n = integer(c.arg(++j));
        if (n == Integer.MIN_VALUE) {
          return read(Reply.error(NOT_INTEGER));
        }
        if (n < 0 || n >= DATABASES) {
          return read(Reply.error(OUT_OF_RANGE));
        }
        target = n;
      } else {
        return read(Reply.error("ERR syntax error"));
      }
    }
    String src = at(db, c.arg(1));
    String dst = at(target, c.arg(2));
    if (src.equals(dst)) {
      return read(Reply.error(SAME_OBJECT));
    }
    Object v = ks.get(src);
    if (v == null || (ks.containsKey(dst) && !replace)) {
      return read(new Reply.Int(0));
    }
    ks.put(dst, v); // values are immutable: sharing is a copy
    Long ttl = ttls.get(src);
    if (ttl != null) {
      ttls.put(dst, ttl);
    } else {
      ttls.remove(dst);
    }
    return new Effect(new Reply.Int(1), Set.of(dst));
  }

  /**
   * MOVE key db (moveCommand): the index is checked, then the same database is an error, then a
   * missing key or one that exists in the target answers 0; else the key moves with its TTL and
   * is touched in both databases.
   */
  static Effect move(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c, int db) {
    int n = integer(c.arg(2));
    if (n == Integer.MIN_VALUE) {
      return read(Reply.error(NOT_INTEGER));
    }
    if (n < 0 || n >= DATABASES) {
      return read(Reply.error(OUT_OF_RANGE));
    }
    if (n == db) {
      return read(Reply.error(SAME_OBJECT));
    }
    String src = at(db, c.arg(1));
    String dst = at(n, c.arg(1));
    Object v = ks.get(src);
    if (v == null || ks.containsKey(dst)) {
      return read(new Reply.Int(0));
    }
    ks.remove(src);
    ks.put(dst, v);
    Long ttl = ttls.remove(src);
    if (ttl != null) {
      ttls.put(dst, ttl);
    }
    return new Effect(new Reply.Int(1), Set.of(src, dst));
  }

  /**
   * SWAPDB a b (swapdbCommand): a non-integer index is "invalid first/second DB index", a
   * negative or too large one out of range; swapping a database with itself changes nothing.
   * Otherwise the contents trade places, and every key that exists in either database afterwards
   * or before is touched (touchAllWatchedKeysInDb: a watched key that exists in one of them is
   * touched; one missing from both is not).
   */
  static Effect swapdb(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c) {
    int a = integer(c.arg(1));
    if (a == Integer.MIN_VALUE) {
      return read(Reply.error("ERR invalid first DB index"));
    }
    int b = integer(c.arg(2));
    if (b == Integer.MIN_VALUE) {
      return read(Reply.error("ERR invalid second DB index"));
    }
    if (a < 0 || a >= DATABASES || b < 0 || b >= DATABASES) {
      return read(Reply.error(OUT_OF_RANGE));
    }
    if (a == b) {
      return read(Reply.OK);
    }
    TreeMap<String, Object> va = new TreeMap<>();
    TreeMap<String, Object> vb = new TreeMap<>();
    TreeMap<String, Long> ta = new TreeMap<>();
    TreeMap<String, Long> tb = new TreeMap<>();
    Set<String> touched = new TreeSet<>();
    for (Map.Entry<String, Object> e : ks.entrySet()) {
      int d = RedisCommands.dbOf(e.getKey());
      if (d == a || d == b) {
        String name = RedisCommands.nameOf(e.getKey());
        (d == a ? va : vb).put(name, e.getValue());
        Long t = ttls.get(e.getKey());
        if (t != null) {
          (d == a ? ta : tb).put(name, t);
        }
        touched.add(at(a, name)); // a watcher of the name in either db sees a change
        touched.add(at(b, name));
      }
    }
    ks.keySet().removeIf(k -> RedisCommands.dbOf(k) == a || RedisCommands.dbOf(k) == b);
    ttls.keySet().removeIf(k -> RedisCommands.dbOf(k) == a || RedisCommands.dbOf(k) == b);
    va.forEach((k, v) -> ks.put(at(b, k), v));
    vb.forEach((k, v) -> ks.put(at(a, k), v));
    ta.forEach((k, v) -> ttls.put(at(b, k), v));
    tb.forEach((k, v) -> ttls.put(at(a, k), v));
    return new Effect(Reply.OK, touched);
  }

  /** A database index as getIntFromObject reads it, or Integer.MIN_VALUE when it is not one. */
  static int integer(String s) {
    try {
      long n = RedisCommands.parseStrictLong(s);
      return n < Integer.MIN_VALUE + 1 || n > Integer.MAX_VALUE ? Integer.MIN_VALUE : (int) n;
    } catch (NumberFormatException e) {
      return Integer.MIN_VALUE;
    }
  }
}
