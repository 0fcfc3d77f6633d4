package dev.txnharness.properties.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a {@link History} as JSON lines: one event per line.
 *
 * <p>Format (stable; other tools may read it):
 *
 * <pre>
 * {"type":"invoke","client":1,"nanos":10,"op":{"cmd":["SET","k","v"]}}
 * {"type":"ok","client":1,"nanos":25,"op":{"cmd":["SET","k","v"]},"reply":{"+":"OK"}}
 * </pre>
 *
 * An op is {@code {"cmd":[argv...]}} or {@code {"txn":{"watch":[..],"reads":[[argv..]..],
 * "queued":[[argv..]..]}}}. A reply is tagged by its RESP type: {@code {"+":"OK"}},
 * {@code {"-":"ERR ..."}}, {@code {":":3}}, {@code {"$":"v"}}, {@code {"$":null}},
 * {@code {"*":[...]}}, {@code {"*":null}}. Blank lines are skipped when reading.
 */
public final class HistoryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private HistoryJson() {}

  /** Writes every event of {@code history} as one line. */
  public static void write(History history, Writer out) throws IOException {
    for (Event e : history.events()) {
      out.write(toLine(e));
      out.write('\n');
    }
    out.flush();
  }

  /** Reads a history written by {@link #write}. */
  public static History read(Reader in) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<Event> events = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(fromLine(line));
      } catch (RuntimeException | JsonProcessingException e) {
        throw new IOException("line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return new History(events);
  }

  /** One event as a JSON line (no newline). */
  public static String toLine(Event e) {
    ObjectNode o = F.objectNode();
    o.put("type", e.type().wire());
    o.put("client", e.client());
    o.put("nanos", e.nanos());
    o.set("op", op(e.op()));
    if (e.reply() != null) {
      o.set("reply", reply(e.reply()));
    }
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Parses one JSON line into an event. */
  public static Event fromLine(String line) throws JsonProcessingException {
    JsonNode o = MAPPER.readTree(line);
    EventType type = EventType.fromWire(required(o, "type").asText());
    int client = required(o, "client").asInt();
    long nanos = required(o, "nanos").asLong();
    Op op = op(required(o, "op"));
    Reply reply = o.has("reply") ? reply(o.get("reply")) : null;
    return new Event(type, client, op, reply, nanos);
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return n;
  }

  private static JsonNode op(Op op) {
    ObjectNode o = F.objectNode();
    if (op instanceof Op.Command c) {
      o.set("cmd", strings(c.argv()));
    } else {
      Op.Transaction t = (Op.Transaction) op;
      ObjectNode txn = o.putObject("txn");
      txn.set("watch", strings(t.watch()));
      ArrayNode reads = txn.putArray("reads");
      t.reads().forEach(c -> reads.add(strings(c.argv())));
      ArrayNode queued = txn.putArray("queued");
      t.queued().forEach(c -> queued.add(strings(c.argv())));
    }
    return o;
  }

  private static Op op(JsonNode n) {
    if (n.has("cmd")) {
      return new Op.Command(strings(n.get("cmd")));
    }
    if (n.has("txn")) {
      JsonNode t = n.get("txn");
      return new Op.Transaction(
          strings(required(t, "watch")), commands(required(t, "reads")),
          commands(required(t, "queued")));
    }
    throw new IllegalArgumentException("an op needs 'cmd' or 'txn': " + n);
  }

  private static JsonNode reply(Reply r) {
    ObjectNode o = F.objectNode();
    if (r instanceof Reply.Simple s) {
      o.put("+", s.value());
    } else if (r instanceof Reply.Error e) {
      o.put("-", e.message());
    } else if (r instanceof Reply.Int i) {
      o.put(":", i.value());
    } else if (r instanceof Reply.Bulk b) {
      o.put("$", b.value());
    } else if (r instanceof Reply.NullBulk) {
      o.putNull("$");
    } else if (r instanceof Reply.Array a) {
      ArrayNode items = o.putArray("*");
      a.items().forEach(x -> items.add(reply(x)));
    } else {
      o.putNull("*");
    }
    return o;
  }

  private static Reply reply(JsonNode n) {
    if (!n.isObject() || n.size() != 1) {
      throw new IllegalArgumentException("a reply is an object with one tag: " + n);
    }
    String tag = n.fieldNames().next();
    JsonNode v = n.get(tag);
    return switch (tag) {
      case "+" -> new Reply.Simple(v.asText());
      case "-" -> new Reply.Error(v.asText());
      case ":" -> new Reply.Int(v.asLong());
      case "$" -> v.isNull() ? Reply.NIL : new Reply.Bulk(v.asText());
      case "*" -> {
        if (v.isNull()) {
          yield Reply.NIL_ARRAY;
        }
        List<Reply> items = new ArrayList<>();
        v.forEach(x -> items.add(reply(x)));
        yield new Reply.Array(items);
      }
      default -> throw new IllegalArgumentException("unknown reply tag '" + tag + "'");
    };
  }

  private static ArrayNode strings(List<String> xs) {
    ArrayNode a = F.arrayNode();
    xs.forEach(a::add);
    return a;
  }

  private static List<String> strings(JsonNode a) {
    List<String> xs = new ArrayList<>();
    a.forEach(x -> xs.add(x.asText()));
    return xs;
  }

  private static List<Op.Command> commands(JsonNode a) {
    List<Op.Command> xs = new ArrayList<>();
    a.forEach(x -> xs.add(new Op.Command(strings(x))));
    return xs;
  }
}
