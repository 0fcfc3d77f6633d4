package dev.txnharness.properties.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Shrinks a failing choice sequence to a smaller one that still fails.
 *
 * <p>Contract: only ever moves to a sequence that is smaller in shortlex order (shorter, or as
 * long and lexicographically smaller) and still fails, so it terminates; stops early when the
 * deadline passes. Passes, repeated until none helps: delete each span (largest first), delete
 * blocks of 8/4/2/1 choices, zero each span, lower each choice (to zero, by binary search,
 * by one), and move value from a choice to a later one (so {@code [43, 57]} can become
 * {@code [0, 100]} and then {@code [100]}).
 */
final class Shrinker {
  /** The result of replaying choices: the choices actually used and its spans, or null if it passed. */
  record Attempt(long[] choices, List<int[]> spans) {}

  private final Function<long[], Attempt> replay;
  private final long deadline;
  private Attempt best;
  private int improvements;
  private int attempts;

  Shrinker(Function<long[], Attempt> replay, Attempt failing, long deadlineNanos) {
    this.replay = replay;
    this.best = failing;
    this.deadline = deadlineNanos;
  }

  Attempt shrink() {
    boolean progress = true;
    while (progress && !timeUp()) {
      progress = deleteSpans() | deleteBlocks() | zeroSpans() | lowerChoices()
          || redistribute();
    }
    return best;
  }

  int improvements() {
    return improvements;
  }

  int attempts() {
    return attempts;
  }

  private boolean timeUp() {
    return System.nanoTime() - deadline > 0;
  }

  private boolean tryCandidate(long[] candidate) {
    if (timeUp() || !smaller(candidate, best.choices())) {
      return false;
    }
    attempts++;
    Attempt a = replay.apply(candidate);
    if (a != null && smaller(a.choices(), best.choices())) {
      best = a;
      improvements++;
      return true;
    }
    return false;
  }

  private boolean deleteSpans() {
    boolean any = false;
    List<int[]> spans = new ArrayList<>(best.spans());
    spans.sort(Comparator.comparingInt((int[] s) -> s[0] - s[1]));
    for (int[] s : spans) {
      long[] cur = best.choices();
      if (s[1] > cur.length) {
        continue;
      }
      if (tryCandidate(remove(cur, s[0], s[1]))) {
        any = true;
      }
    }
    return any;
  }

  private boolean deleteBlocks() {
    boolean any = false;
    for (int k : new int[] {8, 4, 2, 1}) {
      for (int i = 0; i + k <= best.choices().length; ) {
        if (!tryCandidate(remove(best.choices(), i, i + k))) {
          i++;
        } else {
          any = true;
        }
      }
    }
    return any;
  }

  private boolean zeroSpans() {
    boolean any = false;
    for (int[] s : new ArrayList<>(best.spans())) {
      long[] cur = best.choices();
      if (s[1] > cur.length) {
        continue;
      }
      long[] c = cur.clone();
      Arrays.fill(c, s[0], s[1], 0);
      if (tryCandidate(c)) {
        any = true;
      }
    }
    return any;
  }

  private boolean lowerChoices() {
    boolean any = false;
    for (int i = 0; i < best.choices().length; i++) {
      long v = best.choices()[i];
      if (v == 0) {
        continue;
      }
      if (tryCandidate(with(best.choices(), i, 0))) {
        any = true;
        continue;
      }
      // binary search the least failing value in (0, v)
      long lo = 0;
      long hi = v;
      while (lo + 1 < hi && i < best.choices().length && !timeUp()) {
        long mid = lo + (hi - lo) / 2;
        if (tryCandidate(with(best.choices(), i, mid))) {
          any = true;
          hi = mid;
        } else {
          lo = mid;
        }
      }
      if (i < best.choices().length && best.choices()[i] > 0
          && tryCandidate(with(best.choices(), i, best.choices()[i] - 1))) {
        any = true;
      }
    }
    return any;
  }

  private boolean redistribute() {
    boolean any = false;
    for (int i = 0; i < best.choices().length; i++) {
      for (int j = i + 1; j < Math.min(best.choices().length, i + 16); j++) {
        long[] cur = best.choices();
        long vi = cur[i];
        if (vi == 0 || timeUp()) {
          break;
        }
        long[] c = cur.clone();
        c[i] = 0;
        c[j] = cur[j] + vi;
        if (tryCandidate(c)) {
          any = true;
          continue;
        }
        // binary search the largest amount that can move
        long lo = 0;
        long hi = vi;
        while (lo + 1 < hi && !timeUp()) {
          long mid = lo + (hi - lo) / 2;
          long[] base = best.choices();
          if (base.length != cur.length) {
            break;
          }
          long[] d = base.clone();
          d[i] = base[i] - mid;
          d[j] = base[j] + mid;
          if (d[i] >= 0 && tryCandidate(d)) {
            any = true;
            break;
          }
          hi = mid;
        }
      }
    }
    return any;
  }

  private static long[] remove(long[] a, int from, int to) {
    long[] r = new long[a.length - (to - from)];
    System.arraycopy(a, 0, r, 0, from);
    System.arraycopy(a, to, r, from, a.length - to);
    return r;
  }

  private static long[] with(long[] a, int i, long v) {
    long[] r = a.clone();
    r[i] = v;
    return r;
  }

  /** Shortlex order: shorter first, then lexicographically smaller. */
  static boolean smaller(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compare(a, b) < 0;
  }
}
