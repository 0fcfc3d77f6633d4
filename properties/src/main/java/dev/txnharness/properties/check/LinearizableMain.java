package dev.txnharness.properties.check;

import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.model.KvModel;
import dev.txnharness.properties.model.RedisModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code harness linearizable --model etcd|kv|redis [--no-partition] [--budget 60s] FILE}: checks
 * one history file and prints the verdict, the explanation and the time taken.
 *
 * <p>FILE is a Jepsen etcd log ({@code etcd}), a Porcupine kv EDN log ({@code kv}, split by key
 * unless {@code --no-partition}), or a JSON-lines {@link History} ({@code redis}, split by key
 * where sound unless {@code --no-partition}). A file that is not a history of the named model (a
 * line the model's reader does not know, or no ops at all) is a usage error naming the first
 * offending line, never an empty "linearizable". Exit code: 0 linearizable, 1 violation, 3 unknown
 * (budget spent), 2 usage error (with a one-line reason).
 */
public final class LinearizableMain {
  private LinearizableMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    String model = null;
    String file = null;
    boolean partition = true;
    Duration budget = Duration.ofSeconds(60);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--model") && i + 1 < args.length) {
        model = args[++i].toLowerCase(Locale.ROOT);
      } else if (a.equals("--no-partition")) {
        partition = false;
      } else if (a.equals("--budget") && i + 1 < args.length) {
        try {
          budget = Duration.parse("PT" + args[++i].toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
          return usage(out, "bad --budget '" + args[i] + "' (use e.g. 30s, 2m)");
        }
        if (budget.compareTo(Duration.ofMillis(100)) < 0 || budget.compareTo(Duration.ofDays(1)) > 0) {
          return usage(out, "--budget must be from 0.1s to 24h, got '" + args[i] + "'");
        }
      } else if (a.startsWith("--")) {
        return usage(out, "unknown option " + a);
      } else if (file == null) {
        file = a;
      } else {
        return usage(out, "more than one FILE: " + file + ", " + a);
      }
    }
    if (model == null) {
      return usage(out, "missing --model etcd|kv|redis");
    }
    if (file == null) {
      return usage(out, "missing FILE");
    }
    LinearizabilityChecker checker = new LinearizabilityChecker(budget);
    CheckResult<?, ?> result;
    try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      switch (model) {
        case "etcd": {
          var ops = EtcdLogParser.parse(r);
          if (ops.isEmpty()) {
            return usage(out, file + " has no ops: not an etcd history (a Jepsen etcd log)");
          }
          result = checker.check(EtcdLogParser.model(), ops);
          break;
        }
        case "kv": {
          var ops = KvLogParser.parse(r);
          if (ops.isEmpty()) {
            return usage(out, file + " has no ops: not a kv history (a Porcupine kv log)");
          }
          result = checker.check(partition ? KvModel.partitioned() : KvModel.unpartitioned(), ops);
          break;
        }
        case "redis": {
          History h = HistoryJson.read(r);
          if (h.events().isEmpty()) {
            return usage(out, file + " has no events: not a redis history (a history-N.jsonl)");
          }
          RedisModel m = new RedisModel();
          var ops = RedisModel.operations(h.calls());
          result = partition ? checker.check(m, ops) : checker.check(new Unsplit<>(m), ops);
          break;
        }
        default:
          return usage(out, "unknown model '" + model + "' (use etcd, kv or redis)");
      }
    } catch (NoSuchFileException e) {
      return usage(out, "no such file: " + file);
    } catch (IOException | IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      return usage(out, file + " is not " + ("etcd".equals(model) ? "an " : "a ") + model + " history: " + (nl < 0 ? m : m.substring(0, nl)));
    }
    out.println(result.verdict());
    out.println(result.explanation());
    out.printf(Locale.ROOT, "time: %.3f s%n", result.elapsed().toNanos() / 1e9);
    switch (result.verdict()) {
      case LINEARIZABLE:
        return 0;
      case VIOLATION:
        return 1;
      default:
        return 3;
    }
  }

  private static int usage(PrintStream out, String reason) {
    out.println("usage: harness linearizable --model etcd|kv|redis [--no-partition]"
        + " [--budget 60s] FILE: " + reason);
    return 2;
  }
}
