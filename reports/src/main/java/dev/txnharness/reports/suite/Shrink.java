package dev.txnharness.reports.suite;

import dev.txnharness.properties.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing command sequence by delta debugging: re-runs it on the target with chunks of
 * commands left out (in the recorded order, one at a time, with {@link OrderedRun}) and keeps any
 * shorter sequence in which some reply still differs from what Redis answers for that order; then
 * cuts after the first deviating reply. Ends at a sequence where leaving out any single command
 * makes the deviation vanish, or when its budget is spent: a number of re-runs, and on a target
 * other than the in-process engine also a time budget. On the engine the budget is re-runs only,
 * so the same failing sequence always shrinks to the same minimal one (a wall-clock budget would
 * stop at a different point on a busier machine).
 *
 * <p>Works on any target and for histories of either mode, including real-threads ones, whose
 * schedule cannot be drawn again: all it needs is the order the commands were sent in. (A bug
 * that shows only under real concurrency does not deviate when run one at a time; then there is
 * nothing to shrink and the recorded history is reported.)
 */
final class Shrink {
    private Shrink() {}

    /** Re-runs a shrink may make: on the engine, about a second for a 200-op history. */
    static final int MAX_RUNS = 400;

    /**
     * The minimal failing run, or null when the sequence does not fail when run one at a time.
     * {@code budget} null: no time budget (only {@link #MAX_RUNS}), for a deterministic result.
     */
    static OrderedRun.Outcome minimal(Target target, List<OrderedRun.Cmd> cmds, Duration budget) {
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
        int[] runs = {0};
        java.util.function.BooleanSupplier more = () -> runs[0]++ < MAX_RUNS && System.nanoTime() < deadline;
        OrderedRun.Outcome best = OrderedRun.run(target, cmds);
        int dev = OrderedRun.firstDeviation(best);
        if (dev < 0) return null;
        best = cut(target, best, dev);
        int n = 2;
        while (best.plan().size() >= 2 && more.getAsBoolean()) {
            List<OrderedRun.Cmd> cur = best.plan();
            int chunk = (cur.size() + n - 1) / n;
            boolean reduced = false;
            for (int from = 0; from < cur.size() && more.getAsBoolean(); from += chunk) {
                List<OrderedRun.Cmd> cand = new ArrayList<>(cur.subList(0, from));
                cand.addAll(cur.subList(Math.min(cur.size(), from + chunk), cur.size()));
                if (cand.isEmpty()) continue;
                OrderedRun.Outcome o = OrderedRun.run(target, cand);
                int d = OrderedRun.firstDeviation(o);
                if (d >= 0) {
                    best = cut(target, o, d);
                    n = Math.max(2, n - 1);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) break;
                n = Math.min(cur.size(), n * 2);
            }
        }
        return best;
    }

    /** Drops the commands after the first deviating reply, when it still deviates without them. */
    private static OrderedRun.Outcome cut(Target target, OrderedRun.Outcome o, int dev) {
        List<OrderedRun.Cmd> plan = o.plan();
        if (dev >= plan.size() - 1) return o; // the last command, or an observer's final read
        OrderedRun.Outcome shorter = OrderedRun.run(target, new ArrayList<>(plan.subList(0, dev + 1)));
        return OrderedRun.firstDeviation(shorter) >= 0 ? shorter : o;
    }
}
