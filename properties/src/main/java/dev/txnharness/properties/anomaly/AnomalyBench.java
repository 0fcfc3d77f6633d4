package dev.txnharness.properties.anomaly;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.bench.HeapPeaks;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.target.EngineTarget;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The anomaly checker's figures (docs/PERFORMANCE.md): (1) the fault table — each seeded engine
 * fault, the anomalies named, transactions, time; (2) throughput — a big list-append history
 * recorded from the engine (deterministic schedule, 16 clients) to a JSON-lines file, then
 * checked from the file (parse + check, strict serializable), as transactions per second, with
 * the peak heap.
 *
 * <pre>
 * java -Xmx2g -cp reports/target/harness.jar dev.txnharness.properties.anomaly.AnomalyBench [TXNS] [CLIENTS] [KEEP.jsonl]
 * </pre>
 *
 * With a third argument the recorded history is written there and kept.
 */
public final class AnomalyBench {
  private AnomalyBench() {}

  public static void main(String[] args) throws IOException {
    int txns = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    System.out.println("fault table: 16 clients x 625 transactions, deterministic schedule (seed 1) unless noted");
    System.out.printf(Locale.ROOT, "%-28s %-13s %7s %7s %9s  %s%n", "fault", "run", "txns", "ops", "check ms", "anomalies named");
    for (Object[] row : faultRows()) {
      Fault f = (Fault) row[0];
      boolean threaded = f == Fault.EXEC_NOT_ISOLATED;
      ListAppend.Spec spec = ListAppend.Spec.standard(16, 625).withWatch(f == Fault.WATCH_IGNORED ? 0.8 : 0.25);
      History h = run(f == null ? Set.of() : Set.of(f), spec, 1, threaded);
      long t0 = System.nanoTime();
      AnomalyResult r = AnomalyChecker.check(h, AnomalyChecker.Options.strict());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(Locale.ROOT, "%-28s %-13s %7d %7d %9d  %s%n", f == null ? "(none)" : f.name(),
          threaded ? "real threads" : "deterministic", r.stats().txns(), r.stats().appends() + r.stats().reads(), ms,
          r.outcome() == AnomalyResult.Outcome.VALID ? "none" : counts(r));
    }
    boolean keep = args.length > 2;
    Path file = keep ? Path.of(args[2]) : Files.createTempFile("list-append-", ".jsonl");
    try {
      long g0 = System.nanoTime();
      ListAppend.Spec spec = ListAppend.Spec.standard(clients, txns / clients);
      try (EngineTarget t = new EngineTarget(); BufferedWriter w = Files.newBufferedWriter(file)) {
        List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(7, Integer.MAX_VALUE));
        SplittableRandom pick = new SplittableRandom(7);
        ListAppendRun.deterministic(t, spec, plans, pick::nextLong, e -> line(w, e));
      }
      System.out.printf(Locale.ROOT, "%nthroughput: %d clients x %d transactions recorded from the engine in %.1f s (%d MB of JSON lines)%n",
          clients, txns / clients, (System.nanoTime() - g0) / 1e9, Files.size(file) >> 20);
      System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %8s %8s %12s %9s %12s %9s %6s  %s%n", "run", "txns", "ops", "edges",
          "wall s", "cpu s", "txns/s", "checker s", "checker tx/s", "peak MB", "load", "verdict");
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int run = 1; run <= 3; run++) {
        System.gc();
        HeapPeaks.reset();
        long cpu0 = os.getProcessCpuTime();
        long main0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        AnomalyResult r = AnomalyChecker.checkFile(file, AnomalyChecker.Options.strict());
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double main = (threads.getCurrentThreadCpuTime() - main0) / 1e9;
        System.out.printf(Locale.ROOT, "%-10s %9d %9d %9d %8.2f %8.2f %12.0f %9.2f %12.0f %9d %6.1f  %s%n", "file #" + run,
            r.stats().txns(), r.stats().appends() + r.stats().reads(), r.stats().edges(), s, cpu, r.stats().txns() / s, main,
            r.stats().txns() / main, HeapPeaks.peak() >> 20, os.getSystemLoadAverage(), r.outcome());
      }
      System.out.println("(wall: file to verdict, parsing on up to 4 threads ahead of the one checker thread; cpu: all"
          + " threads of this process (parsing, GC); checker: the CPU time of the checker thread alone; load: the machine's"
          + " 1-minute load average, " + Runtime.getRuntime().availableProcessors() + " cores)");
      System.out.println("(Elle's published figure: 100-160k transactions/s on list-append histories)");
    } finally {
      if (!keep) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The faults of the table, in order; null is the engine without faults. */
  static Object[][] faultRows() {
    return new Object[][] {{null}, {Fault.LOST_APPEND}, {Fault.TORN_EXEC}, {Fault.DIRTY_READ_QUEUED},
        {Fault.QUEUE_ERROR_DOES_NOT_ABORT}, {Fault.WATCH_IGNORED}, {Fault.EXEC_NOT_ISOLATED}};
  }

  static History run(Set<Fault> faults, ListAppend.Spec spec, long seed, boolean threaded) {
    try (EngineTarget t = new EngineTarget(faults, 10_000)) {
      List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(seed, Integer.MAX_VALUE));
      if (threaded) {
        return ListAppendRun.threaded(t, spec, plans);
      }
      SplittableRandom r = new SplittableRandom(seed);
      return ListAppendRun.deterministic(t, spec, plans, r::nextLong);
    }
  }

  private static String counts(AnomalyResult r) {
    StringBuilder sb = new StringBuilder();
    for (String k : Kinds.ORDER) {
      if (r.counts().containsKey(k)) {
        sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" ×").append(r.counts().get(k));
      }
    }
    return sb.toString();
  }

  private static void line(BufferedWriter w, Event e) {
    try {
      w.write(HistoryJson.toLine(e));
      w.write('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
