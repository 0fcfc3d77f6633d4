package dev.txnharness.reports.cli;

import dev.txnharness.properties.anomaly.AnomalyChecker;
import dev.txnharness.properties.anomaly.AnomalyResult;
import dev.txnharness.properties.anomaly.AnomalyText;
import dev.txnharness.properties.anomaly.ListAppend;
import dev.txnharness.properties.anomaly.ListAppendRun;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.AnomalyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./harness check --suite anomalies}: list-append histories on real threads, each checked
 * by the anomaly checker (strict serializability). Runs histories until the time budget is spent
 * (at least one); stops at the first with an anomaly, writing it to the report folder as
 * {@code anomalies-TARGET-N.jsonl} (replay the check with {@code ./harness anomalies FILE}) and
 * {@code anomalies-TARGET-N.html}.
 */
final class AnomaliesSuite {
    private AnomaliesSuite() {}

    /** Runs the suite on one target; adds its row and returns how many histories had an anomaly. */
    static int run(Target t, String column, int clients, int ops, Duration time, long seed, int maxHistories, Path dir,
            PrintStream out, List<SummaryTable.Row> rows) {
        long t0 = System.nanoTime();
        ListAppend.Spec spec = ListAppend.Spec.standard(clients, Math.max(10, ops / clients));
        int checked = 0;
        int found = 0;
        do {
            List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(seed + checked));
            History h = ListAppendRun.threaded(t, spec, plans);
            AnomalyResult r = AnomalyChecker.check(h, AnomalyChecker.Options.strict());
            checked++;
            if (r.outcome() != AnomalyResult.Outcome.VALID) {
                found++;
                String name = "anomalies-" + column.replaceAll("[^A-Za-z0-9_.]+", "-") + "-" + checked;
                try {
                    Files.createDirectories(dir);
                    try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".jsonl"))) {
                        HistoryJson.write(h, w);
                    }
                    AnomalyReport.write(dir.resolve(name + ".html"), "Anomalies on " + column + " (history " + checked + ", seed " + (seed + checked - 1) + ")", r);
                } catch (IOException e) {
                    throw new CouldNotRun("cannot write the anomaly report to " + dir + ": " + e.getMessage(), e);
                }
                out.println();
                out.println("list-append history " + checked + " on " + column + " (seed " + (seed + checked - 1) + "): anomalies");
                out.println("  " + AnomalyText.render(r).strip().replace("\n", "\n  "));
                out.println("  check it again: ./harness anomalies " + dir.resolve(name + ".jsonl") + " --html " + dir.resolve(name + ".html"));
                break;
            }
        } while ((maxHistories <= 0 || checked < maxHistories) && System.nanoTime() - t0 < time.toNanos());
        rows.add(new SummaryTable.Row("anomalies", column, checked, checked - found, found, 0, System.nanoTime() - t0));
        return found;
    }
}
