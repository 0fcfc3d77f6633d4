package dev.txnharness.properties.anomaly;

import java.util.List;

/**
 * One anomaly the checker found, with the story a person needs: the transactions involved (each
 * written out), and for a cycle one sentence per edge, in cycle order.
 *
 * <p>{@code kind} is Elle's name where Elle has one: {@code G0}, {@code G1a}, {@code G1b},
 * {@code G1c}, {@code G-single}, {@code G2-item} (a cycle kind gets {@code -realtime} when it
 * needs a real-time edge), {@code lost-update}, and the internal checks {@code lost-append},
 * {@code incompatible-order}, {@code duplicate-elements}, {@code garbage-read}, {@code internal}.
 * {@code edges} is empty for an anomaly that is no cycle.
 */
public record Anomaly(String kind, List<Txn> txns, List<Edge> edges, String explanation) {

  public Anomaly {
    txns = List.copyOf(txns);
    edges = List.copyOf(edges);
  }

  /** A transaction as the report shows it: its id (T + index in the history) and its ops. */
  public record Txn(int id, int client, String status, String ops) {
    public String name() {
      return "T" + id;
    }
  }

  /** One dependency edge of a cycle: {@code type} is ww, wr, rw or rt. */
  public record Edge(int from, int to, String type, String sentence) {}

  /** Whether this anomaly is a dependency cycle. */
  public boolean isCycle() {
    return !edges.isEmpty();
  }
}
