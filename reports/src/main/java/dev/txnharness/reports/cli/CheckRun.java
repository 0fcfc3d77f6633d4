package dev.txnharness.reports.cli;

import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.Exercised;
import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import dev.txnharness.reports.report.Triage;
import dev.txnharness.reports.suite.HistoryRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The results of one {@code check} run so far, and the one way every run ends: whatever ends it
 * (all suites done, a violation, a spent budget, the target dying mid-run, an error or out of
 * memory in the harness, SIGTERM or Ctrl-C), {@link #finish} writes the report folder with what
 * was checked, prints the summary and returns the exit code ({@link ExitCodes}).
 *
 * <p>Results arrive from the suite's thread while the main thread waits, and the shutdown hook
 * may finish the run from a third: every method is synchronized, and nothing is accepted after
 * the run is finished. The hook also stops the targets this run opened (a launched redis-server).
 *
 * <p>An op whose reply never came is indeterminate, never failed: the history that was in flight
 * when the target died or the run was stopped is named in the report as not checked.
 */
final class CheckRun implements AutoCloseable {
    /** The fixed part of a run: what to put in the summary whatever happens. */
    record Setup(Path dir, String command, long seed, List<String> suites, int clients, int ops, String time,
                 List<String> notes) {}

    /** One row of the summary table, counted as results arrive. */
    private static final class Tally {
        final String suite, target;
        final long start = System.nanoTime();
        long end;
        int checked, failed, unknown;

        Tally(String suite, String target) {
            this.suite = suite;
            this.target = target;
        }
    }

    private final Setup setup;
    private final PrintStream out, err;
    private final long t0 = System.nanoTime();
    private final String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    private final List<RunSummary.TargetInfo> infos = new ArrayList<>();
    private final List<RunSummary.ScenarioOutcome> scenarios = new ArrayList<>();
    private final List<RunSummary.HistoryOutcome> histories = new ArrayList<>();
    private final Map<String, long[]> props = new LinkedHashMap<>(); // target+property -> histories, violations, unknown, ops, ms
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final List<HistoryRun> kept = new ArrayList<>();
    private final List<String> notes;
    private final List<SummaryTable.Row> otherRows = new ArrayList<>(); // suites CheckRun does not tally itself
    private int anomalous; // list-append histories with an anomaly
    private final List<Target> open = new ArrayList<>();
    private final Exercised exercised = new Exercised();
    private final List<String> stopped = new ArrayList<>(); // suites stopped before their budget
    private int closing; // targets being closed by close(Target) right now
    private final Thread hook;
    private int passingListed;
    private boolean described;
    private int extraUnknown; // histories with no verdict that are not in props (stopped at the budget)
    private int repeatedHistories; // distributed histories counted again by their second and later property rows
    private long totalOps;
    private Target current;
    private String inFlight;
    private Integer exit; // set once finished

    CheckRun(Setup setup, PrintStream out, PrintStream err) {
        this.setup = setup;
        this.out = out;
        this.err = err;
        this.notes = new ArrayList<>(setup.notes());
        this.hook = new Thread(this::stoppedBySignal, "harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Opens a target and keeps it, so a signal can stop it (a launched redis-server must not outlive us). */
    synchronized Target open(String spec, Supplier<Target> opener) {
        if (exit != null) throw new CouldNotRun("the run is over");
        Target t = opener.get();
        open.add(t);
        current = t;
        infos.add(new RunSummary.TargetInfo(t.name(), t.version()));
        return t;
    }

    /** Closes a target this run opened. */
    void close(Target t) {
        synchronized (this) {
            if (!open.remove(t)) return;
            if (current == t) current = null;
            closing++;
        }
        try {
            t.close();
        } finally {
            synchronized (this) {
                closing--;
                notifyAll();
            }
        }
    }

    /** Names what is running now, for the report if the run ends before it does. */
    synchronized void inFlight(String what) {
        inFlight = what;
    }

    /** True once the run is finished: the suites stop at the next chance. */
    synchronized boolean finished() {
        return exit != null;
    }

    /** A scenario's outcome. */
    synchronized void scenario(RunSummary.ScenarioOutcome o) {
        if (exit != null) return;
        scenarios.add(o);
        Tally t = tally("scenarios", o.target());
        t.checked++;
        if (o.failed()) t.failed++;
        else if (!o.passed()) t.unknown++; // could not run or indeterminate: not a failure
        t.end = System.nanoTime();
    }

    /** What the run sent and got answered so far: the coverage counts. */
    Exercised exercised() {
        return exercised;
    }

    /** A recorded history, counted for coverage (not once the run is finished). */
    synchronized void recorded(dev.txnharness.properties.history.History h) {
        if (exit == null) exercised.history(h);
    }

    /** A suite stopped before its budget was spent; {@code line} says why and what was not run. */
    synchronized void stoppedEarly(String line) {
        stopped.add(line);
    }

    /** The report folder. */
    Path dir() {
        return setup.dir();
    }

    /** Where the run's results are printed. */
    PrintStream out() {
        return out;
    }

    /**
     * The anomaly suite's result on one target: its summary row, and how many histories had an
     * anomaly (a contradiction of Redis's promise, so exit 1 like a violation).
     */
    synchronized void anomalies(SummaryTable.Row row, int found) {
        if (exit != null) return;
        otherRows.add(row);
        anomalous += found;
        notes.add("anomalies on " + row.target() + ": " + row.checked() + " list-append histories checked, " + found
                + " with an anomaly" + (found > 0 ? " (anomalies-*.jsonl and .html in this folder)" : ""));
    }

    /**
     * The distributed suite's histories on one target: a summary row, one property row per promise
     * (violations counted per history; exit 1 if any), and notes that state the configuration, the
     * fault schedule and, apart, the acknowledged EXECs lost without WAIT (Redis's documented
     * weakness: stated, not a violation).
     */
    synchronized void distributed(String column, String config, List<dev.txnharness.properties.distributed.DistributedHistory.Result> results,
            boolean hasSlots, boolean waited, long nanos) {
        if (exit != null) return;
        Map<String, DistributedSuite.Totals> by = DistributedSuite.totals(results);
        DistributedSuite.Totals all = new DistributedSuite.Totals();
        results.forEach(all::add);
        int[] partial = new int[1], other = new int[1], waitLost = new int[1], waitUnknown = new int[1], probe = new int[1];
        long ms = 0;
        for (var r : results) {
            var o = r.check();
            if (o.partial() > 0) partial[0]++;
            if (o.duplicates() + o.phantoms() + o.failedApplied() > 0) other[0]++;
            if (o.lostWaitAll() > 0) waitLost[0]++;
            else if (o.unknown()) waitUnknown[0]++; // the nemesis wiped a primary: no verdict on WAIT for this history
            if (DistributedSuite.probeViolated(r)) probe[0]++;
            ms += r.millis();
        }
        int n = results.size();
        distributedProperty(column, "distributed: EXEC all or nothing (no partial transaction)", n, partial[0], 0, all.txns, ms);
        distributedProperty(column, "distributed: no duplicate, phantom or failed-but-applied write", n, other[0], 0, all.txns, ms);
        if (waited) distributedProperty(column, "distributed: an EXEC that WAIT said every replica had is never lost", n, waitLost[0], waitUnknown[0], all.txns, ms);
        if (hasSlots) distributedProperty(column, "distributed: a cross-slot MULTI is refused (CROSSSLOT, EXECABORT)", n, probe[0], 0, n, 0);
        repeatedHistories += n * (1 + (waited ? 1 : 0) + (hasSlots ? 1 : 0)); // one history, several property rows: count it once
        totalOps += all.txns;
        Tally t = tally("distributed", column);
        t.checked += n;
        t.failed += all.historiesViolated;
        t.unknown += all.historiesUnknown;
        t.end = t.start + nanos;
        notes.add("distributed on " + column + ": " + config);
        for (var e : by.entrySet()) notes.add("distributed on " + column + ", " + e.getValue().line(e.getKey()));
        notes.add("distributed on " + column + ": " + (all.lostAcked + all.lostWaitSome) + " acknowledged EXEC(s) lost (" + all.lostWaitSome
                + " of them after WAIT counted some but not all replicas): Redis's documented weakness (asynchronous replication; a failover "
                + "may lose acknowledged writes, and WAIT only makes it likelier that the promoted replica has them), reported, not a violation"
                + (waited ? "; " + all.lostWaitAll + " EXEC(s) lost that WAIT said every replica had (a violation)" : "; run with --wait to check WAIT"));
        if (all.restartedEmpty > 0) {
            notes.add("distributed on " + column + ": in " + all.restartedEmpty + " histor" + (all.restartedEmpty == 1 ? "y" : "ies")
                    + " no failover happened within 20 s of killing a primary and the nemesis restarted it anyway: it came back empty as the primary "
                    + "and its replicas resynced from it, so the harness erased that shard's writes; " + all.lostWaitAllUnknown
                    + " EXEC(s) lost there that WAIT said every replica had are unknown: the nemesis restarted a primary empty before any failover"
                    + " (no verdict, exit 3 unless another history has a violation)");
        }
        for (var r : results) {
            notes.add("distributed on " + column + ", " + DistributedSuite.schedule(r));
            for (String ev : r.check().evidence()) notes.add("distributed on " + column + ", history " + r.index() + ": " + ev);
            if (r.crossSlotProbe() != null) notes.add("distributed on " + column + ", history " + r.index() + ": cross-slot probe: " + r.crossSlotProbe());
        }
    }

    private void distributedProperty(String column, String property, int histories, int violations, int unknown, long ops, long ms) {
        long[] p = props.computeIfAbsent(column + "\u0000" + property, k -> new long[5]);
        p[0] += histories;
        p[1] += violations;
        p[2] += unknown;
        p[3] += ops;
        p[4] += ms;
    }

    /** Starts the histories row of a target (so an empty suite still shows). */
    synchronized void historiesStarted(String column, String description) {
        tally("histories", column);
        if (!described) notes.add(description); // the first target's words stand for all
        described = true;
    }

    /** A checked history; false when the run is already finished (the history is not counted). */
    synchronized boolean history(String column, HistoryRun run) {
        if (exit != null) return false;
        Tally tl = tally("histories", column);
        tl.checked++;
        tl.end = System.nanoTime();
        totalOps += run.recordedOps();
        if (run.verdict() == Verdict.VIOLATION) tl.failed++;
        if (run.verdict() == Verdict.UNKNOWN) tl.unknown++;
        RunSummary.HistoryOutcome o = ReportWriter.outcome(run, column);
        long[] p = props.computeIfAbsent(column + "\u0000" + run.property(), k -> new long[5]);
        p[0]++;
        p[1] += run.verdict() == Verdict.VIOLATION ? 1 : 0;
        p[2] += run.verdict() == Verdict.UNKNOWN ? 1 : 0;
        p[3] += run.recordedOps();
        p[4] += o.checkMillis();
        if (o.historyFile() != null || passingListed++ < RunSummary.PASSING_LISTED) histories.add(o);
        if (o.historyFile() != null) kept.add(run);
        inFlight = "history " + (run.index() + 1) + " on " + column;
        return true;
    }

    /** Histories checked on a target and ops recorded in all, for the progress line. */
    synchronized int[] counts(String column) {
        Tally t = tallies.get("histories\u0000" + column);
        return t == null ? new int[] {0, 0} : new int[] {t.checked, t.failed};
    }

    synchronized long totalOps() {
        return totalOps;
    }

    /**
     * The histories suite on a target was stopped at its time budget with a history in flight. With
     * nothing checked on that target there is no verdict for it: one unknown, so never a silent pass.
     */
    synchronized void outOfTime(String column, String note) {
        notes.add(note);
        Tally t = tally("histories", column);
        if (t.checked == 0) {
            t.checked++;
            t.unknown++;
            extraUnknown++;
        }
    }

    private Tally tally(String suite, String target) {
        return tallies.computeIfAbsent(suite + "\u0000" + target, k -> new Tally(suite, target));
    }

    /** The run went through: writes the report and returns 0, 1 or 3. */
    int completed() {
        return finish(null, ExitCodes.PASSED);
    }

    /**
     * The run was ended by a throwable: writes the report with what was checked, prints one line,
     * and returns 2 or 3 (1 only if a violation was already found, which is the target's own doing).
     * The target stopped answering (it died, or the network went) is told apart from a failure of
     * ours by asking it for a PING.
     */
    int failed(Throwable e) {
        Target t;
        String what;
        boolean partial;
        synchronized (this) {
            if (exit != null) return exit;
            t = current;
            what = inFlight;
            partial = !scenarios.isEmpty() || !histories.isEmpty();
        }
        String during = what == null ? "" : " during " + what;
        String ending;
        int code;
        if (ExitCodes.isOutOfMemory(e)) {
            ending = "unknown" + during + ": " + ExitCodes.describe(e);
            code = ExitCodes.UNKNOWN;
        } else if (t != null && !answers(t)) {
            ending = "could not run: " + t.name() + " stopped answering" + during + " (" + TargetSpec.oneLine(e)
                    + "); the ops in flight got no reply and are indeterminate, that history is not checked";
            code = ExitCodes.COULD_NOT_RUN;
        } else if (e instanceof CouldNotRun) {
            ending = "could not run: " + e.getMessage();
            code = ExitCodes.COULD_NOT_RUN;
        } else {
            code = ExitCodes.of(e, partial);
            ending = (code == ExitCodes.UNKNOWN ? "unknown: " : "could not run: ") + "the harness failed" + during + ": "
                    + ExitCodes.describe(e);
            if (System.getenv("HARNESS_DEBUG") != null) e.printStackTrace(err);
        }
        return finish(ending, code);
    }

    /** The shutdown hook: SIGTERM or Ctrl-C while running. */
    private void stoppedBySignal() {
        String what;
        synchronized (this) {
            what = inFlight;
        }
        finish("interrupted: stopped by a signal (SIGTERM or Ctrl-C)" + (what == null ? "" : " during " + what
                + "; its ops in flight are indeterminate and it is not checked"), ExitCodes.UNKNOWN);
        stopTargets();
    }

    private static boolean answers(Target t) {
        try (Connection c = t.connect()) {
            c.call("PING");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Writes the report once. {@code ending} is null for a run that went through; else it says
     * what ended the run and {@code code} is the exit code for that (unless a violation was found,
     * which is exit 1 whatever ended the run).
     */
    private synchronized int finish(String ending, int code) {
        // a message quoting a target (an exception's, a deployment's) never carries its password
        if (ending != null) ending = dev.txnharness.properties.target.RedisUri.redact(ending);
        if (exit != null) return exit;
        int scenFailed = (int) scenarios.stream().filter(RunSummary.ScenarioOutcome::failed).count();
        int scenNotRun = (int) scenarios.stream().filter(o -> o.outcome().equals(RunSummary.COULD_NOT_RUN)).count();
        int scenIndeterminate = (int) scenarios.stream()
                .filter(o -> o.outcome().equals(RunSummary.ScenarioOutcome.INDETERMINATE)).count();
        List<RunSummary.PropertyOutcome> properties = new ArrayList<>();
        int hist = extraUnknown, viol = 0, unknown = extraUnknown;
        for (var e : props.entrySet()) {
            String[] tp = e.getKey().split("\u0000", 2);
            long[] p = e.getValue();
            properties.add(new RunSummary.PropertyOutcome(tp[1], tp[0], (int) p[0], (int) p[1], (int) p[2], p[3], p[4]));
            hist += (int) p[0];
            viol += (int) p[1];
            unknown += (int) p[2];
        }
        hist -= repeatedHistories;
        String verdict;
        if (scenFailed + viol + anomalous > 0) {
            verdict = RunSummary.VIOLATION;
            exit = ExitCodes.VIOLATION;
        } else if (ending != null) {
            verdict = ending.startsWith("interrupted") ? RunSummary.INTERRUPTED
                    : code == ExitCodes.COULD_NOT_RUN ? RunSummary.COULD_NOT_RUN : RunSummary.UNKNOWN;
            exit = code;
        } else if (scenNotRun + scenIndeterminate > 0) {
            // no contradiction, but some scenarios could not say: exit 2, never a silent pass
            verdict = RunSummary.COULD_NOT_RUN;
            exit = ExitCodes.COULD_NOT_RUN;
        } else {
            verdict = unknown > 0 ? RunSummary.UNKNOWN : RunSummary.PASSED;
            exit = unknown > 0 ? ExitCodes.UNKNOWN : ExitCodes.PASSED;
        }
        List<SummaryTable.Row> rows = new ArrayList<>();
        for (Tally t : tallies.values()) {
            rows.add(new SummaryTable.Row(t.suite, t.target, t.checked, t.checked - t.failed - t.unknown, t.failed, t.unknown,
                    (t.end == 0 ? System.nanoTime() : t.end) - t.start));
        }
        rows.addAll(otherRows);
        RunSummary summary = new RunSummary(RunSummary.SCHEMA_VERSION, "redis-txn-harness", setup.command(), startedAt,
                (System.nanoTime() - t0) / 1_000_000, List.copyOf(infos), setup.seed(), setup.suites(), setup.clients(),
                setup.ops(), setup.time(), verdict, ending,
                new RunSummary.Counts(scenarios.size(), scenFailed, hist, viol, unknown, totalOps, scenNotRun, scenIndeterminate),
                List.copyOf(scenarios), properties, List.copyOf(histories), List.copyOf(notes), Triage.groups(scenarios),
                exercised.summary(), List.copyOf(stopped));
        Path dir = setup.dir();
        try {
            ReportWriter.write(dir, summary, kept, setup.command());
        } catch (IOException | RuntimeException e) {
            err.println("harness: could not run: cannot write the report to " + dir + ": " + TargetSpec.oneLine(e));
            exit = exit == ExitCodes.VIOLATION ? exit : ExitCodes.COULD_NOT_RUN;
            return exit;
        }
        SummaryTable.print(out, rows);
        Triage.print(out, summary.groups());
        if (!stopped.isEmpty()) out.println();
        for (String line : stopped) out.println(line);
        out.println();
        Exercised.print(out, summary.coverage());
        for (RunSummary.HistoryOutcome o : histories) {
            if (o.evidence() == null) continue;
            out.println();
            out.println("history " + o.index() + " on " + o.target() + " (seed " + o.seed() + "): not linearizable"
                    + (o.minimal() ? ", shrunk to " + o.ops() + " ops" : "")
                    + (o.reproduced() != null ? "; found on real threads, reproduced " + o.reproduced() + " when replayed in order" : ""));
            out.println("  " + o.explanation().replace("\n", "\n  "));
            if (o.replayFile() != null) out.println("  replay it on an empty server: REDIS_HOST=… REDIS_PORT=… bash " + dir.resolve(o.replayFile()));
        }
        out.println();
        out.println("verdict: " + verdict + "   seed: " + setup.seed());
        out.println("report:  " + dir.resolve("index.html"));
        out.flush();
        // the one line that says why, last on stderr, as for a run that could not start
        if (ending != null) err.println("harness: " + ending);
        err.flush();
        return exit;
    }

    private void stopTargets() {
        List<Target> ts;
        synchronized (this) {
            ts = new ArrayList<>(open);
            open.clear();
        }
        StopOnSignal.stopAll(ts);
        // a target another thread is closing (the suite ended as the signal came) must be closed
        // before the JVM exits, or its processes outlive us: wait for it, with a deadline
        synchronized (this) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (closing > 0 && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops what is still open and drops the shutdown hook (the run ended in this thread). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running and stops the targets itself
        }
        stopTargets();
    }
}
