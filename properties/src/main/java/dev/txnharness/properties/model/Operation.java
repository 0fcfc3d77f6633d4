package dev.txnharness.properties.model;

/**
 * One op as the checker sees it: who, what, the outcome and the real-time interval.
 *
 * <p>Contract: {@code output == null} means the outcome is unknown; such an op may take effect
 * at any time after {@code call}, or never, so its {@code ret} is {@link Long#MAX_VALUE}.
 * {@code id} is the op's position in the history it came from (for reports).
 */
public record Operation<I, O>(int id, int client, I input, O output, long call, long ret) {

  public Operation {
    if (output == null && ret != Long.MAX_VALUE) {
      throw new IllegalArgumentException("an op with an unknown outcome never returns");
    }
    if (ret < call) {
      throw new IllegalArgumentException("op " + id + " returns before it is called");
    }
  }

  /** True when the outcome is unknown. */
  public boolean unknown() {
    return output == null;
  }

  /** An op with a known outcome. */
  public static <I, O> Operation<I, O> of(int id, int client, I input, O output, long call,
      long ret) {
    return new Operation<>(id, client, input, output, call, ret);
  }

  /** An op whose outcome is unknown. */
  public static <I, O> Operation<I, O> unknown(int id, int client, I input, long call) {
    return new Operation<>(id, client, input, null, call, Long.MAX_VALUE);
  }
}
