package dev.txnharness.properties.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times the checker on every shared history next to Porcupine's figure from EXPECTED.tsv.
 *
 * <p>Usage: {@code java -cp properties/target/classes dev.txnharness.properties.check.CheckerBench
 * [DIR [RUNS [WARM_MS [MEASURE_MS]]]]} with DIR defaulting to
 * {@code properties/src/test/resources/histories}. Per row: warm up for WARM_MS (default 300) and
 * at least RUNS (default 3) checks, then time checks for MEASURE_MS (default 700) and at least
 * RUNS checks, and report the median, like {@code go test -bench} reports a mean over a fixed
 * time. Prints one line per row: file, model,
 * verdict, agreement, our median, Porcupine's, and the ratio; then totals. Exit code 1 if any
 * verdict disagrees.
 */
public final class CheckerBench {
  private CheckerBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "properties/src/test/resources/histories");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long warmMillis = args.length > 2 ? Long.parseLong(args[2]) : 300;
    long measureMillis = args.length > 3 ? Long.parseLong(args[3]) : 700;
    LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofMinutes(5));
    List<SharedHistories.Row> rows = SharedHistories.rows(dir);
    System.out.printf(Locale.ROOT, "%-24s %-17s %-13s %-5s %12s %14s %8s%n", "file", "model",
        "verdict", "agree", "ours_ns", "porcupine_ns", "speedup");
    long oursTotal = 0;
    long theirsTotal = 0;
    int disagreements = 0;
    for (SharedHistories.Row row : rows) {
      SharedHistories.Loaded<?, ?, ?> h = SharedHistories.load(dir, row);
      CheckResult<?, ?> result = null;
      long warmUntil = System.nanoTime() + warmMillis * 1_000_000L;
      for (int i = 0; i < runs || System.nanoTime() < warmUntil; i++) {
        result = h.check(checker);
      }
      List<Long> times = new ArrayList<>();
      long measureUntil = System.nanoTime() + measureMillis * 1_000_000L;
      while (times.size() < runs || System.nanoTime() < measureUntil) {
        long t0 = System.nanoTime();
        result = h.check(checker);
        times.add(System.nanoTime() - t0);
      }
      Collections.sort(times);
      long median = times.get(times.size() / 2);
      boolean ours = result.verdict() == Verdict.LINEARIZABLE;
      String agree = row.linearizable() == null ? "n/a"
          : result.verdict() == Verdict.UNKNOWN ? "UNK"
          : ours == row.linearizable() ? "yes" : "NO";
      if (agree.equals("NO") || agree.equals("UNK")) {
        disagreements++;
      }
      if (row.porcupineNanos() > 0) {
        oursTotal += median;
        theirsTotal += row.porcupineNanos();
      }
      System.out.printf(Locale.ROOT, "%-24s %-17s %-13s %-5s %12d %14d %8.1f%n", row.file(),
          row.model(), result.verdict(), agree, median, row.porcupineNanos(),
          row.porcupineNanos() > 0 ? (double) row.porcupineNanos() / median : Double.NaN);
    }
    System.out.printf(Locale.ROOT, "total (rows with a Porcupine figure): ours %.3f s, porcupine"
        + " %.3f s, speedup %.1fx; disagreements: %d%n", oursTotal / 1e9, theirsTotal / 1e9,
        (double) theirsTotal / oursTotal, disagreements);
    System.exit(disagreements == 0 ? 0 : 1);
  }
}
