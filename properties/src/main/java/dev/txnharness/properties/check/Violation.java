package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Operation;
import java.util.List;

/**
 * The evidence of a linearizability violation, in the words of the model.
 *
 * <p>{@code prefix} is the longest linearization the search found (ops in the order they take
 * effect), {@code state} the model state after it, {@code blocked} the earliest-returning op that
 * no continuation could place before its return, and {@code reason} says why, op by op.
 */
public record Violation<I, O>(
    List<Operation<I, O>> prefix, String state, Operation<I, O> blocked, String reason) {

  public Violation {
    prefix = List.copyOf(prefix);
  }

  @Override
  public String toString() {
    return "longest linearizable prefix: " + prefix.size() + " ops, ending in state " + state
        + "\nop that could not be placed: #" + blocked.id() + " (client " + blocked.client() + ")"
        + "\nwhy: " + reason;
  }
}
