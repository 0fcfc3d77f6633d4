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

  /**
   * True when the workload moves the clock or gives keys a TTL (SET ... EX/PX, EXPIRE, PEXPIRE)
   * short enough to run out during a run: its truth depends on time, so it needs a target whose
   * clock the harness controls. TTLs of {@link Workloads#REAL_TIME_TTL_MS} or more (in PX /
   * PEXPIRE) never run out during a history and are fine on real time, and so are the TTLs of
   * {@link Workloads#EXPIRING} keys: the real-threads runner records when they run out.
   */
  public boolean usesExpiry() {
    for (List<Step> steps : clients) {
      for (Step s : steps) {
        if (s instanceof Step.AdvanceClock) {
          return true;
        }
        if (s instanceof Step.Send send && setsTtl(send.command())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean setsTtl(dev.txnharness.properties.history.Op.Command c) {
    String n = c.name();
    if (n.equals("PEXPIRE") && c.argc() >= 3 && longTtl(c.arg(2))) {
      return false;
    }
    if (n.endsWith("EXPIRE") || n.endsWith("EXPIREAT") || n.equals("SETEX")
        || n.equals("PSETEX")) {
      return true;
    }
    if (n.equals("SET") && c.argc() > 1 && c.arg(1).startsWith(Workloads.EXPIRING)) {
      return false;
    }
    if (n.equals("SET")) {
      for (int i = 3; i < c.argc(); i++) {
        String o = c.arg(i).toUpperCase(java.util.Locale.ROOT);
        if (o.equals("PX") && i + 1 < c.argc() && longTtl(c.arg(i + 1))) {
          continue;
        }
        if (o.equals("EX") || o.equals("PX") || o.equals("EXAT") || o.equals("PXAT")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean longTtl(String millis) {
    try {
      return Long.parseLong(millis) >= Workloads.REAL_TIME_TTL_MS;
    } catch (NumberFormatException e) {
      return false;
    }
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
