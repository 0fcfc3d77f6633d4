package dev.txnharness.properties.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each anomaly class on the smallest hand-written history that shows it, and what is not one. */
class AnomalyCheckerTest {

  /** A history builder: "a k v" appends v to k, "r k v..." reads k and got [v...]. */
  static final class H {
    final List<Event> events = new ArrayList<>();
    final Map<Integer, Op.Transaction> open = new HashMap<>();
    final Map<Integer, List<Reply>> replies = new HashMap<>();
    long time;

    H begin(int c, String... ops) {
      List<Op.Command> queued = new ArrayList<>();
      List<Reply> rs = new ArrayList<>();
      for (String op : ops) {
        String[] w = op.split(" ");
        if (w[0].equals("a")) {
          queued.add(Op.Command.of("RPUSH", w[1], w[2]));
          rs.add(new Reply.Int(0));
        } else {
          queued.add(Op.Command.of("LRANGE", w[1], "0", "-1"));
          List<Reply> items = new ArrayList<>();
          for (int i = 2; i < w.length; i++) {
            items.add(Reply.bulk(w[i]));
          }
          rs.add(Reply.array(items));
        }
      }
      Op.Transaction t = new Op.Transaction(List.of(), List.of(), queued);
      open.put(c, t);
      replies.put(c, rs);
      events.add(Event.invoke(c, t, ++time));
      return this;
    }

    H commit(int c) {
      events.add(Event.ok(c, open.remove(c), Op.Transaction.reply(List.of(), Reply.array(replies.get(c))), ++time));
      return this;
    }

    H abort(int c) {
      events.add(Event.ok(c, open.remove(c), Op.Transaction.reply(List.of(), Reply.NIL_ARRAY), ++time));
      return this;
    }

    H info(int c) {
      events.add(Event.info(c, open.remove(c), ++time));
      return this;
    }

    H txn(int c, String... ops) {
      return begin(c, ops).commit(c);
    }

    AnomalyResult check() {
      return AnomalyChecker.check(new History(events), AnomalyChecker.Options.strict());
    }

    AnomalyResult checkSerializable() {
      return AnomalyChecker.check(new History(events), AnomalyChecker.Options.serializable());
    }
  }

  static void assertKinds(AnomalyResult r, String... kinds) {
    assertEquals(Set.of(kinds), r.counts().keySet(), () -> AnomalyText.render(r));
  }

  @Test
  void serialAppendsAndReadsAreValid() {
    AnomalyResult r = new H().txn(0, "a x 1", "r x 1").txn(1, "r x 1", "a x 2").txn(0, "r x 1 2").check();
    assertEquals(AnomalyResult.Outcome.VALID, r.outcome(), () -> AnomalyText.render(r));
    assertEquals(3, r.stats().committed());
  }

  @Test
  void writeCycleIsG0() {
    AnomalyResult r = new H().begin(0, "a x 1", "a y 2").begin(1, "a x 3", "a y 4").commit(0).commit(1)
        .txn(2, "r x 1 3", "r y 4 2").check();
    assertKinds(r, "G0");
    Anomaly a = r.anomalies().get(0);
    assertEquals(2, a.edges().size());
    assertTrue(a.edges().get(0).sentence().contains("right after it"), a.edges().get(0).sentence());
  }

  @Test
  void circularInformationFlowIsG1c() {
    AnomalyResult r = new H().begin(0, "a x 1", "r y 2").begin(1, "a y 2", "r x 1").commit(0).commit(1).check();
    assertKinds(r, "G1c");
  }

  @Test
  void readSkewIsGSingle() {
    AnomalyResult r = new H().begin(0, "a x 1", "a y 2").begin(1, "r x", "r y 2").commit(0).commit(1)
        .txn(2, "r x 1").check();
    assertKinds(r, "G-single");
    assertTrue(AnomalyText.render(r).contains("T1 read x = [] without 1, which T0 appended next"), AnomalyText.render(r));
  }

  @Test
  void writeSkewIsG2Item() {
    AnomalyResult r = new H().begin(0, "r x", "a y 1").begin(1, "r y", "a x 2").commit(0).commit(1)
        .txn(2, "r x 2", "r y 1").check();
    assertKinds(r, "G2-item");
  }

  @Test
  void aStaleReadAfterCommitIsGSingleRealtimeButSerializable() {
    H h = new H().txn(0, "a x 1").txn(1, "r x").txn(2, "r x 1");
    assertKinds(h.check(), "G-single-realtime");
    assertEquals(AnomalyResult.Outcome.VALID, h.checkSerializable().outcome());
  }

