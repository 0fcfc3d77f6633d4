package dev.txnharness.properties.workload;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.LinearizabilityChecker;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties every target must satisfy on every {@link Execution}, each a method that throws
 * {@link AssertionError} with the evidence in words and the history table.
 *
 * <ol>
 *   <li>{@link #linearizable}: the checker finds a sequential order of Redis commands (with
 *       per-client WATCH / MULTI / EXEC sessions, {@link RedisModel}) that explains every reply.
 *       An UNKNOWN verdict (budget spent) fails too: never a silent pass.
 *   <li>{@link #counterMatchesCommits}: the CAS-increment counter equals the number of CAS EXECs
 *       that committed (plus at most the ones whose outcome is unknown).
 *   <li>{@link #noHalfAppliedExec}: the pair keys, only ever written together to one value in one
 *       MULTI/EXEC, are never seen different: not by a MULTI/EXEC reading both, not at the end.
 * </ol>
 */
public final class Invariants {
  private static final RedisModel MODEL = new RedisModel();

  private Invariants() {}

  /** All three properties. */
  public static void hold(Execution e, Duration budget) {
    noHalfAppliedExec(e);
    counterMatchesCommits(e);
    linearizable(e, budget);
  }

  /** The checker's result for the execution's history. */
  public static CheckResult<RedisInput, Reply> check(Execution e, Duration budget) {
    return new LinearizabilityChecker(budget, 1)
        .check(MODEL, RedisModel.operations(e.history().calls()));
  }

  /** Property 1: the history is linearizable. */
  public static void linearizable(Execution e, Duration budget) {
    CheckResult<RedisInput, Reply> r = check(e, budget);
    if (r.verdict() != Verdict.LINEARIZABLE) {
      throw new AssertionError("the history is not linearizable: " + r.explanation()
          + "\n" + e);
    }
  }

  /** Property 2: the CAS counter equals the committed CAS EXECs. */
  public static void counterMatchesCommits(Execution e) {
    Reply fin = finalRead(e, Workloads.COUNTER);
    if (fin == null) {
      return; // no CAS loop, or the final read's outcome is unknown
    }
    long value;
    if (fin instanceof Reply.NullBulk) {
      value = 0;
    } else if (fin instanceof Reply.Bulk b) {
      try {
        value = Long.parseLong(b.value());
      } catch (NumberFormatException ex) {
        throw new AssertionError("the CAS counter holds " + fin + ", not a number\n" + e);
      }
    } else {
      throw new AssertionError("GET " + Workloads.COUNTER + " answered " + fin + "\n" + e);
    }
    if (value < e.casCommitted() || value > e.casCommitted() + e.casUnknown()) {
      throw new AssertionError("the CAS counter is " + value + " but " + e.casCommitted()
          + " CAS EXECs committed" + (e.casUnknown() > 0 ? " (and " + e.casUnknown()
          + " have an unknown outcome)" : "") + ": an increment was lost or invented\n" + e);
    }
  }

  /** Property 3: no EXEC is seen half-applied. */
  public static void noHalfAppliedExec(Execution e) {
    Map<Integer, List<Command>> queue = new HashMap<>();
    for (Call c : e.calls()) {
      if (!(c.op() instanceof Command cmd) || c.client() == e.observer()) {
        continue;
      }
      List<Command> q = queue.get(c.client());
      if (cmd.name().equals("MULTI") && Reply.OK.equals(c.reply()) && q == null) {
        queue.put(c.client(), new ArrayList<>());
      } else if (q != null && (cmd.name().equals("EXEC") || cmd.name().equals("DISCARD")
          || c.unknown())) {
        queue.remove(c.client());
        if (cmd.name().equals("EXEC") && c.reply() instanceof Reply.Array a) {
          pairReadSeesOneValue(e, q, a);
        }
      } else if (q != null && Reply.QUEUED.equals(c.reply())) {
        q.add(cmd);
      }
    }
    Reply a = finalRead(e, Workloads.PAIR_A);
    Reply b = finalRead(e, Workloads.PAIR_B);
    if (a != null && b != null && !a.equals(b)) {
      throw new AssertionError("after the run " + Workloads.PAIR_A + " = " + a + " but "
          + Workloads.PAIR_B + " = " + b + ": a MULTI/EXEC writing both was applied in part"
          + " (or interleaved with another)\n" + e);
    }
  }

  private static void pairReadSeesOneValue(Execution e, List<Command> q, Reply.Array a) {
    Reply pa = null;
    Reply pb = null;
    boolean readA = false;
    boolean readB = false;
    for (int i = 0; i < q.size() && i < a.items().size(); i++) {
      Command c = q.get(i);
      if (!c.name().equals("GET")) {
        continue;
      }
      if (c.arg(1).equals(Workloads.PAIR_A)) {
        pa = a.items().get(i);
        readA = true;
      } else if (c.arg(1).equals(Workloads.PAIR_B)) {
        pb = a.items().get(i);
        readB = true;
      }
    }
    if (readA && readB && !java.util.Objects.equals(pa, pb)) {
      throw new AssertionError("one EXEC read " + Workloads.PAIR_A + " = " + pa + " and "
          + Workloads.PAIR_B + " = " + pb + ": it saw another EXEC half-applied\n" + e);
    }
  }

  private static Reply finalRead(Execution e, String key) {
    for (Call c : e.calls()) {
      if (c.client() == e.observer() && c.op() instanceof Op.Command cmd
          && cmd.arg(1).equals(key)) {
        return c.reply();
      }
    }
    return null;
  }
}
