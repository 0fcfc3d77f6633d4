package dev.txnharness.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.txnharness.properties.distributed.Deployment;
import dev.txnharness.properties.distributed.DistributedCheck;
import dev.txnharness.properties.distributed.DistributedHistory;
import dev.txnharness.properties.distributed.Fault;
import dev.txnharness.properties.distributed.FaultEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./harness check --target launch:replicated|launch:cluster|redis-sentinel://…|redis-cluster://…}:
 * histories of the paired-write workload ({@link DistributedHistory}), one fault each, the faults
 * taken in turn from {@code --nemesis}; each history is checked on its final read
 * ({@link DistributedCheck}) and written as {@code distributed-TARGET-N.json} (transactions, fault
 * events with their times, final read, counts).
 */
final class DistributedSuite {
    /** How long a history with a fault runs: long enough for a failover (Sentinel down-after 1 s, cluster-node-timeout 2 s). */
    static final Duration FAULT_HISTORY = Duration.ofSeconds(10);
    /** How long a history without a fault runs at most. */
    static final Duration QUIET_HISTORY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a run of the suite is given. {@code runId}: the start of every hash tag, from the seed
     * and a random nonce ({@link #runId}), so that a rerun with the same seed never meets the keys
     * an interrupted run left behind.
     */
    record Settings(int clients, Duration time, int maxHistories, long seed, List<Fault> faults, int waitReplicas, String runId) {}

    /** The seed in base 36, then "n" and a random nonce: the values repeat with the seed, the keys never do. */
    static String runId(long seed) {
        return Long.toString(seed % 1_000_000_007L, 36) + "n" + Long.toString(new java.security.SecureRandom().nextInt(Integer.MAX_VALUE), 36);
    }

    /** Totals of one fault kind ("none" for none). */
    static final class Totals {
        int histories, txns, ok, failed, indeterminate, waitAcked, lostAcked, lostWaitSome, lostWaitAll, partial, duplicates, phantoms,
                failedApplied, indeterminateApplied, askRetried, movedRetried, tryAgainRetried, probesViolated, historiesViolated, lostWaitAllUnknown,
                historiesUnknown, restartedEmpty;
        long millis;

        void add(DistributedHistory.Result r) {
            DistributedCheck.Outcome o = r.check();
            histories++;
            txns += o.txns();
            ok += o.ok();
            failed += o.failed();
            indeterminate += o.indeterminate();
            waitAcked += o.waitAcked();
            lostAcked += o.lostAcked();
            lostWaitSome += o.lostWaitSome();
            lostWaitAll += o.lostWaitAll();
            partial += o.partial();
            duplicates += o.duplicates();
            phantoms += o.phantoms();
            failedApplied += o.failedApplied();
            indeterminateApplied += o.indeterminateApplied();
            askRetried += o.askRetried();
            movedRetried += o.movedRetried();
            tryAgainRetried += o.tryAgainRetried();
            if (probeViolated(r)) probesViolated++;
            boolean violated = o.violations() > 0 || probeViolated(r);
            if (violated) historiesViolated++;
            else if (o.unknown()) historiesUnknown++;
            lostWaitAllUnknown += o.lostWaitAllUnknown();
            if (r.primaryRestartedEmpty()) restartedEmpty++;
            millis += r.millis();
        }

        String line(String kind) {
            return String.format(Locale.ROOT, "%s: %d histories, %d transactions (%d acknowledged, %d failed, %d indeterminate of which %d applied), "
                    + "%d acknowledged EXECs lost (%d after WAIT from some replicas, %d after WAIT from every replica), %d partial, %d duplicate, %d phantom, %d failed-but-applied, %.1f s",
                    kind, histories, txns, ok, failed, indeterminate, indeterminateApplied, lostAcked + lostWaitSome + lostWaitAll, lostWaitSome, lostWaitAll, partial,
                    duplicates, phantoms, failedApplied, millis / 1000.0)
                    + (askRetried + movedRetried + tryAgainRetried == 0 ? "" : String.format(Locale.ROOT,
                    "; refused as a whole and sent again (nothing of them had run): %d after -ASK (to the importing node, ASKING before MULTI), "
                    + "%d after -MOVED, %d after -TRYAGAIN", askRetried, movedRetried, tryAgainRetried))
                    + (restartedEmpty == 0 ? "" : String.format(Locale.ROOT, "; %d histories where the nemesis restarted a primary empty before any failover "
                    + "(%d EXECs lost that WAIT said every replica had: unknown, not violations)", restartedEmpty, lostWaitAllUnknown));
        }
    }

    private DistributedSuite() {}

    static boolean probeViolated(DistributedHistory.Result r) {
        return r.crossSlotProbe() != null && !r.crossSlotProbe().startsWith(DistributedHistory.INCONCLUSIVE);
    }

    /**
     * Runs histories until the time budget or {@code maxHistories}, adding each to {@code results}
     * as it completes (at least one, unless the run ends), so that a caller still has the earlier
     * histories when a later one throws.
     */
    static void run(CheckRun run, Deployment d, String column, Settings s, PrintStream err, List<DistributedHistory.Result> results) {
        long t0 = System.nanoTime();
        DistributedHistory.Settings hs = new DistributedHistory.Settings(s.clients(), s.faults().isEmpty()
                ? (s.time().compareTo(QUIET_HISTORY) < 0 ? s.time() : QUIET_HISTORY) : FAULT_HISTORY, s.waitReplicas(), s.runId());
        for (int i = 0; ; i++) {
            if (run.finished()) break;
            Fault f = s.faults().isEmpty() ? null : s.faults().get(i % s.faults().size());
            run.inFlight("distributed history " + (i + 1) + " (" + (f == null ? "no fault" : f.word()) + ") on " + column);
            DistributedHistory.Result r = DistributedHistory.run(d, hs, i + 1, s.seed() + i, f);
            results.add(r);
            write(run.dir(), column, r);
            DistributedCheck.Outcome o = r.check();
            err.println(String.format(Locale.ROOT, "harness: distributed history %d (%s) on %s: %d transactions, %d acknowledged, "
                    + "%d indeterminate, %d lost, %d violations%s", r.index(), f == null ? "no fault" : f.word(), column, o.txns(), o.ok(),
                    o.indeterminate(), o.lostAcked() + o.lostWaitSome() + o.lostWaitAll(), o.violations() + (probeViolated(r) ? 1 : 0),
                    o.evidence().isEmpty() ? "" : ": " + o.evidence().get(0)));
            boolean spent = System.nanoTime() - t0 >= s.time().toNanos();
            if (s.maxHistories() > 0 ? results.size() >= s.maxHistories() : spent) break;
        }
    }

    /** The totals per fault kind, in the order the kinds ran. */
    static Map<String, Totals> totals(List<DistributedHistory.Result> results) {
        Map<String, Totals> by = new LinkedHashMap<>();
        for (DistributedHistory.Result r : results) {
            by.computeIfAbsent(r.fault() == null ? "no fault" : r.fault().word(), k -> new Totals()).add(r);
        }
        return by;
    }

    /** One line per history: its fault events with their times. */
    static String schedule(DistributedHistory.Result r) {
        StringBuilder sb = new StringBuilder("history " + r.index() + " (seed " + r.seed() + ", "
                + (r.fault() == null ? "no fault" : r.fault().word()) + "):");
        for (FaultEvent e : r.events()) sb.append(" [").append(e.atMillis()).append(" ms ").append(e.kind()).append("] ").append(e.what()).append(';');
        return sb.toString();
    }

    private static void write(Path dir, String column, DistributedHistory.Result r) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("distributed-" + column.replaceAll("[^A-Za-z0-9_.]+", "-") + "-" + r.index() + ".json").toFile(), r);
        } catch (IOException e) {
            throw new CouldNotRun("cannot write the distributed history to " + dir + ": " + e.getMessage(), e);
        }
    }
}
