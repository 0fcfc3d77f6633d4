package dev.txnharness.properties.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.gen.Property;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {
  static final Gen<String> WORDS = Gen.elements("k", "v", "SET", "", "é ü", "a\"b\\c\n", "42");

  static final Gen<Reply> REPLIES = Gen.oneOf(
      Gen.constant(Reply.NIL), Gen.constant(Reply.NIL_ARRAY), WORDS.map(Reply.Simple::new),
      WORDS.map(w -> new Reply.Error("ERR " + w)), Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)
          .map(Reply.Int::new), WORDS.map(Reply.Bulk::new),
      Gen.listOf(WORDS.map(Reply.Bulk::new), 0, 3).map(Reply::array),
      Gen.listOf(Gen.oneOf(Gen.constant(Reply.NIL_ARRAY), WORDS.map(Reply.Bulk::new)), 0, 3)
          .map(xs -> Reply.array(List.of(Reply.array(xs)))));

  static final Gen<Op.Command> COMMANDS = Gen.listOf(WORDS, 1, 4).map(Op.Command::new);

  static final Gen<Op> OPS = Gen.oneOf(COMMANDS.map(c -> (Op) c),
      Gen.listOf(WORDS, 1, 3).flatMap(watch -> c -> new Op.Transaction(watch,
          Gen.listOf(COMMANDS, 0, 2).draw(c), Gen.listOf(COMMANDS, 0, 3).draw(c))));

  static final Gen<Event> EVENTS = c -> {
    EventType type = Gen.elements(EventType.values()).draw(c);
    int client = Gen.ints(0, 20).draw(c);
    Op op = OPS.draw(c);
    long nanos = Gen.longs(0, Long.MAX_VALUE).draw(c);
    return new Event(type, client, op, type == EventType.OK ? REPLIES.draw(c) : null, nanos);
  };

  @Test
  void everyHistoryRoundTripsThroughJsonLines() {
    Property.forAll(Gen.listOf(EVENTS, 0, 12)).check(events -> {
      History h = new History(events);
      StringWriter w = new StringWriter();
      try {
        HistoryJson.write(h, w);
        assertEquals(h, HistoryJson.read(new StringReader(w.toString())));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      Property.label(events.isEmpty() ? "empty" : "events");
    });
  }

  @Test
  void theFormatIsTheDocumentedOne() throws IOException {
    Op set = Op.Command.of("SET", "k", "v");
    String line = HistoryJson.toLine(Event.ok(1, set, Reply.OK, 25));
    assertEquals("{\"type\":\"ok\",\"client\":1,\"nanos\":25,\"op\":{\"cmd\":[\"SET\",\"k\",\"v\"]},"
        + "\"reply\":{\"+\":\"OK\"}}", line);
    assertEquals(Reply.NIL_ARRAY, HistoryJson.fromLine("{\"type\":\"ok\",\"client\":1,\"nanos\":2,"
        + "\"op\":{\"cmd\":[\"EXEC\"]},\"reply\":{\"*\":null}}").reply());
  }

  @Test
  void aBadLineNamesItsLineNumber() {
    IOException e = assertThrows(IOException.class, () -> HistoryJson.read(new StringReader(
        "\n{\"type\":\"invoke\",\"client\":1,\"nanos\":2}\n")));
    assertEquals("line 2: missing field 'op'", e.getMessage());
  }

  @Test
  void callsPairInvokesWithCompletionsAndDropFailures() {
    Op get = Op.Command.of("GET", "k");
    Op set = Op.Command.of("SET", "k", "v");
    List<Event> ev = new ArrayList<>(List.of(Event.invoke(1, set, 1), Event.invoke(2, get, 2),
        Event.ok(2, get, Reply.NIL, 3), Event.info(1, set, 4), Event.invoke(2, set, 5),
        Event.fail(2, set, 6), Event.invoke(3, get, 7)));
    List<Call> calls = new History(ev).calls();
    assertEquals(3, calls.size());
    assertEquals(new Call(1, set, null, 1, Long.MAX_VALUE), calls.get(0));
    assertEquals(new Call(2, get, Reply.NIL, 2, 3), calls.get(1));
    assertEquals(new Call(3, get, null, 7, Long.MAX_VALUE), calls.get(2));
    assertThrows(IllegalArgumentException.class, () ->
        new History(List.of(Event.invoke(1, get, 1), Event.invoke(1, get, 2))).calls());
  }
}
