package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.Prepared;
import java.util.List;

/**
 * A model as given, but never partitioned: for checking a whole history as one part. The history
 * is still prepared by the model ({@link Model#prepare}).
 */
public record Unsplit<S, I, O>(Model<S, I, O> model) implements Model<S, I, O> {
  @Override
  public S init() {
    return model.init();
  }

  @Override
  public S step(S state, I input, O output) {
    return model.step(state, input, output);
  }

  @Override
  public Prepared<I, O> prepare(List<Operation<I, O>> ops) {
    return model.prepare(ops);
  }

  @Override
  public List<List<Operation<I, O>>> partition(List<Operation<I, O>> ops) {
    return List.of(ops);
  }

  @Override
  public long sizeOf(S state) {
    return model.sizeOf(state);
  }

  @Override
  public String describeOp(I input, O output) {
    return model.describeOp(input, output);
  }

  @Override
  public String describeState(S state) {
    return model.describeState(state);
  }

  @Override
  public String explain(S state, I input, O output) {
    return model.explain(state, input, output);
  }

  @Override
  public boolean readOnly(I input, O output) {
    return model.readOnly(input, output);
  }

  @Override
  public boolean unknownIsNoOp(I input) {
    return model.unknownIsNoOp(input);
  }
}
