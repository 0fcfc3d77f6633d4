package dev.txnharness.properties.history;

import java.util.Locale;

/**
 * The kind of a history event, as in Jepsen.
 *
 * <p>{@link #OK}: the op returned a reply (Redis errors are replies too). {@link #FAIL}: the op
 * surely did not take effect. {@link #INFO}: the outcome is unknown (timeout, connection lost):
 * the op may take effect at any time after its invoke, or never.
 */
public enum EventType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** The lower-case name used in JSON lines. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for a lower-case wire name. */
  public static EventType fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
