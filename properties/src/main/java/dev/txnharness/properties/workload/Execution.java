package dev.txnharness.properties.workload;

import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.History;
import java.util.List;

/**
 * One run of a {@link Workload} on a target: the recorded {@link History} and what the clients
 * counted.
 *
 * <p>Contract: the history holds every command the clients sent, one op each, then the final reads
 * of the observer client ({@code observer}, the id after the last client) of the reserved keys the
 * workload used. {@code casCommitted} counts CAS-loop EXECs that committed, {@code casUnknown} those
 * whose outcome is unknown.
 */
public record Execution(String target, String mode, Workload workload, History history,
    int observer, int casCommitted, int casUnknown) {

  /** The ops the clients sent (the observer's final reads left out). */
  public int clientOps() {
    int n = 0;
    for (Call c : history.calls()) {
      if (c.client() != observer) {
        n++;
      }
    }
    return n;
  }

  /** The calls of the history. */
  public List<Call> calls() {
    return history.calls();
  }

  @Override
  public String toString() {
    return mode + " run on " + target + ", " + clientOps() + " ops by " + workload.size()
        + " clients (CAS commits " + casCommitted + (casUnknown > 0 ? ", unknown " + casUnknown : "")
        + "):\n" + HistoryTable.render(history, observer);
  }
}
