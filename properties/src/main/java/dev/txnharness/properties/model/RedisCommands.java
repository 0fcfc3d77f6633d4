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
 * strings: GET SET (NX XX EX PX KEEPTTL) INCR DEL (strings, counters), RPUSH LRANGE LPOP RPOP
 * [count] LLEN (lists), HSET HGET HDEL HLEN (hashes), SADD SMEMBERS SREM SPOP [count] SCARD
 * (sets), STRLEN, EXISTS TOUCH TYPE RENAME RENAMENX COPY [DB n] [REPLACE] MOVE (keys; see
 * {@link RedisKeys}), SWAPDB FLUSHDB FLUSHALL, EXPIRE PEXPIRE (NX XX GT LT), PING. Also the
 * command table (arity, key positions), the queue-time checks, and the harness's clock step
 * ({@link #advanceClock}) and disconnect ({@link #DISCONNECT}), which are not Redis commands.
 * SELECT and QUIT are in the table; what they do to a connection is {@link RedisModel}'s.
 *
 * <p>Databases: the keyspace holds every database's keys, each qualified by its database
 * ({@link #at}); a command runs in its client's selected database. Redis's default of 16
 * databases.
 *
 * <p>TTLs are kept as the milliseconds left on the model's clock (see {@link RedisState}); every
 * key in the keyspace is alive, so the commands here never see an expired key. Not modelled:
 * SET's GET, EXAT and PXAT (answered as a syntax error), PEXPIREAT, TTL, PERSIST, OBJECT.
 *
 * <p>Values in a keyspace are immutable: {@code String}, {@code List<String>},
 * {@code Map<String, String>}, {@code Set<String>}. {@link #apply} reports the keys it touched
 * (in Redis's sense: a write that changed the key, even to the same value), which is what makes a
 * WATCH fail. SPOP's members are a nondeterministic choice, resolved by the observed reply
 * ({@link RedisCollections}).
 */
public final class RedisCommands {
  static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  private static final String UNKNOWN_COMMAND = "ERR unknown command ";

  /**
   * The name of the harness's clock step in a history: {@code [CLOCK, millis]} records that the
   * harness moved the target's clock {@code millis} forward (and ran its active expiry). It is
   * never sent to Redis; its reply is OK; it belongs to no client's session.
   */
  public static final String CLOCK = "@ADVANCE-CLOCK";

  /**
   * The name of the harness's disconnect in a history: {@code [DISCONNECT]} records that the
   * runner closed the client's connection (and opened a new one for the client's next command).
   * It is never sent; its reply is OK. Like a disconnect in Redis it discards the client's MULTI
   * and its watches (SEMANTICS 12, 19), and the new connection starts in database 0.
   */
  public static final String DISCONNECT = "@DISCONNECT";

  /**
   * The name of a key's expiry on real time in a history: {@code [EXPIRY, key]} records that the
   * key named {@code key}, given a short TTL by one {@code SET key v PX ttl} (the only command that
   * gives that name a TTL in the history), ran out of time somewhere inside the op's interval. The
   * runner adds it, on a client of its own, after a run on a server whose clock moves by itself
   * ({@link dev.txnharness.properties.workload.Runs#threaded}); it is never sent; its reply is OK.
   * In the model every key of that name that still has a TTL expires (in any database: SWAPDB
   * moves keys between them), which touches it for its watchers, as a clock step does.
   */
  public static final String EXPIRY = "@EXPIRY";

  /** Arity as in Redis's command table: n = exactly n words, -n = at least n. */
  private static final Map<String, Integer> ARITY = Map.ofEntries(
      Map.entry("GET", 2), Map.entry("SET", -3), Map.entry("INCR", 2), Map.entry("DEL", -2),
      Map.entry("RPUSH", -3), Map.entry("LRANGE", 4), Map.entry("HSET", -4),
      Map.entry("HGET", 3), Map.entry("SADD", -3), Map.entry("SMEMBERS", 2),
      Map.entry("PING", -1), Map.entry("WATCH", -2), Map.entry("UNWATCH", 1),
      Map.entry("MULTI", 1), Map.entry("EXEC", 1), Map.entry("DISCARD", 1),
      Map.entry("FLUSHDB", -1), Map.entry("FLUSHALL", -1), Map.entry("EXPIRE", -3),
      Map.entry("PEXPIRE", -3), Map.entry(RedisCommands.CLOCK, 2),
      Map.entry("SREM", -3), Map.entry("HDEL", -3), Map.entry("SPOP", -2),
      Map.entry("LPOP", -2), Map.entry("RPOP", -2), Map.entry("EXISTS", -2),
      Map.entry("TOUCH", -2), Map.entry("TYPE", 2), Map.entry("STRLEN", 2),
      Map.entry("LLEN", 2), Map.entry("SCARD", 2), Map.entry("HLEN", 2),
      Map.entry("RENAME", 3), Map.entry("RENAMENX", 3), Map.entry("COPY", -3),
      Map.entry("SELECT", 2), Map.entry("MOVE", 3), Map.entry("SWAPDB", 3),
      Map.entry("QUIT", -1), Map.entry(RedisCommands.DISCONNECT, 1),
      Map.entry(RedisCommands.EXPIRY, 2));

  private static final Set<String> READS = Set.of("GET", "LRANGE", "HGET", "SMEMBERS", "PING",
      "EXISTS", "TOUCH", "TYPE", "STRLEN", "LLEN", "SCARD", "HLEN");

  private RedisCommands() {}

  /** The result of running a command: its reply and the keys it touched. */
  public record Effect(Reply reply, Set<String> touched) {}

  /** The clock step that moves the clock {@code millis} forward (see {@link #CLOCK}). */
  public static Command advanceClock(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("the clock does not go back: " + millis);
    }
    return Command.of(CLOCK, Long.toString(millis));
  }

  /** The expiry of the key named {@code name} (see {@link #EXPIRY}). */
  public static Command expiry(String name) {
    return Command.of(EXPIRY, name);
  }

  /** True for the harness's real-time expiry of a key. */
  public static boolean isExpiry(Command c) {
    return c.name().equals(EXPIRY);
  }

  /** True for what the harness does to time (a clock step or a key's expiry): no client's command. */
  public static boolean isTime(Command c) {
    return isClock(c) || isExpiry(c);
  }

  /** The disconnect (see {@link #DISCONNECT}). */
  public static Command disconnect() {
    return Command.of(DISCONNECT);
  }

  /** True for the harness's disconnect, or a QUIT: both end the connection. */
  public static boolean endsConnection(Command c) {
    return c.name().equals(DISCONNECT) || c.name().equals("QUIT");
  }

  /**
   * The key {@code name} of database {@code db} as the model's keyspace and watch sets hold it:
   * the name itself in database 0 (so single-database states look as they always did), else the
   * name behind a NUL-delimited prefix no generated key has.
   */
  public static String at(int db, String name) {
    return db == 0 ? name : "\0" + db + "\0" + name;
  }

  /** The database of a key qualified by {@link #at}. */
  public static int dbOf(String key) {
    return key.isEmpty() || key.charAt(0) != '\0' ? 0
        : Integer.parseInt(key, 1, key.indexOf('\0', 1), 10);
  }

  /** The plain name of a key qualified by {@link #at}. */
  public static String nameOf(String key) {
    return key.isEmpty() || key.charAt(0) != '\0' ? key : key.substring(key.indexOf('\0', 1) + 1);
  }

  /** A qualified key in words: {@code a} in database 0, {@code 1:a} in database 1. */
  public static String describeKey(String key) {
    int db = dbOf(key);
    return db == 0 ? key : db + ":" + nameOf(key);
  }

  /** True for the harness's clock step. */
  public static boolean isClock(Command c) {
    return c.name().equals(CLOCK);
  }

  /** The milliseconds of a clock step. */
  public static long clockMillis(Command c) {
    if (!isClock(c) || c.argc() != 2) {
      throw new IllegalArgumentException("not a clock step: " + c);
    }
    long ms = Long.parseLong(c.arg(1));
    if (ms < 0) {
      throw new IllegalArgumentException("the clock does not go back: " + c);
    }
    return ms;
  }

  /** True for a command this model knows. */
  public static boolean known(String name) {
    return ARITY.containsKey(name.toUpperCase(Locale.ROOT));
  }

  /**
   * True for a command that touches keys it does not name (FLUSHDB, FLUSHALL, SWAPDB, and the
   * clock step, which expires any key with a TTL): a history with one cannot be split by key.
   */
  public static boolean global(Command c) {
    return switch (c.name()) {
      // FLUSH*, SWAPDB touch keys they do not name. (MOVE and COPY ... DB touch the name they
      // name in another database: partitions join by name in every database, so that is fine.)
      case "FLUSHDB", "FLUSHALL", "SWAPDB" -> true;
      default -> isClock(c);
    };
  }

  /** True for a command that never changes the keyspace. */
  public static boolean readOnly(Command c) {
    return READS.contains(c.name());
  }

  /** The keys a command names (for partitioning and WATCH checks). */
  public static List<String> keys(Command c) {
    switch (c.name()) {
      case "GET": case "SET": case "INCR": case "RPUSH": case "LRANGE": case "HSET": case "HGET":
      case "SADD": case "SMEMBERS": case "EXPIRE": case "PEXPIRE":
      case "SREM": case "HDEL": case "SPOP": case "LPOP": case "RPOP": case "TYPE": case "STRLEN":
      case "LLEN": case "SCARD": case "HLEN": case "MOVE": case EXPIRY:
        return c.argc() > 1 ? List.of(c.arg(1)) : List.of();
      case "RENAME": case "RENAMENX": case "COPY":
        return c.argc() > 2 ? List.of(c.arg(1), c.arg(2)) : List.of();
      case "DEL": case "WATCH": case "EXISTS": case "TOUCH":
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
   * Runs a data command on {@code ks} (mutated in place), with no TTLs kept. The command must
   * pass {@link #rejectAtQueueTime} and not be a transaction command or the clock step.
   */
  public static Effect apply(TreeMap<String, Object> ks, Command c) {
    return apply(ks, new TreeMap<>(), c);
  }

  /** {@link #apply(TreeMap, TreeMap, Command, int, Reply)} in database 0, nothing observed. */
  public static Effect apply(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c) {
    return apply(ks, ttls, c, 0, null);
  }

  /**
   * Runs a data command of a client whose selected database is {@code db} on {@code ks} and the
   * TTLs {@code ttls} (keys qualified by {@link #at}, ms left; both mutated in place). The command
   * must pass {@link #rejectAtQueueTime} and not be a transaction command, SELECT, QUIT or a
   * harness step. {@code observed} is the reply that was seen (null if none): it resolves the
   * one nondeterministic choice, which members SPOP popped (see {@link RedisCollections}).
   * The touched keys are qualified.
   */
  public static Effect apply(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c,
      int db, Reply observed) {
    Effect e = applyData(ks, ttls, c, db, observed);
    ttls.keySet().retainAll(ks.keySet());
    return e;
  }

  private static Effect applyData(TreeMap<String, Object> ks, TreeMap<String, Long> ttls,
      Command c, int db, Reply observed) {
    String k = c.argc() > 1 ? at(db, c.arg(1)) : null;
    Object v = k == null ? null : ks.get(k);
    if (v instanceof UncertainSet u && !UncertainSet.opaque(c)) {
      // the members are one of several candidates: the observed reply tells which
      return u.apply(ks, ttls, c, k, observed,
          (ks2, ttls2, c2, seen) -> applyData(ks2, ttls2, c2, db, seen));
    }
    switch (c.name()) {
      case "FLUSHDB":
      case "FLUSHALL": {
        if (c.argc() > 2 || (c.argc() == 2 && !c.arg(1).equalsIgnoreCase("SYNC")
            && !c.arg(1).equalsIgnoreCase("ASYNC"))) {
          return read(Reply.error("ERR syntax error"));
        }
        // every existing key (of the database, for FLUSHDB) is touched (SEMANTICS 18); missing
        // ones are not
        Set<String> touched = new TreeSet<>();
        for (String key : ks.keySet()) {
          if (c.name().equals("FLUSHALL") || dbOf(key) == db) {
            touched.add(key);
          }
        }
        ks.keySet().removeAll(touched);
        ttls.keySet().removeAll(touched);
        return new Effect(Reply.OK, touched);
      }
      case "PING": // more than one argument: an arity error at run time (queued inside MULTI)
        return read(c.argc() == 1 ? new Reply.Simple("PONG") : c.argc() == 2
            ? new Reply.Bulk(c.arg(1)) : Reply.error("ERR wrong number of arguments for 'ping' command"));
      case "GET":
        if (v != null && !(v instanceof String)) {
          return read(Reply.error(WRONGTYPE));
        }
        return read(Reply.bulk((String) v));
      case "SET":
        return set(ks, ttls, c, k, v);
      case "EXPIRE":
      case "PEXPIRE":
        return expire(ks, ttls, c, k, v);
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
        for (String name : c.argv().subList(1, c.argc())) {
          String key = at(db, name);
          ttls.remove(key);
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
      case "SREM":
      case "HDEL":
        return RedisCollections.remove(ks, ttls, c, k, v);
      case "SPOP":
        return RedisCollections.spop(ks, ttls, c, k, v, observed);
      case "LPOP":
      case "RPOP":
        return RedisCollections.pop(ks, ttls, c, k, v);
      case "STRLEN":
      case "LLEN":
      case "SCARD":
      case "HLEN":
        return RedisCollections.length(c, v);
      case "EXISTS":
      case "TOUCH":
        return RedisKeys.exists(ks, c, db);
      case "TYPE":
        return RedisKeys.type(v);
      case "RENAME":
      case "RENAMENX":
        return RedisKeys.rename(ks, ttls, c, db);
      case "COPY":
        return RedisKeys.copy(ks, ttls, c, db);
      case "MOVE":
        return RedisKeys.move(ks, ttls, c, db);
      case "SWAPDB":
        return RedisKeys.swapdb(ks, ttls, c);
      default:
        throw new IllegalArgumentException("not a data command: " + c);
    }
  }

  /** SET key value [NX|XX] [EX s|PX ms|KEEPTTL], parsed as Redis 7.0's t_string.c does. */
  private static Effect set(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c,
      String k, Object v) {
    boolean nx = false;
    boolean xx = false;
    boolean keepTtl = false;
    String expire = null;
    long unit = 0;
    for (int i = 3; i < c.argc(); i++) {
      String opt = c.arg(i).toUpperCase(Locale.ROOT);
      boolean next = i < c.argc() - 1;
      if (opt.equals("NX") && !xx) {
        nx = true;
      } else if (opt.equals("XX") && !nx) {
        xx = true;
      } else if (opt.equals("KEEPTTL") && expire == null) {
        keepTtl = true;
      } else if ((opt.equals("EX") || opt.equals("PX")) && !keepTtl && expire == null && next) {
        unit = opt.equals("EX") ? 1000 : 1;
        expire = c.arg(++i);
      } else {
        return read(Reply.error("ERR syntax error"));
      }
    }
    long ttl = 0;
    if (expire != null) { // getExpireMillisecondsOrReply, before the NX/XX lookup
      try {
        ttl = parseStrictLong(expire);
      } catch (NumberFormatException e) {
        return read(Reply.error(NOT_INTEGER));
      }
      if (ttl <= 0 || ttl > Long.MAX_VALUE / unit) {
        return read(Reply.error("ERR invalid expire time in 'set' command"));
      }
      ttl *= unit;
    }
    if ((nx && v != null) || (xx && v == null)) {
      return read(Reply.NIL);
    }
    ks.put(k, c.arg(2));
    if (expire != null) {
      ttls.put(k, ttl);
    } else if (!keepTtl) {
      ttls.remove(k);
    }
    return write(Reply.OK, k);
  }

  /**
   * EXPIRE / PEXPIRE key time [NX|XX|GT|LT] (expireGenericCommand): 0 on a missing key (no
   * touch), else 1 and the TTL set, or the key deleted when the time is not positive; either
   * touches the key (SEMANTICS 17). A TTL is relative to now, so "no TTL" is infinite for GT/LT.
   */
  private static Effect expire(TreeMap<String, Object> ks, TreeMap<String, Long> ttls, Command c,
      String k, Object v) {
    boolean nxf = false;
    boolean xxf = false;
    boolean gt = false;
    boolean lt = false;
    for (int i = 3; i < c.argc(); i++) {
      switch (c.arg(i).toUpperCase(Locale.ROOT)) {
        case "NX" -> nxf = true;
        case "XX" -> xxf = true;
        case "GT" -> gt = true;
        case "LT" -> lt = true;
        default -> {
          return read(Reply.error("ERR Unsupported option " + c.arg(i)));
        }
      }
    }
    if (nxf && (xxf || gt || lt)) {
      return read(Reply.error(
          "ERR NX and XX, GT or LT options at the same time are not compatible"));
    }
    if (gt && lt) {
      return read(Reply.error("ERR GT and LT options at the same time are not compatible"));
    }
    long ms;
    try {
      ms = parseStrictLong(c.arg(2));
    } catch (NumberFormatException e) {
      return read(Reply.error(NOT_INTEGER));
    }
    if (c.name().equals("EXPIRE")) {
      if (ms > Long.MAX_VALUE / 1000 || ms < Long.MIN_VALUE / 1000) {
        return read(Reply.error("ERR invalid expire time in 'expire' command"));
      }
      ms *= 1000;
    }
    if (v == null) {
      return read(new Reply.Int(0));
    }
    Long current = ttls.get(k);
    if ((nxf && current != null) || (xxf && current == null)
        || (gt && (current == null || ms <= current))
        || (lt && current != null && ms >= current)) {
      return read(new Reply.Int(0));
    }
    if (ms <= 0) {
      ks.remove(k);
      ttls.remove(k);
    } else {
      ttls.put(k, ms);
    }
    return write(new Reply.Int(1), k);
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
   * The reply in the form replies are compared in: SMEMBERS's members sorted (Redis gives no
   * order), and an unknown-command error reduced to the command's name, because Redis 6.2 and 7.0
   * word it differently (6.2: {@code ERR unknown command `FOO`, with args beginning with: `a`, },
   * 7.0: {@code ERR unknown command 'FOO', with args beginning with: 'a' }) and cut the
   * arguments differently; which version a server is does not make its transactions wrong.
   */
  public static Reply normalize(Command c, Reply r) {
    if (r instanceof Reply.Error e && e.message().startsWith(UNKNOWN_COMMAND)
        && e.message().length() > UNKNOWN_COMMAND.length()) {
      String m = e.message();
      int start = UNKNOWN_COMMAND.length() + 1;
      int end = m.indexOf(m.charAt(UNKNOWN_COMMAND.length()), start);
      return end < 0 ? r : Reply.error(UNKNOWN_COMMAND + "'" + m.substring(start, end) + "'");
    }
    if ((c.name().equals("SMEMBERS") || c.name().equals("SPOP")) && r instanceof Reply.Array a) {
      List<Reply> items = new ArrayList<>(a.items());
      items.sort((x, y) -> x.toString().compareTo(y.toString()));
      return Reply.array(items);
    }
    return r;
  }

  static Effect read(Reply r) {
    return new Effect(r, Set.of());
  }

  static Effect write(Reply r, String key) {
    return new Effect(r, Set.of(key));
  }
}
