package dev.txnharness.properties.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of the {@link RedisModel}: the keyspace (database 0) and every client's
 * {@link RedisSession}. Immutable and compared by value; idle sessions are not stored, so equal
 * situations have equal states.
 */
public record RedisState(SortedMap<String, Object> keyspace, SortedMap<Integer, RedisSession> sessions) {

  /** The empty keyspace with no sessions. */
  public static final RedisState EMPTY = new RedisState(new TreeMap<>(), new TreeMap<>());

  public RedisState {
    keyspace = Collections.unmodifiableSortedMap(new TreeMap<>(keyspace));
    TreeMap<Integer, RedisSession> s = new TreeMap<>(sessions);
    s.values().removeIf(RedisSession.IDLE::equals);
    sessions = Collections.unmodifiableSortedMap(s);
  }

  /** The session of {@code client} (idle if none). */
  public RedisSession session(int client) {
    return sessions.getOrDefault(client, RedisSession.IDLE);
  }

  /** This state with {@code client}'s session replaced. */
  RedisState withSession(int client, RedisSession s) {
    TreeMap<Integer, RedisSession> m = new TreeMap<>(sessions);
    m.put(client, s);
    return new RedisState(keyspace, m);
  }

  /** This state with a new keyspace, after touching {@code touched} in every session. */
  RedisState withKeyspace(TreeMap<String, Object> ks, java.util.Set<String> touched) {
    TreeMap<Integer, RedisSession> m = new TreeMap<>(sessions);
    if (!touched.isEmpty()) {
      for (Map.Entry<Integer, RedisSession> e : m.entrySet()) {
        e.setValue(e.getValue().touch(touched));
      }
    }
    return new RedisState(ks, m);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(keyspace.isEmpty() ? "{}" : keyspace.toString());
    for (Map.Entry<Integer, RedisSession> e : sessions.entrySet()) {
      sb.append("; client ").append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }
}
