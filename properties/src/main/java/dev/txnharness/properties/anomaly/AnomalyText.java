package dev.txnharness.properties.anomaly;

import java.util.Locale;
import java.util.Map;

/** The text report of an {@link AnomalyResult}: the verdict, counts per kind, then each example. */
public final class AnomalyText {
  private AnomalyText() {}

  public static String render(AnomalyResult r) {
    StringBuilder sb = new StringBuilder();
    AnomalyResult.Stats s = r.stats();
    sb.append(String.format(Locale.ROOT, "%d transactions (%d committed, %d aborted, %d unknown), %d appends, %d reads,"
            + " %d edges, %d cyclic components; checked in %.2f s%n", s.txns(), s.committed(), s.aborted(), s.unknown(),
        s.appends(), s.reads(), s.edges(), s.cyclicComponents(), s.checkNanos() / 1e9));
    for (String note : r.notes()) {
      sb.append("(").append(note).append(")\n");
    }
    if (r.outcome() == AnomalyResult.Outcome.VALID) {
      return sb.append("no anomaly found\n").toString();
    }
    sb.append("anomalies:");
    for (String kind : Kinds.ORDER) {
      Integer c = r.counts().get(kind);
      if (c != null) {
        sb.append(' ').append(kind).append(" ×").append(c);
      }
    }
    for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
      if (!Kinds.ORDER.contains(e.getKey())) {
        sb.append(' ').append(e.getKey()).append(" ×").append(e.getValue());
      }
    }
    sb.append('\n');
    for (Anomaly a : r.anomalies()) {
      sb.append('\n').append(a.kind()).append(": ").append(a.explanation()).append('\n');
      if (a.isCycle()) {
        sb.append("  cycle: ").append(drawCycle(a)).append('\n');
        for (Anomaly.Edge e : a.edges()) {
          sb.append("  - ").append(e.sentence()).append('\n');
        }
      }
      for (Anomaly.Txn t : a.txns()) {
        sb.append("  ").append(t.name()).append(" (client ").append(t.client()).append(", ").append(t.status()).append("): ")
            .append(t.ops()).append('\n');
      }
    }
    return sb.toString();
  }

  /** {@code T1 -ww-> T2 -rw-> T1}. */
  public static String drawCycle(Anomaly a) {
    StringBuilder sb = new StringBuilder();
    for (Anomaly.Edge e : a.edges()) {
      sb.append('T').append(e.from()).append(" -").append(e.type()).append("-> ");
    }
    return sb.append('T').append(a.edges().get(0).from()).toString();
  }
}
