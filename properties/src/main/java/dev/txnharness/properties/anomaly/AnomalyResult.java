package dev.txnharness.properties.anomaly;

import java.util.List;
import java.util.Map;

/**
 * What {@link AnomalyChecker} concluded about one list-append history.
 *
 * <p>{@code outcome}: VALID (no anomaly of any kind the checker looks for), ANOMALY (at least one;
 * {@code counts} has how many per kind, {@code anomalies} up to a few examples per kind), UNKNOWN
 * (the checker ran out of memory; nothing is claimed). {@code stats} are the figures a bench prints.
 */
public record AnomalyResult(Outcome outcome, Map<String, Integer> counts, List<Anomaly> anomalies,
    Stats stats, List<String> notes) {

  public AnomalyResult {
    counts = Map.copyOf(counts);
    anomalies = List.copyOf(anomalies);
    notes = List.copyOf(notes);
  }

  /** The three verdicts. */
  public enum Outcome { VALID, ANOMALY, UNKNOWN }

  /** Sizes and time of one check. */
  public record Stats(int txns, int committed, int aborted, int unknown, long appends, long reads,
      int edges, int cyclicComponents, long checkNanos) {}

  /** The kinds found, most serious first (the order {@link AnomalyChecker} reports them in). */
  public List<String> kinds() {
    return anomalies.stream().map(Anomaly::kind).distinct().toList();
  }
}
