package dev.txnharness.reports.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table printed at the end of a run: one row per suite and target. */
final class SummaryTable {
    private SummaryTable() {}

    record Row(String suite, String target, int checked, int passed, int failed, int unknown, long nanos) {}

    static void print(PrintStream out, List<Row> rows) {
        int tw = "target".length();
        for (Row r : rows) tw = Math.max(tw, r.target().length());
        String fmt = "%-10s  %-" + tw + "s  %8s  %7s  %7s  %8s  %8s%n";
        out.println();
        out.printf(Locale.ROOT, fmt, "suite", "target", "checked", "passed", "failed", "unknown", "time");
        out.printf(Locale.ROOT, fmt, "-".repeat(10), "-".repeat(tw), "-".repeat(8), "-".repeat(7), "-".repeat(7), "-".repeat(8), "-".repeat(8));
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.suite(), r.target(), r.checked(), r.passed(), r.failed() == 0 ? "0" : r.failed() + " ✗",
                    r.unknown(), String.format(Locale.ROOT, "%.1f s", r.nanos() / 1e9));
        }
    }
}
