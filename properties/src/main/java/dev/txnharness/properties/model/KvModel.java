package dev.txnharness.properties.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-value store of Porcupine's kv tests: get / put / append on string values, absent keys
 * read as {@code ""}.
 *
 * <p>States are immutable {@link KvState} maps from key to value. Keys are independent, so the
 * {@linkplain #partitioned() partitioned} variant splits a history by key (sound: no op touches
 * two keys); the {@linkplain #unpartitioned() unpartitioned} one checks the whole history at once
 * (the hard case of the yardstick). Outputs are the string a get returned; puts and appends
 * output is ignored; {@code null} is an unknown outcome.
 */
public final class KvModel implements Model<KvState, KvModel.Input, String> {

  /** What an op does. */
  public enum Kind {
    GET,
    PUT,
    APPEND
  }

  /** An op on one key. */
  public record Input(Kind kind, String key, String value) {}

  private final boolean partition;

  private KvModel(boolean partition) {
    this.partition = partition;
  }

  /** The model that splits histories by key. */
  public static KvModel partitioned() {
    return new KvModel(true);
  }

  /** The model that checks the whole history as one part. */
  public static KvModel unpartitioned() {
    return new KvModel(false);
  }

  @Override
  public KvState init() {
    return KvState.EMPTY;
  }

  @Override
  public KvState step(KvState state, Input in, String out) {
    String current = state.get(in.key());
    switch (in.kind()) {
      case GET:
        return out == null || out.equals(current) ? state : null;
      case PUT:
        return state.with(in.key(), in.value());
      default:
        return in.value().isEmpty() ? state : state.with(in.key(), current + in.value());
    }
  }

  @Override
  public List<List<Operation<Input, String>>> partition(List<Operation<Input, String>> ops) {
    if (!partition) {
      return List.of(ops);
    }
    Map<String, List<Operation<Input, String>>> byKey = new LinkedHashMap<>();
    for (Operation<Input, String> op : ops) {
      byKey.computeIfAbsent(op.input().key(), k -> new ArrayList<>()).add(op);
    }
    return new ArrayList<>(byKey.values());
  }

  @Override
  public boolean readOnly(Input in, String out) {
    return in.kind() == Kind.GET;
  }

  @Override
  public boolean unknownIsNoOp(Input in) {
    return in.kind() == Kind.GET;
  }

  @Override
  public String describeOp(Input in, String out) {
    switch (in.kind()) {
      case GET:
        return "get('" + in.key() + "') -> " + (out == null ? "?" : "'" + out + "'");
      case PUT:
        return "put('" + in.key() + "', '" + in.value() + "')";
      default:
        return "append('" + in.key() + "', '" + in.value() + "')";
    }
  }

  @Override
  public String explain(KvState state, Input in, String out) {
    return "get('" + in.key() + "') returned '" + out + "' but the key holds '"
        + state.get(in.key()) + "'";
  }
}
