package dev.txnharness.properties.model;

import dev.txnharness.properties.history.Op;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client's transaction state, named as in Redis's multi.c: the watched keys, DIRTY_CAS (a
 * watched key was touched), the MULTI flag, DIRTY_EXEC (a queue-time error) and the queue.
 *
 * <p>Immutable; {@link #IDLE} is the state of a client with no watches and no MULTI.
 */
public record RedisSession(
    Set<String> watched, boolean dirtyCas, boolean multi, boolean dirtyExec,
    List<Op.Command> queue) {

  /** No watches, no MULTI. */
  public static final RedisSession IDLE = new RedisSession(Set.of(), false, false, false, List.of());

  public RedisSession {
    watched = java.util.Collections.unmodifiableSet(new TreeSet<>(watched));
    queue = List.copyOf(queue);
  }

  RedisSession watch(List<String> keys) {
    Set<String> w = new TreeSet<>(watched);
    w.addAll(keys);
    return new RedisSession(w, dirtyCas, multi, dirtyExec, queue);
  }

  RedisSession touch(Set<String> keys) {
    if (dirtyCas || watched.isEmpty()) {
      return this;
    }
    for (String k : keys) {
      if (watched.contains(k)) {
        return new RedisSession(watched, true, multi, dirtyExec, queue);
      }
    }
    return this;
  }

  RedisSession beginMulti() {
    return new RedisSession(watched, dirtyCas, true, false, List.of());
  }

  RedisSession queue(Op.Command c) {
    if (dirtyExec) {
      return this; // once dirty, commands are answered QUEUED but not stored
    }
    List<Op.Command> q = new java.util.ArrayList<>(queue);
    q.add(c);
    return new RedisSession(watched, dirtyCas, multi, dirtyExec, q);
  }

  RedisSession flagExec() {
    return new RedisSession(watched, dirtyCas, multi, true, queue);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!watched.isEmpty()) {
      sb.append("watching ").append(watched).append(dirtyCas ? " (touched)" : "");
    }
    if (multi) {
      sb.append(sb.length() > 0 ? ", " : "").append("in MULTI").append(dirtyExec ? " (dirty)" : "")
          .append(" queue ").append(queue);
    }
    return sb.toString();
  }
}
