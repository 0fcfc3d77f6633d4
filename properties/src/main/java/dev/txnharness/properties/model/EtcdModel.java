package dev.txnharness.properties.model;

/**
 * The register of Jepsen's etcd test (Porcupine's {@code etcdModel}): read, write and
 * compare-and-set on one integer register that starts empty (nil).
 *
 * <p>States are {@code Integer}s; {@link #NIL} stands for the empty register. A read returns the
 * value ({@code null} for nil); a write sets it; a cas swaps iff the register holds {@code from}
 * and reports whether it did. An op with an unknown outcome (timeout) has its effect but no
 * checked output; a read with an unknown outcome is a no-op.
 */
public final class EtcdModel implements Model<Integer, EtcdModel.Input, EtcdModel.Output> {

  /** The state of the empty register. */
  public static final int NIL = Integer.MIN_VALUE;

  /** What an op does. */
  public enum Kind {
    READ,
    WRITE,
    CAS
  }

  /** An op: {@code read()}, {@code write(a)} or {@code cas(a, b)}. */
  public record Input(Kind kind, int a, int b) {
    public static Input read() {
      return new Input(Kind.READ, 0, 0);
    }

    public static Input write(int v) {
      return new Input(Kind.WRITE, v, 0);
    }

    public static Input cas(int from, int to) {
      return new Input(Kind.CAS, from, to);
    }
  }

  /** An outcome: {@code value} for a read ({@code null} = nil), {@code ok} for a cas. */
  public record Output(boolean ok, Integer value) {
    public static Output read(Integer value) {
      return new Output(true, value);
    }

    public static Output done() {
      return new Output(true, null);
    }

    public static Output casFailed() {
      return new Output(false, null);
    }
  }

  @Override
  public Integer init() {
    return NIL;
  }

  @Override
  public Integer step(Integer state, Input in, Output out) {
    int st = state;
    switch (in.kind()) {
      case READ:
        if (out == null) {
          return state;
        }
        int read = out.value() == null ? NIL : out.value();
        return read == st ? state : null;
      case WRITE:
        return in.a();
      case CAS:
        boolean swaps = st == in.a();
        if (out != null && out.ok() != swaps) {
          return null;
        }
        return swaps ? in.b() : state;
      default:
        throw new IllegalStateException("unreachable");
    }
  }

  @Override
  public boolean readOnly(Input in, Output out) {
    return in.kind() == Kind.READ || (in.kind() == Kind.CAS && !out.ok());
  }

  @Override
  public boolean unknownIsNoOp(Input in) {
    return in.kind() == Kind.READ;
  }

  @Override
  public String describeOp(Input in, Output out) {
    switch (in.kind()) {
      case READ:
        return "read() -> " + (out == null ? "?" : out.value() == null ? "nil" : out.value());
      case WRITE:
        return "write(" + in.a() + ")" + (out == null ? " -> ?" : "");
      default:
        return "cas(" + in.a() + ", " + in.b() + ") -> "
            + (out == null ? "?" : out.ok() ? "ok" : "fail");
    }
  }

  @Override
  public String describeState(Integer state) {
    return state == NIL ? "nil" : state.toString();
  }

  @Override
  public String explain(Integer state, Input in, Output out) {
    if (in.kind() == Kind.READ) {
      return "the read returned " + (out.value() == null ? "nil" : out.value())
          + " but the register holds " + describeState(state);
    }
    return "the cas " + (out.ok() ? "succeeded" : "failed") + " but the register holds "
        + describeState(state) + (out.ok() ? ", not " + in.a() : ", which equals " + in.a());
  }
}
