package dev.txnharness.properties.bench;

import dev.txnharness.properties.bench.HistoryShapes.Fault;
import dev.txnharness.properties.bench.HistoryShapes.Shape;
import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.LinearizabilityChecker;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The checker benchmark on Redis transaction histories of chosen shapes, side by side with
 * Porcupine when a Porcupine checker binary is given: both check the very same JSON-lines files.
 *
 * <p>Usage ({@code scripts/checker-bench.sh} builds and runs it with a 1 GB heap):
 *
 * <pre>
 * java -Xmx1g -cp ... dev.txnharness.properties.bench.CheckerShapesBench
 *     [--rows A,B,N] [--repeat 5] [--budget 300s] [--porcupine PATH] [--out DIR] [--seed S]
 *     [FILE.jsonl...]
 * </pre>
 *
 * After a JIT warm-up, prints one table row per FILE and per shape ({@link #rows}): commands
 * recorded (and ops searched once MULTI blocks are collapsed), our verdict, our check time
 * (median of {@code --repeat} and the first run; from the recorded ops to the verdict, collapsing
 * and partitioning included), our peak heap (the heap pools' peaks during the checks), and
 * Porcupine's verdict, median time (its own figure: the check alone, without reading and
 * collapsing the file) and peak heap on the same file ({@code --porcupine}, or the environment's
 * {@code PORCUPINE_REDIS}). The histories are written to {@code --out} (default: a temporary
 * folder) so that they can be checked again.
 */
public final class CheckerShapesBench {
  private static final RedisModel MODEL = new RedisModel();

  private CheckerShapesBench() {}

  /** The benchmark rows: a letter, a description and the shape. */
  public static Map<String, Shape> rows(long seed) {
    Map<String, Shape> rows = new LinkedHashMap<>();
    rows.put("A", Shape.of(8, 10_000, 4, Fault.NONE, seed));
    rows.put("B", Shape.of(8, 10_000, 4, Fault.LOST_WRITE, seed));
    rows.put("C", Shape.of(8, 10_000, 4, Fault.STALE_READ, seed));
    rows.put("D", Shape.of(16, 100_000, 4, Fault.NONE, seed));
    rows.put("E", Shape.of(16, 100_000, 4, Fault.LOST_WRITE, seed));
    rows.put("F", Shape.of(8, 2_000, 4, Fault.NONE, seed).withCrossGroup(0.3));
    rows.put("G", Shape.of(8, 2_000, 4, Fault.LOST_WRITE, seed).withCrossGroup(0.3));
    rows.put("H", Shape.of(8, 10_000, 1, Fault.NONE, seed));
    rows.put("I", Shape.of(8, 10_000, 1, Fault.STALE_READ, seed));
    rows.put("J", Shape.of(16, 10_000, 1, Fault.NONE, seed));
    rows.put("K", Shape.of(16, 10_000, 1, Fault.STALE_READ, seed));
    rows.put("L", Shape.of(8, 10_000, 4, Fault.NONE, seed).withPending(0.01));
    rows.put("M", Shape.of(8, 10_000, 4, Fault.LOST_WRITE, seed).withPending(0.01));
    for (int b = 1; b <= 8; b++) {
      rows.put("N" + b, Shape.of(8, 2_000, 4, Fault.LOST_WRITE, seed).withMaxBlock(b));
    }
    return rows;
  }

  public static void main(String[] args) throws Exception {
    List<String> only = null;
    Duration budget = Duration.ofSeconds(300);
    String porcupine = System.getenv("PORCUPINE_REDIS");
    Path out = null;
    long seed = 1;
    int repeat = 5;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> only = List.of(args[++i].split(","));
        case "--budget" -> budget = Duration.parse("PT" + args[++i].toUpperCase(Locale.ROOT));
        case "--porcupine" -> porcupine = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          files.add(Path.of(args[i]));
        }
      }
    }
    if (out == null) {
      out = Files.createTempDirectory("checker-bench");
    }
    Files.createDirectories(out);
    System.out.printf(Locale.ROOT, "JVM max heap %d MB, %d processors, budget %s, histories in %s%n",
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        budget, out);
    warmUp(budget);
    System.out.println();
    System.out.println("| row | history | ops (searched) | ours | median | first run | peak heap"
        + " | Porcupine | median | peak heap |");
    System.out.println("|---|---|---:|---|---:|---:|---:|---|---:|---:|");
    for (Path f : files) {
      History h;
      try (Reader r = Files.newBufferedReader(f)) {
        h = HistoryJson.read(r);
      }
      row(f.getFileName().toString(), "file", h, f, budget, porcupine, repeat);
    }
    for (Map.Entry<String, Shape> e : rows(seed).entrySet()) {
      if (only != null && !only.contains(e.getKey())
          && !only.contains(e.getKey().replaceAll("\\d", ""))) {
        continue;
      }
      History h = HistoryShapes.generate(e.getValue());
      Path f = out.resolve("shape-" + e.getKey() + ".jsonl");
      try (Writer w = Files.newBufferedWriter(f)) {
        HistoryJson.write(h, w);
      }
      row(e.getKey(), e.getValue().toString(), h, f, budget, porcupine, repeat);
    }
  }

  private static void row(String name, String what, History h, Path file, Duration budget,
      String porcupine, int repeat) throws IOException, InterruptedException {
    List<Operation<RedisInput, Reply>> ops = RedisModel.operations(h.calls());
    String verdict = null;
    List<Double> times = new ArrayList<>();
    long peak = 0;
    for (int i = 0; i < repeat; i++) {
      System.gc();
      HeapPeaks.reset();
      long t0 = System.nanoTime();
      try {
        CheckResult<RedisInput, Reply> r = new LinearizabilityChecker(budget).check(MODEL, ops);
        verdict = r.verdict().toString();
        if (r.verdict() == Verdict.UNKNOWN) {
          verdict += " (" + r.spent() + ")";
        }
      } catch (OutOfMemoryError oom) {
        verdict = "CRASH (out of memory)";
      }
      times.add((System.nanoTime() - t0) / 1e9);
      peak = Math.max(peak, HeapPeaks.peak() >> 20);
    }
    double first = times.get(0);
    times.sort(null);
    double secs = times.get(times.size() / 2);
    String p = "-";
    String pt = "-";
    String pm = "-";
    if (porcupine != null) {
      List<Double> ptimes = new ArrayList<>();
      double pheap = 0;
      for (int i = 0; i < repeat; i++) {
        Map<String, String> res = runPorcupine(porcupine, file, budget);
        p = res.getOrDefault("verdict", "?");
        if (res.containsKey("ms")) {
          ptimes.add(Double.parseDouble(res.get("ms")) / 1000);
        }
        if (res.containsKey("heap_mb")) {
          pheap = Math.max(pheap, Double.parseDouble(res.get("heap_mb")));
        }
      }
      ptimes.sort(null);
      pt = ptimes.isEmpty() ? "?" : String.format(Locale.ROOT, "%.3f s",
          ptimes.get(ptimes.size() / 2));
      pm = String.format(Locale.ROOT, "%.0f MB", pheap);
    }
    int searched = MODEL.prepare(ops).ops().size();
    System.out.printf(Locale.ROOT, "| %s | %s | %,d (%,d) | %s | %.3f s | %.3f s | %d MB | %s | %s | %s |%n",
        name, what, ops.size(), searched, verdict, secs, first, peak, p, pt, pm);
  }

  /**
   * Lets the JIT compile the checker before anything is timed, as a benchmark harness would: a
   * few checks of histories unlike the rows (another seed). The "first run" column of each row is
   * then its first check in a warm JVM; the cold start of a fresh JVM is `./harness linearizable`.
   */
  private static void warmUp(Duration budget) {
    long t0 = System.nanoTime();
    List<List<Operation<RedisInput, Reply>>> warm = List.of(
        RedisModel.operations(HistoryShapes.generate(
            Shape.of(8, 10_000, 4, Fault.STALE_READ, 4242)).calls()),
        RedisModel.operations(HistoryShapes.generate(
            Shape.of(8, 5_000, 1, Fault.NONE, 4242)).calls()));
    for (int i = 0; i < 5; i++) {
      for (List<Operation<RedisInput, Reply>> ops : warm) {
        new LinearizabilityChecker(budget).check(MODEL, ops);
      }
    }
    System.out.printf(Locale.ROOT, "JIT warm-up: 10 checks of 2 other histories, %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  /** Runs the Porcupine checker on {@code file}; its one output line is {@code key=value ...}. */
  private static Map<String, String> runPorcupine(String bin, Path file, Duration budget)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(bin, "-timeout", budget.toSeconds() + "s", file.toString())
        .redirectErrorStream(true).start();
    StringBuilder text = new StringBuilder();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        text.append(line).append('\n');
      }
    }
    if (!p.waitFor(budget.toSeconds() + 60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.toString().split("\n")) {
      if (line.startsWith("verdict=")) {
        for (String kv : line.trim().split("\\s+")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    }
    if (m.isEmpty()) {
      m.put("verdict", "error: " + text.toString().strip().replace('\n', ' '));
    }
    return m;
  }
}
