package dev.txnharness.properties.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of the {@link RedisModel}: the keyspace (all databases, each key qualified by its
 * database with {@link RedisCommands#at}; a key of database 0 is its plain name), every client's
 * {@link RedisSession}, and the time to live of the keys that have one. Immutable and compared by
 * value; idle sessions are not stored, so equal situations have equal states.
 *
 * <p>Time: the model's clock moves only at the harness's clock steps
 * ({@link RedisCommands#advanceClock}). A TTL is kept as the milliseconds left, relative to the
 * model's clock, so no absolute time is part of the state: a key expires when a clock step moves
 * past its TTL (Redis's {@code now > when}: a TTL of 100 survives a step of exactly 100). Every
 * key in the keyspace is alive; a key whose TTL ran out is gone, which is how Redis answers for a
 * logically expired key whether or not it was deleted yet.
 *
 * <p>Cheap for the checker, which interns every state it meets: the maps are owned (never
 * copied again once built, never changed), the hash is computed once, and a state that an op
 * leaves unchanged is returned as it is.
 */
public final class RedisState {

  /** The empty keyspace with no sessions. */
  public static final RedisState EMPTY =
      new RedisState(new TreeMap<>(), new int[0], new RedisSession[0], new TreeMap<>());

  private final TreeMap<String, Object> keyspace;
  // the non-idle sessions, by client in ascending order: arrays are cheaper to copy than a map
  private final int[] clients;
  private final RedisSession[] sessions;
  private final TreeMap<String, Long> ttls;
  private final int hash;

  /** A state from copies of the given maps. */
  public RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions,
      SortedMap<String, Long> ttls) {
    this(new TreeMap<>(keyspace), clientsOf(sessions), sessionsOf(sessions), new TreeMap<>(ttls));
  }

  private static int[] clientsOf(SortedMap<Integer, RedisSession> m) {
    return m.entrySet().stream().filter(e -> !e.getValue().equals(RedisSession.IDLE))
        .mapToInt(Map.Entry::getKey).toArray();
  }

  private static RedisSession[] sessionsOf(SortedMap<Integer, RedisSession> m) {
    return m.values().stream().filter(v -> !v.equals(RedisSession.IDLE))
        .toArray(RedisSession[]::new);
  }

  /** A state with no TTLs. */
  public RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions) {
    this(keyspace, sessions, new TreeMap<>());
  }

  /**
   * Takes the maps and arrays as they are, never to change them (so states may share them);
   * copies only what needs normalizing. The sessions hold no idle one.
   */
  private RedisState(TreeMap<String, Object> keyspace, int[] clients, RedisSession[] sessions,
      TreeMap<String, Long> ttls) {
    if (!ttls.isEmpty() && !keyspace.keySet().containsAll(ttls.keySet())) {
      ttls = new TreeMap<>(ttls);
      ttls.keySet().retainAll(keyspace.keySet()); // a TTL belongs to a key that exists
    }
    this.keyspace = keyspace;
    this.clients = clients;
    this.sessions = sessions;
    this.ttls = ttls;
    this.hash = hashOf(keyspace, clients, sessions, ttls);
  }

  /**
   * A well-mixed hash, entry by entry in key order. Not Map.hashCode: its sum of
   * {@code key ^ value} makes states that differ only in which clients are watching, or in
   * swapped values, collide in droves (the checker interns hundreds of thousands of states).
   */
  private static int hashOf(TreeMap<String, Object> keyspace, int[] clients,
      RedisSession[] sessions, TreeMap<String, Long> ttls) {
    long h = 0x243F6A8885A308D3L;
    for (Map.Entry<String, Object> e : keyspace.entrySet()) {
      h = mix(h, e.getKey().hashCode(), e.getValue().hashCode());
    }
    h = mix(h, -1, -1);
    for (int i = 0; i < clients.length; i++) {
      h = mix(h, clients[i], sessions[i].hashCode());
    }
    h = mix(h, -2, -2);
    for (Map.Entry<String, Long> e : ttls.entrySet()) {
      h = mix(h, e.getKey().hashCode(), Long.hashCode(e.getValue()));
    }
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long h, int a, int b) {
    h = (h ^ ((long) a << 32 | (b & 0xFFFFFFFFL))) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /** The keyspace, read-only. */
  public SortedMap<String, Object> keyspace() {
    return Collections.unmodifiableSortedMap(keyspace);
  }

  /** The non-idle sessions by client, read-only. */
  public SortedMap<Integer, RedisSession> sessions() {
    TreeMap<Integer, RedisSession> m = new TreeMap<>();
    for (int i = 0; i < clients.length; i++) {
      m.put(clients[i], sessions[i]);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** The TTLs (ms left) of the keys that have one, read-only. */
  public SortedMap<String, Long> ttls() {
    return Collections.unmodifiableSortedMap(ttls);
  }

  /** The non-idle sessions, in client order (the caller must not change the array). */
  RedisSession[] sessionsForReading() {
    return sessions;
  }

  /** The session of {@code client} (idle if none). */
  public RedisSession session(int client) {
    int i = Arrays.binarySearch(clients, client);
    return i < 0 ? RedisSession.IDLE : sessions[i];
  }

  /** A copy of the keyspace to change. */
  TreeMap<String, Object> keyspaceCopy() {
    return new TreeMap<>(keyspace);
  }

  /** A copy of the TTLs to change. */
  TreeMap<String, Long> ttlsCopy() {
    return new TreeMap<>(ttls);
  }

  /**
   * The keyspace and TTLs themselves, for a command that only reads them: the caller must not
   * change them.
   */
  TreeMap<String, Object> keyspaceForReading() {
    return keyspace;
  }

  TreeMap<String, Long> ttlsForReading() {
    return ttls;
  }

  /** This state with {@code client}'s session replaced. */
  RedisState withSession(int client, RedisSession s) {
    int i = Arrays.binarySearch(clients, client);
    boolean idle = s.equals(RedisSession.IDLE);
    int[] c;
    RedisSession[] ss;
    if (i >= 0) {
      if (sessions[i].equals(s)) {
        return this;
      }
      if (idle) { // drop it
        c = new int[clients.length - 1];
        ss = new RedisSession[clients.length - 1];
        System.arraycopy(clients, 0, c, 0, i);
        System.arraycopy(sessions, 0, ss, 0, i);
        System.arraycopy(clients, i + 1, c, i, clients.length - i - 1);
        System.arraycopy(sessions, i + 1, ss, i, clients.length - i - 1);
      } else {
        c = clients;
        ss = sessions.clone();
        ss[i] = s;
      }
    } else {
      if (idle) {
        return this;
      }
      int at = -i - 1;
      c = new int[clients.length + 1];
      ss = new RedisSession[clients.length + 1];
      System.arraycopy(clients, 0, c, 0, at);
      System.arraycopy(sessions, 0, ss, 0, at);
      c[at] = client;
      ss[at] = s;
      System.arraycopy(clients, at, c, at + 1, clients.length - at);
      System.arraycopy(sessions, at, ss, at + 1, clients.length - at);
    }
    return new RedisState(keyspace, c, ss, ttls);
  }

  /**
   * This state with a new keyspace and TTLs (owned by the new state), after touching
   * {@code touched} in every session.
   */
  RedisState withKeyspace(TreeMap<String, Object> ks, TreeMap<String, Long> newTtls,
      Set<String> touched) {
    RedisSession[] ss = sessions;
    if (!touched.isEmpty()) {
      for (int i = 0; i < ss.length; i++) {
        RedisSession t = ss[i].touch(touched);
        if (t != ss[i]) {
          if (ss == sessions) {
            ss = sessions.clone();
          }
          ss[i] = t;
        }
      }
    }
    if (ss == sessions && ks.equals(keyspace) && newTtls.equals(ttls)) {
      return this;
    }
    return new RedisState(ks, clients, ss, newTtls);
  }

  /**
   * The state after the clock moves {@code millis} forward: every key whose TTL is passed
   * expires, and its expiry touches it for every client watching it (SEMANTICS 16: such a
   * watcher watched the key while it was alive — a key expired before the WATCH is not in the
   * keyspace — so its EXEC must fail, whether Redis deletes the key actively, lazily or never
   * before the EXEC).
   */
  RedisState advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("the clock does not go back: " + millis);
    }
    if (ttls.isEmpty() || millis == 0) {
      return this;
    }
    TreeMap<String, Object> ks = keyspaceCopy();
    TreeMap<String, Long> t = new TreeMap<>();
    Set<String> expired = new TreeSet<>();
    for (Map.Entry<String, Long> e : ttls.entrySet()) {
      long left = e.getValue() - millis;
      if (left < 0) {
        ks.remove(e.getKey());
        expired.add(e.getKey());
      } else {
        t.put(e.getKey(), left);
      }
    }
    return withKeyspace(ks, t, expired);
  }

  /**
   * The state after every key named {@code name} (in any database) that has a TTL expires, as on a
   * clock step that passes its TTL: it is gone and touched for its watchers. Keys of that name
   * without a TTL stay (a later SET without PX or KEEPTTL made them persistent).
   */
  RedisState expire(String name) {
    Set<String> expired = new TreeSet<>();
    for (String k : ttls.keySet()) {
      if (RedisCommands.nameOf(k).equals(name)) {
        expired.add(k);
      }
    }
    if (expired.isEmpty()) {
      return this;
    }
    TreeMap<String, Object> ks = keyspaceCopy();
    TreeMap<String, Long> t = new TreeMap<>(ttls);
    for (String k : expired) {
      ks.remove(k);
      t.remove(k);
    }
    return withKeyspace(ks, t, expired);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof RedisState s && s.hash == hash
        && Arrays.equals(s.clients, clients) && Arrays.equals(s.sessions, sessions)
        && s.keyspace.equals(keyspace) && s.ttls.equals(ttls));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** A map of qualified keys in words: {@code {a=1, 1:a=2}} (see RedisCommands#describeKey). */
  private static String described(TreeMap<String, ?> m) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, ?> e : m.entrySet()) {
      sb.append(sb.length() > 1 ? ", " : "").append(RedisCommands.describeKey(e.getKey()))
          .append('=').append(e.getValue());
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(described(keyspace));
    if (!ttls.isEmpty()) {
      sb.append(" ttl ").append(described(ttls));
    }
    for (int i = 0; i < clients.length; i++) {
      sb.append("; client ").append(clients[i]).append(' ').append(sessions[i]);
    }
    return sb.toString();
  }
}
