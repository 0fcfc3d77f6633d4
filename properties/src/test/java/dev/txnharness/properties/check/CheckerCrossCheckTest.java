package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.gen.Property;
import dev.txnharness.properties.model.EtcdModel;
import dev.txnharness.properties.model.EtcdModel.Input;
import dev.txnharness.properties.model.EtcdModel.Output;
import dev.txnharness.properties.model.KvModel;
import dev.txnharness.properties.model.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker agrees with the brute-force enumerator on small random histories. */
class CheckerCrossCheckTest {
  private static final LinearizabilityChecker CHECKER =
      new LinearizabilityChecker(Duration.ofSeconds(10), 1);

  /**
   * A register history: each op gets a random interval and a random linearization point inside
   * it; outputs are computed from the points (so the history is linearizable), then sometimes
   * corrupted; some ops end with an unknown outcome.
   */
  static final Gen<List<Operation<Input, Output>>> REGISTER_HISTORIES = c -> {
    int n = 1 + (int) c.choose(7);
    List<long[]> spans = new ArrayList<>(); // {call, point, ret, index}
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      c.startSpan();
      long call = c.choose(12);
      long len = c.choose(8);
      long point = call + c.choose(len + 1);
      spans.add(new long[] {call, point, call + len, i});
      int kind = (int) c.choose(3);
      int a = (int) c.choose(3);
      int b = (int) c.choose(3);
      inputs.add(kind == 0 ? Input.read() : kind == 1 ? Input.write(a) : Input.cas(a, b));
      c.endSpan();
    }
    List<long[]> byPoint = new ArrayList<>(spans);
    byPoint.sort(Comparator.comparingLong((long[] s) -> s[1]).thenComparingLong(s -> s[3]));
    EtcdModel model = new EtcdModel();
    int state = model.init();
    Output[] outputs = new Output[n];
    for (long[] s : byPoint) {
      Input in = inputs.get((int) s[3]);
      switch (in.kind()) {
        case READ:
          outputs[(int) s[3]] = Output.read(state == EtcdModel.NIL ? null : state);
          break;
        case WRITE:
          outputs[(int) s[3]] = Output.done();
          break;
        default:
          outputs[(int) s[3]] = state == in.a() ? Output.done() : Output.casFailed();
      }
      state = model.step(state, in, outputs[(int) s[3]]);
    }
    List<Operation<Input, Output>> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] s = spans.get(i);
      Output out = outputs[i];
      if (c.chance(0.25)) { // corrupt
        out = inputs.get(i).kind() == EtcdModel.Kind.CAS ? new Output(!out.ok(), null)
            : Output.read((int) c.choose(3));
      }
      if (c.chance(0.15)) {
        ops.add(Operation.unknown(i, i, inputs.get(i), s[0]));
      } else {
        ops.add(Operation.of(i, i, inputs.get(i), out, s[0], s[2]));
      }
    }
    return ops;
  };

  @Test
  void registerCheckerAgreesWithBruteForce() {
    EtcdModel model = new EtcdModel();
    Property.forAll(REGISTER_HISTORIES).tries(Math.max(300, Integer.getInteger("harness.tries",
        100))).check(ops -> {
          boolean expected = BruteForce.linearizable(model, ops);
          CheckResult<Input, Output> r = CHECKER.check(model, ops);
          Property.label(expected ? "linearizable" : "violation");
          Property.label("unknown ops: " + ops.stream().filter(Operation::unknown).count());
          assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.VIOLATION, r.verdict(),
              r.explanation());
        });
  }

  static final Gen<List<Operation<KvModel.Input, String>>> KV_HISTORIES = c -> {
    int n = 1 + (int) c.choose(7);
    List<Operation<KvModel.Input, String>> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long call = c.choose(10);
      long ret = call + c.choose(6);
      String key = "k" + c.choose(2);
      int kind = (int) c.choose(3);
      String v = String.valueOf((char) ('a' + c.choose(2)));
      KvModel.Input in = new KvModel.Input(KvModel.Kind.values()[kind], key, v);
      String out = kind == 0 ? List.of("", "a", "b", "ab", "ba", "aa").get((int) c.choose(6)) : "";
      ops.add(Operation.of(i, i, in, out, call, ret));
    }
    return ops;
  };

  @Test
  void kvCheckerAgreesWithBruteForcePartitionedOrNot() {
    Property.forAll(KV_HISTORIES).tries(Math.max(300, Integer.getInteger("harness.tries", 100)))
        .check(ops -> {
          boolean expected = BruteForce.linearizable(KvModel.unpartitioned(), ops);
          Property.label(expected ? "linearizable" : "violation");
          Verdict want = expected ? Verdict.LINEARIZABLE : Verdict.VIOLATION;
          assertEquals(want, CHECKER.check(KvModel.unpartitioned(), ops).verdict());
          assertEquals(want, CHECKER.check(KvModel.partitioned(), ops).verdict());
        });
  }

  @Test
  void theHistoryGeneratorIsAFunctionOfItsChoices() {
    long[] choices = Choices.random(7).recorded();
    Choices a = Choices.random(99);
    List<Operation<Input, Output>> first = REGISTER_HISTORIES.draw(a);
    List<Operation<Input, Output>> again = REGISTER_HISTORIES.draw(Choices.replay(a.recorded()));
    assertEquals(first, again);
    assertEquals(0, choices.length);
  }
}
