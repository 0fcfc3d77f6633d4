package dev.txnharness.properties.history;

/**
 * One op with its outcome: an invoke paired with its completion.
 *
 * <p>Contract: {@code reply == null} means the outcome is unknown (an info event, or no
 * completion before the history ended); then {@code returnNanos == Long.MAX_VALUE}, because the
 * op may take effect at any time after its invoke.
 */
public record Call(int client, Op op, Reply reply, long invokeNanos, long returnNanos) {

  /** True when the outcome is unknown. */
  public boolean unknown() {
    return reply == null;
  }
}
