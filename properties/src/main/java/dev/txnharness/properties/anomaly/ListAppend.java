package dev.txnharness.properties.anomaly;

import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The list-append workload (Elle's, on Redis transactions): each transaction is
 * {@code [WATCH k..; LRANGE k 0 -1 ..;] MULTI; (RPUSH k v | LRANGE k 0 -1)...; EXEC} over a few
 * keys, every appended value unique in the history, so every read names the writes it saw.
 * Some transactions end in DISCARD, and some queue a malformed {@code RPUSH k} (rejected at queue
 * time, so EXEC must answer EXECABORT): aborted writes the checker must never see.
 *
 * <p>Keys rotate, as in Jepsen's tests: a client's i-th transaction uses the key generation
 * {@code i / txnsPerGeneration}, so lists stay short (reads are whole lists) however long the
 * history. Generated on the property engine ({@link Gen}), so a failing workload shrinks.
 */
public final class ListAppend {
  private ListAppend() {}

  /**
   * What to generate: {@code clients} clients of {@code txns} transactions each, over
   * {@code keys} live keys, 1..{@code maxOps} appends/reads per transaction; the chances of a
   * WATCH (with reads of the watched keys before MULTI), a DISCARD and a queue-time error.
   */
  public record Spec(int clients, int txns, int keys, int maxOps, int txnsPerGeneration,
      double watch, double discard, double queueError) {
    /** 16 clients, 4 keys, up to 4 ops, a quarter with WATCH, a few aborts. */
    public static Spec standard(int clients, int txns) {
      return new Spec(clients, txns, 4, 4, 8, 0.25, 0.03, 0.03);
    }

    public Spec withWatch(double p) {
      return new Spec(clients, txns, keys, maxOps, txnsPerGeneration, p, discard, queueError);
    }

    public Spec withAborts(double discardP, double queueErrorP) {
      return new Spec(clients, txns, keys, maxOps, txnsPerGeneration, watch, discardP, queueErrorP);
    }
  }

  /** How a transaction ends. */
  public enum End { EXEC, DISCARD, QUEUE_ERROR }

  /** One append ({@code append}) or read of the live key {@code key} (0..keys-1). */
  public record Micro(boolean append, int key) {}

  /** One transaction to run: the live keys it watches (and reads first), its ops, its end. */
  public record Plan(List<Integer> watch, List<Micro> ops, End end) {
    public Plan {
      watch = List.copyOf(watch);
      ops = List.copyOf(ops);
    }
  }

  /** One transaction. */
  public static Gen<Plan> plan(Spec s) {
    return c -> {
      List<Micro> ops = new ArrayList<>();
      int n = 1 + (int) c.choose(s.maxOps());
      for (int i = 0; i < n; i++) {
        boolean append = c.choose(2) == 1;
        ops.add(new Micro(append, (int) c.choose(s.keys())));
      }
      List<Integer> watch = new ArrayList<>();
      if (c.chance(s.watch())) {
        for (Micro m : ops) {
          if (m.append() && !watch.contains(m.key())) {
            watch.add(m.key());
          }
        }
      }
      End end = c.chance(s.discard()) ? End.DISCARD : c.chance(s.queueError()) ? End.QUEUE_ERROR : End.EXEC;
      return new Plan(watch, ops, end);
    };
  }

  /** Every client's transactions, exactly {@code txns} each (benchmarks, suites); each one a span. */
  public static Gen<List<List<Plan>>> workload(Spec s) {
    return workload(s, false);
  }

  /**
   * For properties: each client's number of transactions is drawn too (0..txns), so a failing
   * example shrinks to the few transactions that show the anomaly.
   */
  public static Gen<List<List<Plan>>> shrinkableWorkload(Spec s) {
    return workload(s, true);
  }

  private static Gen<List<List<Plan>>> workload(Spec s, boolean drawCounts) {
    Gen<Plan> one = plan(s);
    return c -> {
      List<List<Plan>> clients = new ArrayList<>();
      for (int i = 0; i < s.clients(); i++) {
        List<Plan> plans = new ArrayList<>();
        int count = drawCounts ? (int) c.choose(s.txns() + 1) : s.txns();
        for (int j = 0; j < count; j++) {
          c.startSpan();
          plans.add(one.draw(c));
          c.endSpan();
        }
        clients.add(plans);
      }
      return clients;
    };
  }

  /** The key a client's {@code index}-th transaction calls live key {@code live}. */
  static String keyName(Spec s, int index, int live) {
    return "k" + ((long) (index / s.txnsPerGeneration()) * s.keys() + live);
  }

  /**
   * The transaction record of a plan, values drawn from {@code values} (unique per history).
   * WATCHed keys are read before MULTI; a queue-time error is a trailing {@code RPUSH k}.
   */
  static Op.Transaction record(Spec s, int index, Plan p, java.util.function.LongSupplier values) {
    List<String> watch = new ArrayList<>();
    List<Op.Command> reads = new ArrayList<>();
    for (int k : p.watch()) {
      String key = keyName(s, index, k);
      watch.add(key);
      reads.add(Op.Command.of("LRANGE", key, "0", "-1"));
    }
    List<Op.Command> queued = new ArrayList<>();
    for (Micro m : p.ops()) {
      String key = keyName(s, index, m.key());
      queued.add(m.append() ? Op.Command.of("RPUSH", key, Long.toString(values.getAsLong()))
          : Op.Command.of("LRANGE", key, "0", "-1"));
    }
    if (p.end() == End.QUEUE_ERROR) {
      queued.add(Op.Command.of("RPUSH", keyName(s, index, p.ops().get(0).key())));
    }
    return new Op.Transaction(watch, reads, queued);
  }

  /**
   * Whether a recorded transaction queued a command Redis rejects at queue time: RPUSH or LRANGE
   * with too few words (wrong arity). Other shapes are not this workload's, and the checker
   * refuses them as bad input rather than guess.
   */
  static boolean hasQueueError(Op.Transaction t) {
    for (Op.Command c : t.queued()) {
      if ((c.name().equals("RPUSH") && c.argc() < 3) || (c.name().equals("LRANGE") && c.argc() < 4)) {
        return true;
      }
    }
    return false;
  }
}
