package dev.txnharness.reports.suite;

import dev.txnharness.properties.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing command sequence by delta debugging: re-runs it on the target with chunks of
 * commands left out (in the recorded order, one at a time) and keeps any shorter sequence in which
 * some reply still differs from what Redis answers for that order; then cuts after the first
 * deviating reply. Ends at a sequence where leaving out any single command makes the deviation
 * vanish, or when the time budget is spent.
 */
final class Shrink {
    private Shrink() {}

    /** The minimal failing run, or null when the sequence does not fail when run one at a time. */
    static Execution.Outcome minimal(Target target, List<Execution.Step> steps, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Execution.Outcome best = Execution.run(target, steps);
        int dev = Execution.firstDeviation(best);
        if (dev < 0) return null;
        best = cut(target, best, dev);
        int n = 2;
        while (best.steps().size() >= 2 && System.nanoTime() < deadline) {
            List<Execution.Step> cur = best.steps();
            int chunk = (cur.size() + n - 1) / n;
            boolean reduced = false;
            for (int from = 0; from < cur.size() && System.nanoTime() < deadline; from += chunk) {
                List<Execution.Step> cand = new ArrayList<>(cur.subList(0, from));
                cand.addAll(cur.subList(Math.min(cur.size(), from + chunk), cur.size()));
                if (cand.isEmpty()) continue;
                Execution.Outcome o = Execution.run(target, cand);
                int d = Execution.firstDeviation(o);
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

    private static Execution.Outcome cut(Target target, Execution.Outcome o, int dev) {
        if (dev == o.steps().size() - 1) return o;
        Execution.Outcome shorter = Execution.run(target, new ArrayList<>(o.steps().subList(0, dev + 1)));
        return Execution.firstDeviation(shorter) >= 0 ? shorter : o;
    }
}
