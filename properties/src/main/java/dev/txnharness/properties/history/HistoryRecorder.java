package dev.txnharness.properties.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records events from many client threads into one {@link History}.
 *
 * <p>Contract: thread-safe; each event is stamped under the same lock that appends it, so the
 * event order and the timestamp order agree. Time comes from the given clock (default
 * {@link System#nanoTime()}), so tests can supply their own.
 */
public final class HistoryRecorder {
  private final LongSupplier clock;
  private final List<Event> events = new ArrayList<>();

  /** A recorder using {@link System#nanoTime()}. */
  public HistoryRecorder() {
    this(System::nanoTime);
  }

  /** A recorder using the given monotonic clock. */
  public HistoryRecorder(LongSupplier clock) {
    this.clock = clock;
  }

  /** Records that {@code client} invokes {@code op}. */
  public synchronized void invoke(int client, Op op) {
    events.add(Event.invoke(client, op, clock.getAsLong()));
  }

  /** Records that {@code client}'s op returned {@code reply}. */
  public synchronized void ok(int client, Op op, Reply reply) {
    events.add(Event.ok(client, op, reply, clock.getAsLong()));
  }

  /** Records that {@code client}'s op surely did not take effect. */
  public synchronized void fail(int client, Op op) {
    events.add(Event.fail(client, op, clock.getAsLong()));
  }

  /** Records that {@code client}'s op has an unknown outcome. */
  public synchronized void info(int client, Op op) {
    events.add(Event.info(client, op, clock.getAsLong()));
  }

  /** A snapshot of what was recorded so far. */
  public synchronized History history() {
    return new History(events);
  }
}
