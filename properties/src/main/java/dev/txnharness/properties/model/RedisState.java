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
 */
public record RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions,
    SortedMap<String, Long> ttls) {

  /** The empty keyspace with no sessions. */
  public static final RedisState EMPTY = new RedisState(new TreeMap<>(), new TreeMap<>());

  public RedisState {
    keyspace = Collections.unmodifiableSortedMap(new TreeMap<>(keyspace));
    TreeMap<Integer, RedisSession> s = new TreeMap<>(sessions);
    s.values().removeIf(RedisSession.IDLE::equals);
    sessions = Collections.unmodifiableSortedMap(s);
    TreeMap<String, Long> t = new TreeMap<>(ttls);
    t.keySet().retainAll(keyspace.keySet()); // a TTL belongs to a key that exists
    ttls = Collections.unmodifiableSortedMap(t);
  }

  /** A state with no TTLs. */
  public RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions) {
    this(keyspace, sessions, new TreeMap<>());
  }

  /** The session of {@code client} (idle if none). */
  public RedisSession session(int client) {
    return sessions.getOrDefault(client, RedisSession.IDLE);
  }

  /** This state with {@code client}'s session replaced. */
  RedisState withSession(int client, RedisSession s) {
    TreeMap<Integer, RedisSession> m = new TreeMap<>(sessions);
    m.put(client, s);
    return new RedisState(keyspace, m, ttls);
  }

  /** This state with a new keyspace (TTLs unchanged), after touching {@code touched}. */
  RedisState withKeyspace(TreeMap<String, Object> ks, Set<String> touched) {
    return withKeyspace(ks, ttls, touched);
  }

  /**
   * This state with a new keyspace and TTLs, after touching {@code touched} in every session.
   */
  RedisState withKeyspace(SortedMap<String, Object> ks, SortedMap<String, Long> newTtls,
      Set<String> touched) {
    TreeMap<Integer, RedisSession> m = new TreeMap<>(sessions);
    if (!touched.isEmpty()) {
      for (Map.Entry<Integer, RedisSession> e : m.entrySet()) {
        e.setValue(e.getValue().touch(touched));
      }
    }
    return new RedisState(ks, m, newTtls);
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
    TreeMap<String, Object> ks = new TreeMap<>(keyspace);
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
