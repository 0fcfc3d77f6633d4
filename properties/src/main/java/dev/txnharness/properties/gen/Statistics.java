package dev.txnharness.properties.gen;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts of labels a property attached to its examples (see {@link Property#label}).
 *
 * <p>Contract: a label counts once per example, however often that example adds it.
 */
public final class Statistics {
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Set<String> current = new HashSet<>();
  private int examples;

  void label(String label) {
    current.add(label);
  }

  void endExample() {
    for (String l : current) {
      counts.merge(l, 1, Integer::sum);
    }
    current.clear();
    examples++;
  }

  void discardExample() {
    current.clear();
  }

  /** How many examples carried {@code label}. */
  public int count(String label) {
    return counts.getOrDefault(label, 0);
  }

  /** The number of examples that ran to the end. */
  public int examples() {
    return examples;
  }

  /** The label counts, sorted by label. */
  public Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  /** One line per label: count and percentage of examples. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      sb.append(String.format("  %-40s %6d (%5.1f%%)%n", e.getKey(), e.getValue(),
          examples == 0 ? 0.0 : 100.0 * e.getValue() / examples));
    }
    return sb.toString();
  }
}
