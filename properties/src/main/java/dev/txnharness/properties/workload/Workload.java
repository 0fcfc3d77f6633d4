package dev.txnharness.properties.workload;

import java.util.List;

/**
 * What each client of a run does: one list of {@link Step}s per client (client ids are the list
 * indices).
 *
 * <p>Contract: immutable. The reserved keys {@link Workloads#COUNTER} (CAS loops only) and
 * {@link Workloads#PAIR_A} / {@link Workloads#PAIR_B} (written only together, to one value, in one
 * MULTI/EXEC) are what the counter and the no-half-applied-EXEC properties rely on.
 */
public record Workload(List<List<Step>> clients) {

  public Workload {
    clients = clients.stream().map(List::copyOf).toList();
  }

  /** The number of clients. */
  public int size() {
    return clients.size();
  }

  /** The number of steps over all clients. */
  public int steps() {
    return clients.stream().mapToInt(List::size).sum();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < clients.size(); i++) {
      sb.append("\n    client ").append(i).append(": ");
      List<Step> s = clients.get(i);
      for (int j = 0; j < s.size(); j++) {
        sb.append(j == 0 ? "" : "; ").append(s.get(j));
      }
    }
    return sb.toString();
  }
}
