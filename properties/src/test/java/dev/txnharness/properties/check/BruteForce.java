package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import java.util.List;

/**
 * The obviously correct linearizability check, for cross-checking on tiny histories: try every
 * order of every subset that contains all ops with known outcomes. Exponential; n <= 8.
 */
final class BruteForce {
  private BruteForce() {}

  static <S, I, O> boolean linearizable(Model<S, I, O> model, List<Operation<I, O>> ops) {
    return search(model, ops, new boolean[ops.size()], model.init(), 0);
  }

  private static <S, I, O> boolean search(Model<S, I, O> model, List<Operation<I, O>> ops,
      boolean[] used, S state, int placed) {
    boolean allKnownPlaced = true;
    for (int i = 0; i < ops.size(); i++) {
      if (!used[i] && !ops.get(i).unknown()) {
        allKnownPlaced = false;
      }
    }
    if (allKnownPlaced) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      if (used[i] || !minimal(ops, used, i)) {
        continue;
      }
      Operation<I, O> op = ops.get(i);
      S next = model.step(state, op.input(), op.output());
      if (next == null) {
        continue;
      }
      used[i] = true;
      boolean ok = search(model, ops, used, next, placed + 1);
      used[i] = false;
      if (ok) {
        return true;
      }
    }
    return false;
  }

  /** No unplaced op returned before op i was called. */
  private static <I, O> boolean minimal(List<Operation<I, O>> ops, boolean[] used, int i) {
    for (int j = 0; j < ops.size(); j++) {
      if (!used[j] && j != i && ops.get(j).ret() < ops.get(i).call()) {
        return false;
      }
    }
    return true;
  }
}
