package dev.txnharness.properties.model;

import java.util.List;

/**
 * A sequential specification: what one op does to a state and which outcome it may have.
 *
 * <p>Contract (as in Porcupine's {@code Model}):
 *
 * <ul>
 *   <li>Immutable and pure: {@link #step} never mutates its arguments and gives the same answer
 *       for equal arguments. States must implement {@code equals}/{@code hashCode} by value: the
 *       checker interns them.
 *   <li>{@link #step} returns the next state, or {@code null} when the op could not have produced
 *       {@code output} in {@code state}. An {@code output} of {@code null} means the outcome is
 *       unknown (an info op); then {@code step} must return the state the op would lead to, never
 *       {@code null}.
 *   <li>{@link #partition} may split a history into parts that can be checked independently; it
 *       must only do so where that is sound (P-compositionality: the parts touch disjoint state).
 * </ul>
 *
 * @param <S> the state
 * @param <I> the input of an op (what was asked)
 * @param <O> the output of an op (what was answered)
 */
public interface Model<S, I, O> {

  /** The initial state. */
  S init();

  /** The next state, or {@code null} when {@code output} is impossible in {@code state}. */
  S step(S state, I input, O output);

  /**
   * The history made ready for the search, e.g. with ops that can only be checked together
   * collapsed into one (see {@link Prepared}). It must not change the verdict: the prepared
   * history is linearizable exactly when {@code ops} is. By default the ops as they are.
   */
  default Prepared<I, O> prepare(List<Operation<I, O>> ops) {
    return Prepared.asIs(ops);
  }

  /** Independent parts of {@code ops}; by default the whole history is one part. */
  default List<List<Operation<I, O>>> partition(List<Operation<I, O>> ops) {
    return List.of(ops);
  }

  /** The op in words, e.g. {@code get('k') -> 'v'}. {@code output} may be null (unknown). */
  default String describeOp(I input, O output) {
    return input + " -> " + (output == null ? "?" : output);
  }

  /**
   * An estimate of the bytes {@code state} takes, for the checker's memory budget (the checker
   * keeps every distinct state it meets). Need not be exact; err on the high side.
   */
  default long sizeOf(S state) {
    return 64;
  }

  /** The state in words. */
  default String describeState(S state) {
    return String.valueOf(state);
  }

  /**
   * Why {@code output} is impossible in {@code state}, in words, for a violation report. Only
   * called when {@link #step} returned {@code null}.
   */
  default String explain(S state, I input, O output) {
    return describeOp(input, output) + " is impossible in state " + describeState(state);
  }

  /**
   * True when the op never changes the state: whenever {@code step(s, input, output)} is not
   * null, it equals {@code s} (a read, a failed compare-and-set). The checker then places such an
   * op as soon as it is legal and pending, without branching, which is complete: a read-only op
   * can always move earlier to any point inside its interval where it is legal. Only called with
   * a known {@code output}. Answer false when unsure.
   */
  default boolean readOnly(I input, O output) {
    return false;
  }

  /**
   * True when an op with this input and an unknown outcome never changes any state (e.g. a read
   * that timed out). The checker may then drop it: it is always linearizable and affects nothing.
   */
  default boolean unknownIsNoOp(I input) {
    return false;
  }
}
