package dev.txnharness.reports.cli;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import dev.txnharness.reports.suite.HistoriesSuite;
import dev.txnharness.reports.suite.HistoriesSuites;
import dev.txnharness.reports.suite.HistoryRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./harness check}: the main job. */
@Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Checks a Redis-compatible server's transactions (MULTI/EXEC/DISCARD/WATCH/UNWATCH) and writes a report folder.",
            "",
            "Suites: @|bold scenarios|@ (deterministic multi-client scripts with the exact replies Redis gives) and "
                + "@|bold histories|@ (seeded concurrent workloads, each history checked for linearizability against "
                + "a model of Redis 7.0; a violation is shrunk to a minimal counterexample with a redis-cli replay script).",
            "With no options it checks the embedded reference engine.", ""},
        footer = {"", "Examples:",
            "  ./harness check                                    the reference engine, all suites, ~10 s",
            "  ./harness check --target redis://127.0.0.1:6379 --time 60s",
            "  ./harness check --target launch --suite scenarios  a redis-server this starts on a free port",
            "", "Exit codes: 0 all passed, 1 violation found, 2 could not run, 3 unknown (checker out of budget)."})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--target", paramLabel = "T", split = ",", defaultValue = "engine",
            description = "What to check: engine (in-process reference engine), resp (the engine over its RESP server), "
                + "redis://host:port (any server), launch (start a redis-server on a free port). "
                + "Comma-separated for several; default: ${DEFAULT-VALUE}.")
    List<String> targets;

    @Option(names = "--suite", paramLabel = "S", split = ",", defaultValue = "all",
            description = "scenarios, histories, anomalies (list-append histories, Elle-style anomaly checker) or all (default: scenarios and histories).")
    List<String> suites;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "4", description = "Clients per history (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "200", description = "Commands per history (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--time", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "Time budget of the histories suite per target, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration time;

    @Option(names = "--histories", paramLabel = "N", defaultValue = "0",
            description = "Stop after N histories (default: only the time budget).")
    int maxHistories;

    @Option(names = "--seed", paramLabel = "S", description = "The seed of every random choice (default: a random one, printed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The report folder (default: harness-out/<timestamp>).")
    Path out;

    @Option(names = "--check-budget", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "The linearizability checker's budget per history (default: ${DEFAULT-VALUE}); when spent the verdict is unknown.")
    Duration checkBudget;

    @Option(names = "--max-violations", paramLabel = "N", defaultValue = "1",
            description = "Stop the histories suite on a target after N violating histories (default: ${DEFAULT-VALUE}; 0: never).")
    int maxViolations;

    @Option(names = "--no-shrink", description = "Report a violating history as recorded, without shrinking it.")
    boolean noShrink;

    @Option(names = "--fault", hidden = true, split = ",", description = "Test only: build the engine with these deliberate bugs.")
    List<Fault> faults = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream stdout = Main.out(spec), err = Main.err(spec);
        Set<String> which = new LinkedHashSet<>();
        for (String s : suites) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> { which.add("scenarios"); which.add("histories"); }
                case "scenarios", "scenario" -> which.add("scenarios");
                case "histories", "history" -> which.add("histories");
                case "anomalies", "anomaly" -> which.add("anomalies");
                default -> throw new ParameterException(spec.commandLine(), "unknown suite '" + s + "' (use scenarios, histories, anomalies or all)");
            }
        }
        if (clients < 1 || ops < 1) throw new ParameterException(spec.commandLine(), "--clients and --ops must be at least 1");
        long runSeed = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        Path dir = out != null ? out : Path.of("harness-out", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String command = rerun(which, runSeed);
        Set<Fault> faultSet = faults.isEmpty() ? Set.of() : EnumSet.copyOf(faults);

        long t0 = System.nanoTime();
        String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<RunSummary.TargetInfo> infos = new ArrayList<>();
        List<RunSummary.ScenarioOutcome> scenarioOutcomes = new ArrayList<>();
        List<RunSummary.HistoryOutcome> historyOutcomes = new ArrayList<>();
        java.util.Map<String, long[]> props = new java.util.LinkedHashMap<>(); // target+property -> histories, violations, unknown, ops, ms
        int[] passingListed = {0};
        List<HistoryRun> kept = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<SummaryTable.Row> rows = new ArrayList<>();
        long[] totalOps = {0};
        err.println("harness: seed " + runSeed + "; report folder " + dir);
        int anomalous = 0;
        for (String spec0 : targets) {
            try (Target t = TargetSpec.open(spec0, faultSet)) {
                String column = t.name();
                infos.add(new RunSummary.TargetInfo(column, t.version()));
                err.println("harness: checking " + column + " (" + t.version() + ")");
                if (which.contains("scenarios")) {
                    long s0 = System.nanoTime();
                    int failed = 0;
                    List<Scenario> all = Scenarios.load(List.of());
                    for (Scenario sc : all) {
                        RunSummary.ScenarioOutcome o = Scenarios.run(sc, t, column, spec0.startsWith("jedis+"));
                        scenarioOutcomes.add(o);
                        if (!o.passed()) failed++;
                    }
                    rows.add(new SummaryTable.Row("scenarios", column, all.size(), all.size() - failed, failed, 0, System.nanoTime() - s0));
                    err.println("harness: scenarios on " + column + ": " + (all.size() - failed) + " passed, " + failed + " failed");
                }
                if (which.contains("histories")) {
                    HistoriesSuite suite = HistoriesSuites.defaultSuite();
                    long h0 = System.nanoTime();
                    Progress progress = new Progress(err, Progress.isTty(), time.toNanos());
                    int[] n = {0, 0, 0}; // checked, violations, unknown
                    HistoriesSuite.Settings settings = new HistoriesSuite.Settings(clients, ops, time, runSeed, maxHistories,
                            !noShrink, checkBudget);
                    try {
                        suite.run(t, settings, new HistoriesSuite.Listener() {
                            @Override
                            public void checked(HistoryRun run) {
                                n[0]++;
                                totalOps[0] += run.recordedOps();
                                if (run.verdict() == Verdict.VIOLATION) n[1]++;
                                if (run.verdict() == Verdict.UNKNOWN) n[2]++;
                                RunSummary.HistoryOutcome o = ReportWriter.outcome(run, column);
                                long[] p = props.computeIfAbsent(column + "\u0000" + run.property(), k -> new long[5]);
                                p[0]++;
                                p[1] += run.verdict() == Verdict.VIOLATION ? 1 : 0;
                                p[2] += run.verdict() == Verdict.UNKNOWN ? 1 : 0;
                                p[3] += run.recordedOps();
                                p[4] += o.checkMillis();
                                if (o.historyFile() != null || passingListed[0]++ < RunSummary.PASSING_LISTED) historyOutcomes.add(o);
                                if (o.historyFile() != null) kept.add(run);
                                progress.update("histories on " + column, n[0], totalOps[0], n[1], false);
                            }

                            @Override
                            public boolean stop() {
                                return maxViolations > 0 && n[1] >= maxViolations;
                            }
                        });
                    } catch (CouldNotRun e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CouldNotRun("the histories suite could not run on " + column + ": " + TargetSpec.oneLine(e), e);
                    }
                    progress.update("histories on " + column, n[0], totalOps[0], n[1], true);
                    progress.done();
                    rows.add(new SummaryTable.Row("histories", column, n[0], n[0] - n[1] - n[2], n[1], n[2], System.nanoTime() - h0));
                    if (notes.isEmpty()) notes.add(suite.describe(t, settings));
                }
                if (which.contains("anomalies")) anomalous += AnomaliesSuite.run(t, column, clients, ops, time, runSeed, maxHistories, dir, stdout, rows);
            }
        }
        int scen = scenarioOutcomes.size();
        int scenFailed = (int) scenarioOutcomes.stream().filter(o -> !o.passed()).count();
        List<RunSummary.PropertyOutcome> properties = new ArrayList<>();
        int histories = 0, viol = 0, unknown = 0;
        for (var e : props.entrySet()) {
            String[] tp = e.getKey().split("\u0000", 2);
            long[] p = e.getValue();
            properties.add(new RunSummary.PropertyOutcome(tp[1], tp[0], (int) p[0], (int) p[1], (int) p[2], p[3], p[4]));
            histories += (int) p[0];
            viol += (int) p[1];
            unknown += (int) p[2];
        }
        String verdict = scenFailed + viol + anomalous > 0 ? RunSummary.VIOLATION : unknown > 0 ? RunSummary.UNKNOWN : RunSummary.PASSED;
        if (!faultSet.isEmpty()) notes.add("test-only engine faults switched on: " + faultSet);
        RunSummary summary = new RunSummary("redis-txn-harness", command, startedAt, (System.nanoTime() - t0) / 1_000_000, infos,
                runSeed, List.copyOf(which), clients, ops, Durations.format(time), verdict,
                new RunSummary.Counts(scen, scenFailed, histories, viol, unknown, totalOps[0]),
                scenarioOutcomes, properties, historyOutcomes, notes);
        try {
            ReportWriter.write(dir, summary, kept, command);
        } catch (java.io.IOException e) {
            throw new CouldNotRun("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
        SummaryTable.print(stdout, rows);
        for (RunSummary.HistoryOutcome o : historyOutcomes) {
            if (o.evidence() == null) continue;
            stdout.println();
            stdout.println("history " + o.index() + " on " + o.target() + " (seed " + o.seed() + "): not linearizable"
                    + (o.minimal() ? ", shrunk to " + o.ops() + " ops" : ""));
            stdout.println(indent(o.explanation()));
            if (o.replayFile() != null) stdout.println("  replay it on any server: HOST=127.0.0.1 PORT=6379 bash " + dir.resolve(o.replayFile()));
        }
        stdout.println();
        stdout.println("verdict: " + verdict + "   seed: " + runSeed);
        stdout.println("report:  " + dir.resolve("index.html"));
        return switch (verdict) {
            case RunSummary.PASSED -> ExitCodes.PASSED;
            case RunSummary.VIOLATION -> ExitCodes.VIOLATION;
            default -> ExitCodes.UNKNOWN;
        };
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    private String rerun(Set<String> which, long runSeed) {
        StringBuilder sb = new StringBuilder("./harness check --target ").append(String.join(",", targets));
        if (which.size() == 1) sb.append(" --suite ").append(which.iterator().next());
        if (which.contains("histories")) {
            sb.append(" --clients ").append(clients).append(" --ops ").append(ops).append(" --time ").append(Durations.format(time));
            if (maxHistories > 0) sb.append(" --histories ").append(maxHistories);
            if (noShrink) sb.append(" --no-shrink");
            if (maxViolations != 1) sb.append(" --max-violations ").append(maxViolations);
        }
        if (!faults.isEmpty()) {
            sb.append(" --fault ");
            for (int i = 0; i < faults.size(); i++) sb.append(i == 0 ? "" : ",").append(faults.get(i));
        }
        return sb.append(" --seed ").append(runSeed).toString();
    }
}
