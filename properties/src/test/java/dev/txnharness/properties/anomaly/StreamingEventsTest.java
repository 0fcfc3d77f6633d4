package dev.txnharness.properties.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.target.EngineTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming reader gives the events {@link HistoryJson} gives, and a file checks as the history does. */
class StreamingEventsTest {
  @TempDir Path dir;

  @Test
  void sameEventsAsHistoryJson() throws Exception {
    List<Event> events = new java.util.ArrayList<>(history().events());
    Op.Command get = Op.Command.of("GET", "k");
    events.add(Event.ok(9, get, Reply.array(List.of(Reply.NIL, Reply.NIL_ARRAY, Reply.error("ERR x"), new Reply.Simple("OK"))), 1));
    events.add(Event.info(9, get, 2));
    for (Event e : events) {
      String line = HistoryJson.toLine(e);
      assertEquals(HistoryJson.fromLine(line), StreamingEvents.event(line), line);
      ParallelLines.Invoke inv = ParallelLines.invoke(line);
      if (e.type() == dev.txnharness.properties.history.EventType.INVOKE) {
        assertEquals(List.of(e.client(), e.nanos()), List.of(inv.client(), inv.nanos()));
      } else {
        assertEquals(null, inv);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> StreamingEvents.event("{\"type\":\"ok\",\"client\":1,\"nanos\":1}"));
    assertThrows(IllegalArgumentException.class, () -> StreamingEvents.event("{\"type\":\"ok\",\"client\":1,"));
    // JSON as another writer may put it: spaces, another field order, escapes, an unknown field
    String other = " { \"nanos\" : -5 , \"extra\": {\"a\": [1, 2.5, null, true]}, \"op\": {\"cmd\": [\"SET\", \"k\\\"\\u00e9\\n\"]},"
        + " \"client\": 3, \"type\": \"ok\", \"reply\": {\"*\": [ {\":\": -2}, {\"$\": null}, {\"*\": null}, {\"*\": []} ]} } ";
    assertEquals(HistoryJson.fromLine(other), StreamingEvents.event(other));
  }

  @Test
  void aFileChecksAsItsHistory() throws Exception {
    History h = history();
    List<Event> unfinished = new java.util.ArrayList<>(h.events());
    Op.Transaction t = new Op.Transaction(List.of(), List.of(), List.of(Op.Command.of("RPUSH", "k0", "999999")));
    unfinished.add(Event.invoke(77, t, Long.MAX_VALUE - 1)); // never completes: unknown
    Path f = dir.resolve("h.jsonl");
    try (Writer w = Files.newBufferedWriter(f)) {
      HistoryJson.write(new History(unfinished), w);
    }
    AnomalyResult fromFile = AnomalyChecker.checkFile(f, AnomalyChecker.Options.strict());
    AnomalyResult inMemory = AnomalyChecker.check(new History(unfinished), AnomalyChecker.Options.strict());
    assertEquals(inMemory.counts(), fromFile.counts());
    assertEquals(inMemory.stats().edges(), fromFile.stats().edges());
    assertEquals(1, fromFile.stats().unknown());
    assertEquals(inMemory.stats().appends(), fromFile.stats().appends());
  }

  private static History history() {
    ListAppend.Spec spec = ListAppend.Spec.standard(4, 30);
    try (EngineTarget t = new EngineTarget(Set.of(Fault.DIRTY_READ_QUEUED), 10_000)) {
      return ListAppendRun.deterministic(t, spec, ListAppend.workload(spec).draw(Choices.random(5)), new SplittableRandom(5)::nextLong);
    }
  }
}
