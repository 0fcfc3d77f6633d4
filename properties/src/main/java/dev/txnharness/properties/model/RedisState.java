package dev.txnharness.properties.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of the {@link RedisModel}: the keyspace (database 0), every client's
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
      new RedisState(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), true);

  private final TreeMap<String, Object> keyspace;
  private final TreeMap<Integer, RedisSession> sessions;
  private final TreeMap<String, Long> ttls;
  private final int hash;

  /** A state from copies of the given maps. */
  public RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions,
      SortedMap<String, Long> ttls) {
    this(new TreeMap<>(keyspace), new TreeMap<>(sessions), new TreeMap<>(ttls), true);
  }

  /** A state with no TTLs. */
  public RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions) {
    this(keyspace, sessions, new TreeMap<>());
  }

  /**
   * Takes the maps as they are, never to change them (so states may share them); copies only
   * what needs normalizing.
   */
  private RedisState(TreeMap<String, Object> keyspace, TreeMap<Integer, RedisSession> sessions,
      TreeMap<String, Long> ttls, boolean shared) {
    if (sessions.containsValue(RedisSession.IDLE)) {
      sessions = new TreeMap<>(sessions);
      sessions.values().removeIf(RedisSession.IDLE::equals);
    }
    if (!ttls.isEmpty() && !keyspace.keySet().containsAll(ttls.keySet())) {
      ttls = new TreeMap<>(ttls);
      ttls.keySet().retainAll(keyspace.keySet()); // a TTL belongs to a key that exists
    }
    this.keyspace = keyspace;
    this.sessions = sessions;
    this.ttls = ttls;
    this.hash = (keyspace.hashCode() * 31 + sessions.hashCode()) * 31 + ttls.hashCode();
  }

  /** The keyspace, read-only. */
  public SortedMap<String, Object> keyspace() {
    return Collections.unmodifiableSortedMap(keyspace);
  }

  /** The non-idle sessions by client, read-only. */
  public SortedMap<Integer, RedisSession> sessions() {
    return Collections.unmodifiableSortedMap(sessions);
  }

  /** The TTLs (ms left) of the keys that have one, read-only. */
  public SortedMap<String, Long> ttls() {
    return Collections.unmodifiableSortedMap(ttls);
  }

  /** The session of {@code client} (idle if none). */
  public RedisSession session(int client) {
    return sessions.getOrDefault(client, RedisSession.IDLE);
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
    if (session(client).equals(s)) {
      return this;
    }
    TreeMap<Integer, RedisSession> m = new TreeMap<>(sessions);
    m.put(client, s);
    return new RedisState(keyspace, m, ttls, true);
  }

  /**
   * This state with a new keyspace and TTLs (owned by the new state), after touching
   * {@code touched} in every session.
   */
  RedisState withKeyspace(TreeMap<String, Object> ks, TreeMap<String, Long> newTtls,
      Set<String> touched) {
    TreeMap<Integer, RedisSession> m = sessions;
    if (!touched.isEmpty() && !sessions.isEmpty()) {
      m = new TreeMap<>(sessions);
      for (Map.Entry<Integer, RedisSession> e : m.entrySet()) {
        e.setValue(e.getValue().touch(touched));
      }
      if (m.equals(sessions)) {
        m = sessions;
      }
    }
    if (m == sessions && ks.equals(keyspace) && newTtls.equals(ttls)) {
      return this;
    }
    return new RedisState(ks, m, newTtls, true);
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

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof RedisState s && s.hash == hash
        && s.keyspace.equals(keyspace) && s.sessions.equals(sessions) && s.ttls.equals(ttls));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(keyspace.isEmpty() ? "{}" : keyspace.toString());
    if (!ttls.isEmpty()) {
      sb.append(" ttl ").append(ttls);
    }
    for (Map.Entry<Integer, RedisSession> e : sessions.entrySet()) {
      sb.append("; client ").append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }
}
