package dev.txnharness.properties.history;

import java.util.List;
import java.util.Objects;

/**
 * A reply as a Redis client sees it, one case per RESP2 reply type.
 *
 * <p>Contract: values are immutable and compare by value, so a model can compute the expected
 * reply and compare it with {@code equals}. Strings are Java strings (the harness only uses
 * UTF-8 text keys and values). An aborted EXEC is {@link NullArray}, never {@link NullBulk}.
 */
public sealed interface Reply {

  /** The null bulk string ({@code $-1}), e.g. GET of a missing key. */
  Reply NIL = new NullBulk();
  /** The null array ({@code *-1}), e.g. EXEC after a touched WATCH. */
  Reply NIL_ARRAY = new NullArray();
  /** {@code +OK}. */
  Reply OK = new Simple("OK");
  /** {@code +QUEUED}. */
  Reply QUEUED = new Simple("QUEUED");

  /** A simple string such as {@code +OK}. */
  record Simple(String value) implements Reply {
    public Simple {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** An error reply; {@code message} includes the code, e.g. {@code "ERR syntax error"}. */
  record Error(String message) implements Reply {
    public Error {
      Objects.requireNonNull(message, "message");
    }

    /** The error code: the first word, e.g. {@code ERR}, {@code WRONGTYPE}, {@code EXECABORT}. */
    public String code() {
      int space = message.indexOf(' ');
      return space < 0 ? message : message.substring(0, space);
    }

    @Override
    public String toString() {
      return "(error) " + message;
    }
  }

  /** An integer reply. */
  record Int(long value) implements Reply {
    @Override
    public String toString() {
      return "(integer) " + value;
    }
  }

  /** A non-null bulk string. */
  record Bulk(String value) implements Reply {
    public Bulk {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return '"' + value + '"';
    }
  }

  /** The null bulk string; use {@link #NIL}. */
  record NullBulk() implements Reply {
    @Override
    public String toString() {
      return "(nil)";
    }
  }

  /** A non-null array of replies. */
  record Array(List<Reply> items) implements Reply {
    public Array {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return items.toString();
    }
  }

  /** The null array; use {@link #NIL_ARRAY}. */
  record NullArray() implements Reply {
    @Override
    public String toString() {
      return "(nil array)";
    }
  }

  /** Shorthand for a bulk string, or {@link #NIL} when {@code value} is null. */
  static Reply bulk(String value) {
    return value == null ? NIL : new Bulk(value);
  }

  /** Shorthand for an array. */
  static Reply array(List<? extends Reply> items) {
    return new Array(List.copyOf(items));
  }

  /** Shorthand for an error. */
  static Reply error(String message) {
    return new Error(message);
  }
}
