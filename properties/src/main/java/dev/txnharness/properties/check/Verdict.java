package dev.txnharness.properties.check;

/** The three outcomes of a check; never a silent pass. */
public enum Verdict {
  /** Some linearization explains every op. */
  LINEARIZABLE,
  /** No linearization exists; the result carries the evidence. */
  VIOLATION,
  /** The time budget ran out before an answer. */
  UNKNOWN
}
