package dev.txnharness.properties.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.gen.Property;
import dev.txnharness.properties.gen.PropertyFailure;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.target.EngineTarget;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every seeded engine fault that breaks what list-append can see is found and named with the
 * right anomaly class; the engine without faults gives no anomaly at all. Deterministic schedule
 * (a pure function of the seed) except EXEC_NOT_ISOLATED, which needs real threads.
 */
class ListAppendFaultsTest {
  private static final ListAppend.Spec SPEC = ListAppend.Spec.standard(8, 60);

  static AnomalyResult deterministic(Set<Fault> faults, ListAppend.Spec spec, long seed) {
    try (EngineTarget t = new EngineTarget(faults, 10_000)) {
      List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(seed));
      SplittableRandom r = new SplittableRandom(seed);
      History h = ListAppendRun.deterministic(t, spec, plans, r::nextLong);
      return AnomalyChecker.check(h, AnomalyChecker.Options.strict());
    }
  }

  static void assertFound(AnomalyResult r, String kind) {
    assertEquals(AnomalyResult.Outcome.ANOMALY, r.outcome(), () -> "expected " + kind + ", got none");
    assertTrue(r.counts().containsKey(kind), () -> "expected " + kind + ", found " + r.counts() + "\n" + AnomalyText.render(r));
  }

  @Test
  void theEngineWithoutFaultsHasNoAnomaly() {
    for (long seed = 1; seed <= 5; seed++) {
      AnomalyResult r = deterministic(Set.of(), SPEC, seed);
      assertEquals(AnomalyResult.Outcome.VALID, r.outcome(), AnomalyText.render(r));
      assertTrue(r.stats().committed() > 300);
    }
  }

  /** A workload and its schedule from one choice sequence, so a failing example shrinks as a whole. */
  static Gen<History> runs(Set<Fault> faults, ListAppend.Spec spec) {
    return c -> {
      try (EngineTarget t = new EngineTarget(faults, 10_000)) {
        return ListAppendRun.deterministic(t, spec, ListAppend.shrinkableWorkload(spec).draw(c), c::choose);
      }
    };
  }

  @Test
  void noAnomalyOnTheEngine_property() {
    Property.forAll(runs(Set.of(), ListAppend.Spec.standard(4, 10))).tries(50).seed(17).check(h -> {
      AnomalyResult r = AnomalyChecker.check(h, AnomalyChecker.Options.strict());
      Property.label(r.stats().aborted() > 0 ? "some transaction aborted" : "every transaction committed");
      assertEquals(AnomalyResult.Outcome.VALID, r.outcome(), () -> AnomalyText.render(r));
    });
  }

  @Test
  void aTornExecShrinksToAFewTransactions() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () ->
        Property.forAll(runs(Set.of(Fault.TORN_EXEC), ListAppend.Spec.standard(4, 10))).tries(50).seed(17).shrinkMillis(5_000)
            .check(h -> assertEquals(AnomalyResult.Outcome.VALID, AnomalyChecker.check(h, AnomalyChecker.Options.strict()).outcome())));
    History shrunk = (History) f.example();
    AnomalyResult r = AnomalyChecker.check(shrunk, AnomalyChecker.Options.strict());
    assertTrue(r.counts().containsKey("G1a"), () -> AnomalyText.render(r));
    // the smallest story: one torn EXEC (two appends) and one reader, as a few transaction records
    assertTrue(shrunk.events().size() <= 8, () -> shrunk.events().size() + " events:\n" + AnomalyText.render(r));
  }

  @Test
  void lostAppendIsLostAppend() {
    assertFound(deterministic(Set.of(Fault.LOST_APPEND), SPEC, 1), "lost-append");
  }

  @Test
  void tornExecIsAbortedRead() {
    assertFound(deterministic(Set.of(Fault.TORN_EXEC), SPEC, 1), "G1a");
  }

  @Test
  void dirtyReadOfAQueuedWriteIsAbortedRead() {
    assertFound(deterministic(Set.of(Fault.DIRTY_READ_QUEUED), SPEC, 1), "G1a");
  }

  @Test
  void queueErrorThatDoesNotAbortIsAbortedRead() {
    assertFound(deterministic(Set.of(Fault.QUEUE_ERROR_DOES_NOT_ABORT), SPEC, 1), "G1a");
  }

  @Test
  void watchIgnoredIsLostUpdate() {
    assertFound(deterministic(Set.of(Fault.WATCH_IGNORED), SPEC.withWatch(0.8), 1), "lost-update");
  }

  @Test
  void execNotIsolatedIsAnIntermediateReadOrACycle() {
    ListAppend.Spec spec = ListAppend.Spec.standard(8, 300).withAborts(0, 0);
    for (int attempt = 0; attempt < 10; attempt++) {
      try (EngineTarget t = new EngineTarget(Set.of(Fault.EXEC_NOT_ISOLATED), 10_000)) {
        List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(attempt));
        AnomalyResult r = AnomalyChecker.check(ListAppendRun.threaded(t, spec, plans), AnomalyChecker.Options.strict());
        if (r.outcome() == AnomalyResult.Outcome.ANOMALY) {
          assertTrue(r.counts().keySet().stream().anyMatch(k -> k.equals("G1b") || k.equals("internal") || k.startsWith("G-single")
              || k.startsWith("G1c") || k.startsWith("G2")), () -> r.counts().toString());
          return;
        }
      }
    }
    throw new AssertionError("EXEC_NOT_ISOLATED was not found in 10 threaded runs");
  }
}
