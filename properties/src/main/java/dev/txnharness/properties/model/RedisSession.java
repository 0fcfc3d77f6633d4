package dev.txnharness.properties.model;

import dev.txnharness.properties.history.Op;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client's connection state, named as in Redis's multi.c: the watched keys (each qualified by
 * the database it was watched in, {@link RedisCommands#at}), DIRTY_CAS (a watched key was
 * touched), the MULTI flag, DIRTY_EXEC (a queue-time error) and the queue; and the selected
 * database.
 *
 * <p>Immutable; {@link #IDLE} is the state of a client with no watches and no MULTI in database 0.
 */
public record RedisSession(
    Set<String> watched, boolean dirtyCas, boolean multi, boolean dirtyExec,
    List<Op.Command> queue, int db) {

  /** No watches, no MULTI, database 0. */
  public static final RedisSession IDLE =
      new RedisSession(Set.of(), false, false, false, List.of(), 0);

  public RedisSession {
    watched = java.util.Collections.unmodifiableSet(new TreeSet<>(watched));
    queue = List.copyOf(queue);
  }

  /** A session in database 0. */
  public RedisSession(Set<String> watched, boolean dirtyCas, boolean multi, boolean dirtyExec,
      List<Op.Command> queue) {
    this(watched, dirtyCas, multi, dirtyExec, queue, 0);
  }

  /** Watches {@code names} in the selected database. */
  RedisSession watch(List<String> names) {
    Set<String> w = new TreeSet<>(watched);
    for (String n : names) {
      w.add(RedisCommands.at(db, n));
    }
    return new RedisSession(w, dirtyCas, multi, dirtyExec, queue, db);
  }

  /** No watches, no MULTI (after EXEC, DISCARD, UNWATCH); the selected database stays. */
  RedisSession unwatched() {
    return db == 0 ? IDLE : new RedisSession(Set.of(), false, false, false, List.of(), db);
  }

  /** This session with database {@code d} selected. */
  RedisSession select(int d) {
    return d == db ? this : new RedisSession(watched, dirtyCas, multi, dirtyExec, queue, d);
  }

  RedisSession touch(Set<String> keys) {
    if (dirtyCas || watched.isEmpty()) {
      return this;
    }
    for (String k : keys) {
      if (watched.contains(k)) {
        return new RedisSession(watched, true, multi, dirtyExec, queue, db);
      }
    }
    return this;
  }

  RedisSession beginMulti() {
    return new RedisSession(watched, dirtyCas, true, false, List.of(), db);
  }

  RedisSession queue(Op.Command c) {
    if (dirtyExec) {
      return this; // once dirty, commands are answered QUEUED but not stored
    }
    List<Op.Command> q = new java.util.ArrayList<>(queue);
    q.add(c);
    return new RedisSession(watched, dirtyCas, multi, dirtyExec, q, db);
  }

  RedisSession flagExec() {
    return new RedisSession(watched, dirtyCas, multi, true, queue, db);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (db != 0) {
      sb.append("db ").append(db);
    }
    if (!watched.isEmpty()) {
      sb.append(sb.length() > 0 ? ", " : "").append("watching ")
          .append(watched.stream().map(RedisCommands::describeKey).toList())
          .append(dirtyCas ? " (touched)" : "");
    }
    if (multi) {
      sb.append(sb.length() > 0 ? ", " : "").append("in MULTI").append(dirtyExec ? " (dirty)" : "")
          .append(" queue ").append(queue);
    }
    return sb.toString();
  }
}
