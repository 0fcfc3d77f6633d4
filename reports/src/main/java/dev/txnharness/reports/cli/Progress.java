package dev.txnharness.reports.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a long run, on stderr: histories checked, ops/s, violations so far, time.
 * On a terminal it redraws one bar in place; otherwise it prints a plain line every few seconds.
 */
final class Progress {
    private final PrintStream err;
    private final boolean tty;
    private final long budgetNanos;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean drawn;
    private int lastHistories = -1;

    Progress(PrintStream err, boolean tty, long budgetNanos) {
        this.err = err;
        this.tty = tty;
        this.budgetNanos = Math.max(1, budgetNanos);
    }

    static boolean isTty() {
        return System.console() != null && System.getenv("CI") == null;
    }

    synchronized void update(String what, int histories, long ops, int violations, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < (tty ? 100_000_000L : 2_000_000_000L)) return;
        if (force && !tty && histories == lastHistories) return;
        lastHistories = histories;
        lastPrint = now;
        double secs = (now - start) / 1e9;
        double frac = Math.min(1, (now - start) / (double) budgetNanos);
        String stats = String.format(Locale.ROOT, "%s: %d histories checked, %,.0f ops/s, %d violation%s, %.0fs/%.0fs",
                what, histories, secs > 0 ? ops / secs : 0, violations, violations == 1 ? "" : "s", secs, budgetNanos / 1e9);
        if (tty) {
            int w = 24, full = (int) Math.round(frac * w);
            err.print("\r\033[K[" + "#".repeat(full) + ".".repeat(w - full) + "] " + stats);
            drawn = true;
        } else {
            err.println("harness: " + stats);
        }
        err.flush();
    }

    synchronized void done() {
        if (tty && drawn) err.println();
    }
}
