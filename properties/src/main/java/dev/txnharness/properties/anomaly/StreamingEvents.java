package dev.txnharness.properties.anomaly;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one history line ({@link HistoryJson}'s format) by hand, straight from the string into the
 * history's records: several times less work than a general JSON parser, and reading JSON is most
 * of the time of checking a 1M-transaction file. Full JSON syntax for what the format holds
 * (whitespace, any field order, string escapes, unknown fields skipped); gives the same events as
 * {@link HistoryJson#fromLine} (the tests compare them). A malformed line throws
 * {@link IllegalArgumentException} naming the column.
 */
final class StreamingEvents {
  private final String s;
  private int i;

  private StreamingEvents(String s) {
    this.s = s;
  }

  /** One whole event. */
  static Event event(String line) {
    StreamingEvents p = new StreamingEvents(line);
    Event e = p.event();
    p.ws();
    if (p.i != line.length()) {
      throw p.error("text after the event");
    }
    return e;
  }

  private Event event() {
    EventType type = null;
    Integer client = null;
    Long nanos = null;
    Op op = null;
    Reply reply = null;
    expect('{');
    if (!peek('}')) {
      do {
        String field = string();
        expect(':');
        switch (field) {
          case "type" -> type = EventType.fromWire(string());
          case "client" -> client = Math.toIntExact(number());
          case "nanos" -> nanos = number();
          case "op" -> op = op();
          case "reply" -> reply = reply();
          default -> skipValue();
        }
      } while (comma('}'));
    } else {
      i++;
    }
    if (type == null || client == null || nanos == null || op == null) {
      throw new IllegalArgumentException("an event needs type, client, nanos and op");
    }
    return new Event(type, client, op, reply, nanos);
  }

  private Op op() {
    Op op = null;
    expect('{');
    if (peek('}')) {
      i++;
      throw new IllegalArgumentException("an op needs 'cmd' or 'txn'");
    }
    do {
      String field = string();
      expect(':');
      if (field.equals("cmd")) {
        op = new Op.Command(strings());
      } else if (field.equals("txn")) {
        List<String> watch = null;
        List<Op.Command> reads = null;
        List<Op.Command> queued = null;
        expect('{');
        if (!peek('}')) {
          do {
            String f = string();
            expect(':');
            switch (f) {
              case "watch" -> watch = strings();
              case "reads" -> reads = commands();
              case "queued" -> queued = commands();
              default -> skipValue();
            }
          } while (comma('}'));
        } else {
          i++;
        }
        if (watch == null || reads == null || queued == null) {
          throw new IllegalArgumentException("a txn needs watch, reads and queued");
        }
        op = new Op.Transaction(watch, reads, queued);
      } else {
        skipValue();
      }
    } while (comma('}'));
    if (op == null) {
      throw new IllegalArgumentException("an op needs 'cmd' or 'txn'");
    }
    return op;
  }

  private List<String> strings() {
    List<String> xs = new ArrayList<>(4);
    expect('[');
    if (peek(']')) {
      i++;
      return xs;
    }
    do {
      xs.add(string());
    } while (comma(']'));
    return xs;
  }

  private List<Op.Command> commands() {
    List<Op.Command> xs = new ArrayList<>();
    expect('[');
    if (peek(']')) {
      i++;
      return xs;
    }
    do {
      List<String> argv = strings();
      if (argv.size() > 1) {
        argv.get(1).hashCode(); // the key's hash, cached in the string here, not on the checker's thread
      }
      xs.add(new Op.Command(argv));
    } while (comma(']'));
    return xs;
  }

  private Reply reply() {
    expect('{');
    ws();
    String tag = string();
    expect(':');
    ws();
    Reply r = switch (tag) {
      case "+" -> new Reply.Simple(string());
      case "-" -> new Reply.Error(string());
      case ":" -> new Reply.Int(number());
      case "$" -> literalNull() ? Reply.NIL : new Reply.Bulk(string());
      case "*" -> {
        if (literalNull()) {
          yield Reply.NIL_ARRAY;
        }
        List<Reply> items = new ArrayList<>();
        expect('[');
        if (peek(']')) {
          i++;
        } else {
          do {
            items.add(reply());
          } while (comma(']'));
        }
        yield new Reply.Array(items);
      }
      default -> throw new IllegalArgumentException("unknown reply tag '" + tag + "'");
    };
    expect('}');
    return r;
  }

  /* ---------------------------------------------------------------- lexing */

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private boolean peek(char c) {
    ws();
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) {
    ws();
    if (i >= s.length() || s.charAt(i) != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  /** After an element: true at a comma (another follows), false at {@code close} (consumed). */
  private boolean comma(char close) {
    ws();
    if (i < s.length() && s.charAt(i) == ',') {
      i++;
      return true;
    }
    expect(close);
    return false;
  }

  private boolean literalNull() {
    ws();
    if (s.startsWith("null", i)) {
      i += 4;
      return true;
    }
    return false;
  }

  private String string() {
    expect('"');
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return s.substring(start, i++);
      }
      if (c == '\\') {
        return escaped(start);
      }
      i++;
    }
    throw error("unterminated string");
  }

  private String escaped(int start) {
    StringBuilder sb = new StringBuilder(s.substring(start, i));
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          sb.append((char) Integer.parseInt(s, i, i + 4, 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
    throw error("unterminated string");
  }

  private long number() {
    ws();
    int start = i;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      throw error("expected an integer");
    }
    try {
      return Long.parseLong(s, start, i, 10);
    } catch (NumberFormatException e) {
      throw error("expected an integer");
    }
  }

  /** Skips any JSON value (an unknown field's). */
  private void skipValue() {
    ws();
    if (i >= s.length()) {
      throw error("expected a value");
    }
    char c = s.charAt(i);
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      i++;
      if (peek(close)) {
        i++;
        return;
      }
      do {
        if (close == '}') {
          string();
          expect(':');
        }
        skipValue();
      } while (comma(close));
    } else {
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + (i + 1));
  }
}
