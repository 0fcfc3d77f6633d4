package dev.txnharness.properties.check;

import java.time.Duration;

/**
 * The outcome of a linearizability check.
 *
 * <p>Contract: {@code violation} is non-null exactly when {@code verdict} is
 * {@link Verdict#VIOLATION}. {@code configurations} counts the distinct (linearized set, state)
 * pairs the search visited, summed over the parts it checked. {@code spent} says which budget
 * ran out for an UNKNOWN verdict (time, memory), and is null otherwise.
 */
public record CheckResult<I, O>(Verdict verdict, Violation<I, O> violation, Duration elapsed,
    int parts, long configurations, String spent) {

  public CheckResult {
    if ((verdict == Verdict.VIOLATION) != (violation != null)) {
      throw new IllegalArgumentException("a violation needs evidence, and only a violation");
    }
  }

  /** The verdict and its explanation in words. */
  public String explanation() {
    switch (verdict) {
      case LINEARIZABLE:
        return "linearizable (" + parts + " part(s), " + configurations + " configurations)";
      case UNKNOWN:
        return "unknown: " + (spent == null ? "a budget ran out" : spent) + " after "
            + configurations + " configurations";
      default:
        return "not linearizable\n" + violation;
    }
  }
}