  @Test
  void anAbortedWriteThatIsReadIsG1a() {
    assertKinds(new H().begin(0, "a x 1").abort(0).txn(1, "r x 1").check(), "G1a");
  }

  @Test
  void anUnknownWriteMayBeReadOrNot() {
    assertEquals(AnomalyResult.Outcome.VALID, new H().begin(0, "a x 1").info(0).txn(1, "r x 1").check().outcome());
    assertEquals(AnomalyResult.Outcome.VALID, new H().begin(0, "a x 1").info(0).txn(1, "r x").check().outcome());
    AnomalyResult never = new H().begin(0, "a x 1").txn(1, "r x 1").check(); // never completed
    assertEquals(AnomalyResult.Outcome.VALID, never.outcome());
    assertEquals(1, never.stats().unknown());
  }

  @Test
  void anUnknownWriteThatWasReadTakesPartInCycles() {
    AnomalyResult r = new H().begin(0, "a x 1", "a y 2").info(0).begin(1, "r x", "r y 2").commit(1).txn(2, "r x 1").check();
    assertKinds(r, "G-single");
  }

  @Test
  void anIntermediateReadIsG1b() {
    // the reader also sits in a cycle with the writer (it saw the first append, not the second): G-single too
    assertKinds(new H().begin(0, "a x 1", "a x 2").begin(1, "r x 1").commit(0).commit(1).txn(2, "r x 1 2").check(),
        "G1b", "G-single");
  }

  @Test
  void readsThatAreNoPrefixOfOneAnotherAreAnIncompatibleOrder() {
    assertKinds(new H().begin(0, "a x 1").begin(1, "a x 2").commit(0).commit(1).txn(2, "r x 1 2").txn(3, "r x 2 1").check(),
        "incompatible-order");
  }

  @Test
  void valuesNeverWrittenAreGarbageAndValuesTwiceAreDuplicates() {
    assertKinds(new H().txn(0, "r x 9").check(), "garbage-read");
    assertKinds(new H().txn(0, "a x 1").txn(1, "r x 1 1").check(), "duplicate-elements");
  }

  @Test
  void aReadInsideTheTransactionMustSeeItsOwnAppends() {
    assertKinds(new H().txn(0, "a x 1", "r x").check(), "internal");
  }

  @Test
  void twoCommittedReadersOfOneVersionThatBothAppendAreALostUpdate() {
    AnomalyResult r = new H().begin(0, "r x", "a x 1").begin(1, "r x", "a x 2").commit(0).commit(1).txn(2, "r x 1 2").check();
    assertTrue(r.counts().containsKey("lost-update"), () -> AnomalyText.render(r));
  }

  @Test
  void aTransactionWithAQueueTimeErrorMustAbort() {
    Op.Transaction t = new Op.Transaction(List.of(), List.of(), List.of(Op.Command.of("RPUSH", "x", "1"), Op.Command.of("RPUSH", "x")));
    List<Event> ev = new ArrayList<>(List.of(Event.invoke(0, t, 1),
        Event.ok(0, t, Op.Transaction.reply(List.of(), Reply.array(List.of(new Reply.Int(1)))), 2)));
    H h = new H().txn(1, "r x 1");
    ev.addAll(h.events);
    AnomalyResult r = AnomalyChecker.check(new History(ev), AnomalyChecker.Options.strict());
    assertKinds(r, "G1a");
    assertTrue(r.anomalies().get(0).explanation().contains("rejected at queue time"), r.anomalies().get(0).explanation());
  }

  @Test
  void aHistoryOfOtherCommandsIsBadInput() {
    History h = new History(List.of(Event.invoke(0, Op.Command.of("GET", "x"), 1)));
    assertThrows(IllegalArgumentException.class, () -> AnomalyChecker.check(h, AnomalyChecker.Options.strict()));
    // two values in one RPUSH: valid Redis, but not this workload's shape: refused, not guessed at
    Op.Transaction two = new Op.Transaction(List.of(), List.of(), List.of(Op.Command.of("RPUSH", "x", "1", "2")));
    History h2 = new History(List.of(Event.invoke(0, two, 1),
        Event.ok(0, two, Op.Transaction.reply(List.of(), Reply.array(List.of(new Reply.Int(2)))), 2)));
    assertThrows(IllegalArgumentException.class, () -> AnomalyChecker.check(h2, AnomalyChecker.Options.strict()));
  }
}
