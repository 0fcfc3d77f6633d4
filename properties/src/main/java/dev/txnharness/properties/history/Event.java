package dev.txnharness.properties.history;

import java.util.Objects;

/**
 * One history event: a client invoked an op, or the op completed.
 *
 * <p>Contract: {@code reply} is non-null exactly for {@link EventType#OK}; {@code nanos} is a
 * monotonic timestamp ({@link System#nanoTime()} style) comparable only within one history.
 */
public record Event(EventType type, int client, Op op, Reply reply, long nanos) {

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(op, "op");
    if ((type == EventType.OK) != (reply != null)) {
      throw new IllegalArgumentException("a reply is required exactly for ok events: " + type);
    }
  }

  /** An invoke event. */
  public static Event invoke(int client, Op op, long nanos) {
    return new Event(EventType.INVOKE, client, op, null, nanos);
  }

  /** A completion with a reply. */
  public static Event ok(int client, Op op, Reply reply, long nanos) {
    return new Event(EventType.OK, client, op, reply, nanos);
  }

  /** A completion that surely did not take effect. */
  public static Event fail(int client, Op op, long nanos) {
    return new Event(EventType.FAIL, client, op, null, nanos);
  }

  /** A completion with an unknown outcome. */
  public static Event info(int client, Op op, long nanos) {
    return new Event(EventType.INFO, client, op, null, nanos);
  }
}
