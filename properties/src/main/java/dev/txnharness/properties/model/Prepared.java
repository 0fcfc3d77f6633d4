package dev.txnharness.properties.model;

import java.util.List;
import java.util.Map;

/**
 * A history made ready for the search by {@link Model#prepare}: the ops to search and, for an op
 * that stands for several recorded ones, those ops; or a violation found without searching.
 *
 * <p>Contract: {@code members} maps the id of a search op to the recorded ops it stands for, in
 * the order they were sent (an op not in the map stands for itself). When {@code blocked} is not
 * null the history is not linearizable whatever the order of the ops: {@code blocked} answered
 * what it could not have answered, for the {@code reason} given (e.g. a command inside MULTI
 * answered something other than QUEUED).
 *
 * @param <I> the input of an op
 * @param <O> the output of an op
 */
public record Prepared<I, O>(List<Operation<I, O>> ops, Map<Integer, List<Operation<I, O>>> members,
    Operation<I, O> blocked, String reason) {

  public Prepared {
    ops = List.copyOf(ops);
    members = Map.copyOf(members);
  }

  /** The ops as they are, each standing for itself. */
  public static <I, O> Prepared<I, O> asIs(List<Operation<I, O>> ops) {
    return new Prepared<>(ops, Map.of(), null, null);
  }

  /** A history that no order can explain: {@code blocked} answered what it could not. */
  public static <I, O> Prepared<I, O> impossible(List<Operation<I, O>> ops,
      Operation<I, O> blocked, String reason) {
    return new Prepared<>(ops, Map.of(), blocked, reason);
  }

  /** The recorded ops that the search op {@code op} stands for. */
  public List<Operation<I, O>> recorded(Operation<I, O> op) {
    List<Operation<I, O>> m = members.get(op.id());
    return m == null ? List.of(op) : m;
  }
}
