package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.model.EtcdModel;
import dev.txnharness.properties.model.EtcdModel.Input;
import dev.txnharness.properties.model.EtcdModel.Output;
import dev.txnharness.properties.model.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made register histories with known verdicts (after Porcupine's own first tests). */
class CheckerTest {
  private final EtcdModel model = new EtcdModel();
  private final LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(5));

  private static Operation<Input, Output> op(int id, Input in, Output out, long call, long ret) {
    return Operation.of(id, id, in, out, call, ret);
  }

  @Test
  void concurrentReadsOfOldAndNewValueAreLinearizable() {
    // write(1) over [0,100]; read -> 1 over [25,75]; read -> nil over [30,60]
    var ops = List.of(op(0, Input.write(1), Output.done(), 0, 100),
        op(1, Input.read(), Output.read(1), 25, 75),
        op(2, Input.read(), Output.read(null), 30, 60));
    assertEquals(Verdict.LINEARIZABLE, checker.check(model, ops).verdict());
  }

  @Test
  void aStaleReadAfterANewReadIsAViolationExplainedInWords() {
    // write(2) over [0,100]; read -> 2 over [10,30]; read -> nil over [40,90]
    var ops = List.of(op(0, Input.write(2), Output.done(), 0, 100),
        op(1, Input.read(), Output.read(2), 10, 30),
        op(2, Input.read(), Output.read(null), 40, 90));
    CheckResult<Input, Output> r = checker.check(model, ops);
    assertEquals(Verdict.VIOLATION, r.verdict());
    assertEquals(2, r.violation().blocked().id());
    assertEquals(2, r.violation().prefix().size());
    assertTrue(r.violation().reason().contains("the read returned nil but the register holds 2"),
        r.explanation());
  }

  @Test
  void anUnknownWriteMayTakeEffectLateOrNever() {
    var late = List.of(Operation.<Input, Output>unknown(0, 0, Input.write(1), 0),
        op(1, Input.read(), Output.read(null), 10, 20),
        op(2, Input.read(), Output.read(1), 30, 40));
    assertEquals(Verdict.LINEARIZABLE, checker.check(model, late).verdict());
    var never = List.of(Operation.<Input, Output>unknown(0, 0, Input.write(1), 0),
        op(1, Input.read(), Output.read(null), 10, 20));
    assertEquals(Verdict.LINEARIZABLE, checker.check(model, never).verdict());
    var before = List.of(op(1, Input.read(), Output.read(1), 0, 5),
        Operation.<Input, Output>unknown(0, 0, Input.write(1), 10));
    assertEquals(Verdict.VIOLATION, checker.check(model, before).verdict(),
        "an unknown op cannot take effect before its call");
  }

  @Test
  void aFailedCasMeansTheRegisterDidNotHoldTheExpectedValue() {
    var ops = List.of(op(0, Input.write(3), Output.done(), 0, 1),
        op(1, Input.cas(3, 4), Output.casFailed(), 2, 3));
    CheckResult<Input, Output> r = checker.check(model, ops);
    assertEquals(Verdict.VIOLATION, r.verdict());
    assertTrue(r.violation().reason().contains("the cas failed but the register holds 3"),
        r.explanation());
  }

  @Test
  void anExhaustedBudgetGivesUnknownNotAVerdict() {
    // many concurrent writes and unknown ops, then an impossible read: a big search
    List<Operation<Input, Output>> ops = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ops.add(Operation.unknown(i, i, Input.write(i % 7), i));
    }
    ops.add(op(60, Input.read(), Output.read(99), 100, 101));
    CheckResult<Input, Output> r =
        new LinearizabilityChecker(Duration.ofMillis(50), 1).check(model, ops);
    assertEquals(Verdict.UNKNOWN, r.verdict(), r.explanation());
  }
}
