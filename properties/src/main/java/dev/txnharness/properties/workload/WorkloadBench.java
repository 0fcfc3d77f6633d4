package dev.txnharness.properties.workload;

import dev.txnharness.properties.bench.HeapPeaks;
import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.LinearizabilityChecker;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.target.EngineTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmarks of the workload pipeline and of the checker on big seeded histories.
 *
 * <p>Usage (after {@code mvn -q -o install -pl engine -DskipTests && mvn -q -o -pl properties
 * test-compile}):
 *
 * <pre>
 * java -Xmx1g -cp properties/target/classes:$(cat /tmp/cp.txt) \
 *     dev.txnharness.properties.workload.WorkloadBench [SECONDS [SEED]]
 * </pre>
 *
 * Prints: (1) 4-client histories generated, run on the in-process engine and checked per minute,
 * deterministic-schedule mode (with overlapping intervals) and real-threads mode, for SECONDS each
 * (default 10); (2) checker time and peak heap on big histories made by the workload generator and
 * the deterministic runner (seeded; intervals widened so ops overlap): 16 clients x ~100,000 ops of
 * WATCH/MULTI/EXEC over 4 independent key groups, linearizable and with one corrupted reply; and 8
 * clients x ~10,000 ops on one key, linearizable and corrupted. Peak heap is the sum of the heap
 * pools' peaks during the check (reset before it).
 */
public final class WorkloadBench {
  private static final RedisModel MODEL = new RedisModel();

  private WorkloadBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20240601L;
    System.out.printf(Locale.ROOT, "JVM max heap %d MB, %d processors%n",
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    throughput(seconds, seed, false);
    throughput(seconds, seed, true);
    big("16 clients, 4 key groups", Workloads.Spec.groups(16, 0, 4), 16, 3600, 6, seed);
    big("8 clients, one key", new Workloads.Spec(8, 8, 0, 1, false, false,
        Workloads.Focus.ONE_KEY), 8, 500, 4, seed);
  }

  /** Histories per minute: generate, run on a fresh in-process engine, check. */
  static void throughput(int seconds, long seed, boolean threaded) {
    Workloads.Spec spec = new Workloads.Spec(4, 4, 8, 1, true, true, Workloads.Focus.MIXED);
    LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(30), 1);
    long ops = 0;
    int histories = 0;
    int bad = 0;
    long warm = System.nanoTime() + 2_000_000_000L;
    long start = 0;
    long end = Long.MAX_VALUE;
    for (long s = seed; System.nanoTime() < end; s++) {
      if (start == 0 && System.nanoTime() > warm) {
        start = System.nanoTime();
        end = start + seconds * 1_000_000_000L;
        histories = 0;
        ops = 0;
      }
      Choices c = Choices.random(s);
      Workload w = Workloads.workloads(spec).draw(c);
      Execution e;
      try (EngineTarget t = new EngineTarget()) {
        e = threaded ? Runs.threaded(t, w) : Runs.deterministic(t, w, c, 2);
      }
      CheckResult<RedisInput, Reply> r =
          checker.check(MODEL, RedisModel.operations(e.history().calls()));
      if (r.verdict() != Verdict.LINEARIZABLE) {
        bad++;
      }
      histories++;
      ops += e.clientOps();
    }
    double minutes = (System.nanoTime() - start) / 6e10;
    System.out.printf(Locale.ROOT, "4-client histories, %s mode, in-process engine: %.0f"
        + " histories/min generated+run+checked (%.1f ops each on average), %d not linearizable%n",
        threaded ? "real-threads" : "deterministic (overlap 2)", histories / minutes,
        (double) ops / Math.max(1, histories), bad);
  }

  /** Checker time and peak heap on a big history, then on the same history with one bad read. */
  static void big(String title, Workloads.Spec spec, int clients, int blocks, int overlap,
      long seed) {
    long t0 = System.nanoTime();
    Choices c = Choices.random(seed, Integer.MAX_VALUE);
    Workload w = Workloads.fixed(spec, clients, blocks).draw(c);
    Execution e;
    try (EngineTarget t = new EngineTarget()) {
      e = Runs.deterministic(t, w, c, overlap);
    }
    List<Operation<RedisInput, Reply>> ops = RedisModel.operations(e.history().calls());
    System.out.printf(Locale.ROOT, "%s: %d ops generated and run in %.1f s (seed %d, overlap %d)%n",
        title, ops.size(), (System.nanoTime() - t0) / 1e9, seed, overlap);
    time(title + ", linearizable", ops);
    time(title + ", one corrupted read", corruptOneRead(ops));
  }

  private static void time(String title, List<Operation<RedisInput, Reply>> ops) {
    LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(60));
    CheckResult<RedisInput, Reply> r = null;
    List<Long> times = new ArrayList<>();
    long peak = 0;
    for (int i = 0; i < 3; i++) {
      System.gc();
      HeapPeaks.reset();
      long t = System.nanoTime();
      r = checker.check(MODEL, ops);
      times.add(System.nanoTime() - t);
      peak = Math.max(peak, HeapPeaks.peak());
    }
    times.sort(null);
    System.out.printf(Locale.ROOT, "  %-45s %-12s median %7.3f s (min %.3f), peak heap %4d MB,"
        + " %d parts, %d configurations%n", title, r.verdict(), times.get(1) / 1e9,
        times.get(0) / 1e9, peak >> 20, r.parts(), r.configurations());
    if (r.verdict() == Verdict.VIOLATION) {
      String why = r.violation().reason();
      System.out.println("    " + why.substring(0, Math.min(200, why.indexOf('\n') < 0
          ? why.length() : why.indexOf('\n'))));
    }
  }

  /** The same history with the GET nearest the middle answering a value never written. */
  static List<Operation<RedisInput, Reply>> corruptOneRead(List<Operation<RedisInput, Reply>> ops) {
    List<Operation<RedisInput, Reply>> out = new ArrayList<>(ops);
    for (int i = ops.size() / 2; i < ops.size(); i++) {
      Operation<RedisInput, Reply> o = ops.get(i);
      if (o.input().op() instanceof Op.Command cmd && cmd.name().equals("GET")
          && o.output() instanceof Reply.Bulk) {
        out.set(i, Operation.of(o.id(), o.client(), o.input(), Reply.bulk("never-written"),
            o.call(), o.ret()));
        return out;
      }
    }
    throw new IllegalStateException("no GET to corrupt");
  }
}
