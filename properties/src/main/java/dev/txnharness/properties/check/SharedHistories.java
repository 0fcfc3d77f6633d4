package dev.txnharness.properties.check;

import dev.txnharness.properties.model.KvModel;
import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published yardstick histories (Porcupine's test data) and their expected verdicts, read
 * from a folder holding {@code EXPECTED.tsv}, {@code jepsen/} and {@code kv/}.
 *
 * <p>Each {@link Row} knows how to parse its file and which model to check it with: model names
 * are {@code etcd-register}, {@code kv-partitioned} and {@code kv-unpartitioned}.
 */
public final class SharedHistories {
  private SharedHistories() {}

  /** One row of EXPECTED.tsv; {@code linearizable} is null when upstream gives no verdict. */
  public record Row(String file, String model, Boolean linearizable, long porcupineNanos) {}

  /** A parsed history with its model, ready to check. */
  public record Loaded<S, I, O>(Row row, Model<S, I, O> model, List<Operation<I, O>> ops) {
    /** Checks it with {@code checker}. */
    public CheckResult<I, O> check(LinearizabilityChecker checker) {
      return checker.check(model, ops);
    }
  }

  /** The rows of {@code dir/EXPECTED.tsv}. */
  public static List<Row> rows(Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("EXPECTED.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length < 4 || f[0].equals("file")) {
        continue;
      }
      Boolean lin = f[2].equals("true") ? Boolean.TRUE : f[2].equals("false") ? Boolean.FALSE : null;
      long ns = f[3].isBlank() || f[3].equals("-") ? -1 : Long.parseLong(f[3].trim());
      rows.add(new Row(f[0], f[1], lin, ns));
    }
    return rows;
  }

  /** Parses the row's file from {@code dir}. */
  public static Loaded<?, ?, ?> load(Path dir, Row row) throws IOException {
    try (Reader r = Files.newBufferedReader(dir.resolve(row.file()), StandardCharsets.UTF_8)) {
      switch (row.model()) {
        case "etcd-register":
          return new Loaded<>(row, EtcdLogParser.model(), EtcdLogParser.parse(r));
        case "kv-partitioned":
          return new Loaded<>(row, KvModel.partitioned(), KvLogParser.parse(r));
        case "kv-unpartitioned":
          return new Loaded<>(row, KvModel.unpartitioned(), KvLogParser.parse(r));
        default:
          throw new IOException("unknown model '" + row.model() + "' in EXPECTED.tsv");
      }
    }
  }
}
