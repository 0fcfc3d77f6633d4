package dev.txnharness.reports.cli;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.scenario.ClusterRedirectException;
import dev.txnharness.properties.distributed.Deployment;
import dev.txnharness.properties.distributed.DistributedTargets;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.target.RedisUri;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.RunSummary;
import dev.txnharness.reports.suite.HistoriesSuite;
import dev.txnharness.reports.suite.HistoriesSuites;
import dev.txnharness.reports.suite.HistoryRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "  ./harness check --target launch:cluster --time 60s  a 3-primary Redis Cluster with faults (kill, pause, failover, partition)",
            "  ./harness check --target launch:replicated --wait  a primary, 2 replicas, 3 Sentinels; WAIT 1 0 after each EXEC",
            "", ExitCodes.TEXT})
final class CheckCommand implements Callable<Integer> {
    /** One thread and one connection per client: more is a typo, not a test. */
    static final int MAX_CLIENTS = 1024;
    /** Commands per history: a history this long takes minutes to check and about a GB of heap. */
    static final int MAX_OPS = 1_000_000;
    /**
     * Heap per op of a history, recorded and checked, for the memory check before the run (measured
     * with 4 clients: 100,000 ops ran in 17 s in a 256 MB heap, ran out of a 64 MB one, and 90,000
     * spent 110 s collecting garbage in 160 MB).
     */
    static final long BYTES_PER_OP = 2048;

    @Spec CommandSpec spec;

    @Option(names = "--target", paramLabel = "T", split = ",", defaultValue = "engine",
            description = "What to check: engine (in-process reference engine), resp (the engine over its RESP server), "
                + "redis://[user:password@]host:port[/db] or rediss://… (any server; TLS), launch (start a redis-server on a free port), "
                + "launch:replicated[?replicas=2&sentinels=3], launch:cluster[?masters=3&replicas=1], redis-sentinel://host:port[,…]/master, "
                + "redis-cluster://host:port[,…] (distributed: docs/DISTRIBUTED.md). "
                + "Comma-separated for several; default: ${DEFAULT-VALUE}.")
    List<String> targets;

    @Option(names = "--suite", paramLabel = "S", split = ",", defaultValue = "all",
            description = "scenarios, histories, anomalies (list-append histories, Elle-style anomaly checker) or all (default: scenarios and histories); "
                + "distributed targets run the distributed suite (docs/DISTRIBUTED.md) whatever this says.")
    List<String> suites;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "4", description = "Clients per history, 1 to 1024 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "200", description = "Commands per history, 1 to 1,000,000 (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--time", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "Time budget of the histories suite per target, 100ms to 7d, e.g. 30s, 2m; a history still running 2 s "
                + "past it is not counted (default: ${DEFAULT-VALUE}).")
    Duration time;

    @Option(names = "--histories", paramLabel = "N", defaultValue = "0",
            description = "Stop after N histories (default: only the time budget).")
    int maxHistories;

    @Option(names = "--seed", paramLabel = "S", description = "The seed of every random choice (default: a random one, printed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The report folder (default: harness-out/<timestamp>).")
    Path out;

    @Option(names = "--check-budget", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "The linearizability checker's budget per history, 100ms to 1d (default: ${DEFAULT-VALUE}); when spent the verdict is unknown.")
    Duration checkBudget;

    @Option(names = "--max-violations", paramLabel = "N", defaultValue = "1",
            description = "Stop the histories suite on a target after N violating histories (default: ${DEFAULT-VALUE}; 0: never).")
    int maxViolations;

    @Option(names = "--no-shrink", description = "Report a violating history as recorded, without shrinking it.")
    boolean noShrink;

    @Option(names = "--schedule", paramLabel = "S", defaultValue = "mixed", converter = ScheduleConverter.class,
            description = "How the engine (in-process or behind RESP) runs the histories: mixed (odd ones on a deterministic schedule "
                + "drawn from the seed, even ones on real threads, which find races), deterministic (every one: the same --seed gives "
                + "the same histories and counterexamples), threads (every one). Other targets always run on real threads. "
                + "Default: ${DEFAULT-VALUE}.")
    HistoriesSuite.Schedule schedule;

    /** --schedule's words, in lower case. */
    static final class ScheduleConverter implements picocli.CommandLine.ITypeConverter<HistoriesSuite.Schedule> {
        @Override
        public HistoriesSuite.Schedule convert(String value) {
            try {
                return HistoriesSuite.Schedule.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("use mixed, deterministic or threads, not '" + value + "'");
            }
        }
    }

    @Option(names = "--nemesis", paramLabel = "F", split = ",",
            description = "Distributed targets only: the faults, taken in turn, one per history: kill (SIGKILL a primary, restart it), "
                + "pause (SIGSTOP/SIGCONT), failover (SENTINEL FAILOVER / CLUSTER FAILOVER), partition (cut the clients off a primary at "
                + "the loopback proxy they connect through), migrate (move the slots of some of the workload's hash tags to another primary "
                + "with CLUSTER SETSLOT and MIGRATE; launch:cluster only), or none "
                + "(default: kill,pause,failover,partition on launch:replicated, the same and migrate on launch:cluster, none on an existing "
                + "deployment: a failover of someone's deployment only with --nemesis failover). "
                + "Without --time or --histories, one history per fault.")
    List<String> nemesis;

    @Option(names = "--wait", paramLabel = "N", arity = "0..1", fallbackValue = "1",
            description = "Distributed targets only: follow each acknowledged EXEC with WAIT N 0 (--wait alone: WAIT 1 0). An EXEC that WAIT "
                + "said every replica of its shard had and that is lost is a violation; one fewer replicas acknowledged is Redis's documented weakness.")
    Integer waitReplicas;

    @Mixin TargetOptions targetOptions = new TargetOptions();

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
                case "distributed" -> which.add("distributed");
                default -> throw new ParameterException(spec.commandLine(), "unknown suite '" + s + "' (use scenarios, histories, anomalies, distributed or all)");
            }
        }
        boolean distributed = targets.stream().allMatch(DistributedTargets::is);
        if (which.contains("distributed") && !distributed) {
            throw new ParameterException(spec.commandLine(), "--suite distributed runs only on launch:replicated, launch:cluster, "
                    + "redis-sentinel:// and redis-cluster:// targets");
        }
        if (distributed) {
            which.clear();
            which.add("distributed"); // the other suites need one server; a distributed target runs this one
        }
        validate(which);
        long runSeed = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        Path dir = out != null ? ReportFolder.prepare(out) : ReportFolder.fresh(Path.of("harness-out"), "");
        Set<Fault> faultSet = faults.isEmpty() ? Set.of() : EnumSet.copyOf(faults);
        List<String> notes = faultSet.isEmpty() ? List.of() : List.of("test-only engine faults switched on: " + faultSet);
        CheckRun.Setup setup = new CheckRun.Setup(dir, rerun(which, runSeed), runSeed, List.copyOf(which), clients, ops,
                Durations.format(time), notes);
        err.println("harness: seed " + runSeed + "; report folder " + dir);
        try (CheckRun run = new CheckRun(setup, stdout, err)) {
            try {
                for (String spec0 : targets) checkTarget(run, spec0, faultSet, which, runSeed, err);
            } catch (Throwable e) {
                return run.failed(e);
            }
            return run.completed();
        }
    }

    /** The allowed ranges: refused before anything runs, so a typo never becomes a long or endless run. */
    private void validate(Set<String> which) {
        Ranges.check(spec, "--clients", clients, 1, MAX_CLIENTS);
        Ranges.check(spec, "--ops", ops, 1, MAX_OPS);
        Ranges.check(spec, "--time", time, Duration.ofMillis(100), Duration.ofDays(7));
        Ranges.check(spec, "--check-budget", checkBudget, Duration.ofMillis(100), Duration.ofDays(1));
        Ranges.check(spec, "--histories", maxHistories, 0, Integer.MAX_VALUE);
        Ranges.check(spec, "--max-violations", maxViolations, 0, Integer.MAX_VALUE);
        long heap = Runtime.getRuntime().maxMemory(), need = ops * BYTES_PER_OP + (64L << 20);
        if (which.contains("histories") && need > heap) {
            throw new ParameterException(spec.commandLine(), "--ops " + ops + " needs about " + (need >> 20) + " MB of heap and this JVM has "
                    + (heap >> 20) + " MB: lower --ops, or give it more (JAVA_OPTS=-Xmx" + ((need >> 30) + 1) + "g ./harness ...)");
        }
    }

    /** Runs the chosen suites on one target; results go to {@code run} as they come. */
    private void checkTarget(CheckRun run, String spec0, Set<Fault> faultSet, Set<String> which, long runSeed, PrintStream err)
            throws Throwable {
        if (DistributedTargets.is(spec0)) {
            checkDistributed(run, spec0, runSeed, err);
            return;
        }
        Target t = run.open(spec0, () -> TargetSpec.open(spec0, faultSet, targetOptions));
        String column = t.name();
        err.println("harness: checking " + column + " (" + t.version() + ")");
        if (which.contains("scenarios")) {
            int failed = 0, notRun = 0;
            List<Scenario> all = Scenarios.load(List.of());
            for (Scenario sc : all) {
                run.inFlight("scenario " + sc.name() + " on " + column);
                RunSummary.ScenarioOutcome o = Scenarios.run(sc, t, column, spec0.startsWith("jedis+"), Scenarios.fileOf(sc, List.of()),
                        run.exercised());
                run.scenario(o);
                if (o.failed()) failed++;
                else if (!o.passed()) notRun++;
            }
            err.println("harness: scenarios on " + column + ": " + (all.size() - failed - notRun) + " passed, " + failed + " failed"
                    + (notRun > 0 ? ", " + notRun + " could not run or ended indeterminate (not failures; see the report)" : ""));
        }
        if (which.contains("histories")) {
            HistoriesSuite suite = HistoriesSuites.defaultSuite();
            Progress progress = new Progress(err, Progress.isTty(), time.toNanos());
            HistoriesSuite.Settings settings = new HistoriesSuite.Settings(clients, ops, time, runSeed, maxHistories,
                    !noShrink, checkBudget, schedule);
            run.historiesStarted(column, suite.describe(t, settings));
            run.inFlight("history 1 on " + column);
            AtomicBoolean abandoned = new AtomicBoolean(), stoppedByViolations = new AtomicBoolean();
            long suiteStart = System.nanoTime();
            boolean inTime;
            try {
                inTime = TimedSuite.run(suite, t, settings, new HistoriesSuite.Listener() {
                    @Override
                    public void checked(HistoryRun h) {
                        if (abandoned.get() || !run.history(column, h)) return;
                        int[] n = run.counts(column);
                        progress.update("histories on " + column, n[0], run.totalOps(), n[1], false);
                    }

                    @Override
                    public void recorded(dev.txnharness.properties.history.History h) {
                        if (!abandoned.get()) run.recorded(h);
                    }

                    @Override
                    public boolean stop() {
                        if (run.finished()) return true;
                        boolean enough = maxViolations > 0 && run.counts(column)[1] >= maxViolations;
                        if (enough) stoppedByViolations.set(true);
                        return enough;
                    }
                });
            } catch (ClusterRedirectException e) {
                throw new CouldNotRun(TargetSpec.oneLine(e), e); // a cluster node or a proxy: exit 2, never "not linearizable"
            }
            abandoned.set(!inTime);
            int[] n = run.counts(column);
            progress.update("histories on " + column, n[0], run.totalOps(), n[1], true);
            progress.done();
            if (inTime && stoppedByViolations.get()) run.stoppedEarly(stopLine(column, n[0], System.nanoTime() - suiteStart));
            if (!inTime) {
                run.outOfTime(column, "the time budget (" + Durations.format(time) + " + " + Durations.format(TimedSuite.SLACK)
                        + " slack) ran out on " + column + " while history " + (n[0] + 1) + " was in flight: not counted");
            }
        }
        if (which.contains("anomalies")) {
            run.inFlight("list-append histories on " + column);
            List<SummaryTable.Row> rows = new ArrayList<>();
            int found = AnomaliesSuite.run(t, column, clients, ops, time, runSeed, maxHistories, run.dir(), run.out(), rows);
            run.anomalies(rows.get(0), found);
        }
        // not in a finally: after a throwable CheckRun.failed asks the target for a PING, then stops it
        run.close(t);
    }

    /**
     * What an early stop at --max-violations left out: the histories not run (with --histories),
     * else the time budget not spent.
     */
    String stopLine(String column, int checked, long elapsedNanos) {
        String first = maxViolations == 1 ? "the first violation" : maxViolations + " violations";
        String left;
        if (maxHistories > 0) {
            left = (maxHistories - checked) + " of " + maxHistories + " histories not run";
        } else {
            long leftMs = Math.max(0, time.toMillis() - elapsedNanos / 1_000_000);
            left = Durations.format(Duration.ofMillis(leftMs)) + " of the " + Durations.format(time) + " time budget not used";
        }
        return "histories on " + column + ": stopped after " + first + " (--max-violations " + maxViolations + ") with " + checked
                + " histories checked; " + left + " (--max-violations 0 runs them all)";
    }

    /** The distributed suite on a launched or existing deployment (the other suites need one server). */
    private void checkDistributed(CheckRun run, String spec0, long runSeed, PrintStream err) {
        List<dev.txnharness.properties.distributed.Fault> kinds = nemesisFaults(spec0);
        err.println("harness: starting " + RedisUri.redact(spec0) + " ...");
        Deployment d = (Deployment) run.open(spec0, () -> {
            try {
                return DistributedTargets.open(spec0);
            } catch (IllegalArgumentException e) {
                throw new CouldNotRun(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new CouldNotRun("could not start target '" + RedisUri.redact(spec0) + "': " + TargetSpec.oneLine(e), e);
            }
        });
        if (kinds.contains(dev.txnharness.properties.distributed.Fault.PARTITION)) d.useProxies();
        String column = d.name();
        String runId = DistributedSuite.runId(runSeed);
        String config = d.describe() + "; " + clients + " clients, one hash tag per client and history; faults "
                + (kinds.isEmpty() ? "none" : kinds.stream().map(dev.txnharness.properties.distributed.Fault::word).toList() + " one per history in turn")
                + (waitCount() > 0 ? "; WAIT " + waitCount() + " 0 after each EXEC (" + d.replicasPerShard() + " replicas per primary)" : "; no WAIT") + "; seed " + runSeed
                + "; key tags {" + runId + "h<history>c<client>} (the seed, then a random nonce: a rerun never meets an earlier run's keys)";
        err.println("harness: checking " + column + " (" + config + ")");
        long t0 = System.nanoTime();
        // with neither --time nor --histories, every fault gets one history (the 10 s default would run only the first)
        boolean bounded = maxHistories > 0 || spec.commandLine().getParseResult().hasMatchedOption("--time");
        int histories = bounded ? maxHistories : Math.max(1, kinds.size());
        List<dev.txnharness.properties.distributed.DistributedHistory.Result> results = new ArrayList<>();
        boolean ended = false;
        try {
            DistributedSuite.run(run, d, column, new DistributedSuite.Settings(clients, time, histories, runSeed, kinds, waitCount(), runId), err, results);
            ended = true;
        } finally {
            // when a later history throws, the earlier ones still reach the report (a violation among them still exits 1)
            if (ended || !results.isEmpty()) run.distributed(column, config, results, d.hasSlots(), waitCount() > 0, System.nanoTime() - t0);
        }
        run.close(d);
    }

    private int waitCount() {
        if (waitReplicas == null) return 0;
        Ranges.check(spec, "--wait", waitReplicas, 1, 16);
        return waitReplicas;
    }

    private List<dev.txnharness.properties.distributed.Fault> nemesisFaults(String spec0) {
        boolean launched = spec0.trim().startsWith("launch:");
        boolean cluster = spec0.trim().startsWith("launch:cluster");
        // an existing deployment is someone's: no fault unless asked for (--nemesis failover)
        List<String> words = nemesis != null ? nemesis : cluster ? List.of("kill", "pause", "failover", "partition", "migrate")
                : launched ? List.of("kill", "pause", "failover", "partition") : List.of();
        List<dev.txnharness.properties.distributed.Fault> out = new ArrayList<>();
        for (String w : words) {
            if (w.trim().equalsIgnoreCase("none")) continue;
            try {
                dev.txnharness.properties.distributed.Fault f = dev.txnharness.properties.distributed.Fault.of(w);
                if (!launched && f != dev.txnharness.properties.distributed.Fault.FAILOVER) {
                    throw new CouldNotRun("--nemesis " + w + " needs a deployment the harness launched (launch:replicated or launch:cluster); "
                            + "on an existing one only failover is possible");
                }
                if (f == dev.txnharness.properties.distributed.Fault.MIGRATE && !cluster) {
                    throw new CouldNotRun("--nemesis migrate needs a Redis Cluster the harness launched (launch:cluster)");
                }
                out.add(f);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "unknown fault '" + w + "' in --nemesis (use kill, pause, failover, partition, migrate or none)");
            }
        }
        return out;
    }

    private String rerun(Set<String> which, long runSeed) {
        StringBuilder sb = new StringBuilder("./harness check --target ").append(RedisUri.redact(String.join(",", targets)))
                .append(targetOptions.rerun());
        if (which.size() == 1) sb.append(" --suite ").append(which.iterator().next());
        if (which.contains("distributed")) {
            sb.append(" --clients ").append(clients);
            if (spec.commandLine().getParseResult().hasMatchedOption("--time")) sb.append(" --time ").append(Durations.format(time));
            if (maxHistories > 0) sb.append(" --histories ").append(maxHistories);
        }
        if (which.contains("histories")) {
            sb.append(" --clients ").append(clients).append(" --ops ").append(ops).append(" --time ").append(Durations.format(time));
            if (maxHistories > 0) sb.append(" --histories ").append(maxHistories);
            if (noShrink) sb.append(" --no-shrink");
            if (schedule != HistoriesSuite.Schedule.MIXED) sb.append(" --schedule ").append(schedule.name().toLowerCase(java.util.Locale.ROOT));
            if (maxViolations != 1) sb.append(" --max-violations ").append(maxViolations);
        }
        if (nemesis != null) sb.append(" --nemesis ").append(String.join(",", nemesis));
        if (waitReplicas != null) sb.append(" --wait=").append(waitReplicas);
        if (!faults.isEmpty()) {
            sb.append(" --fault ");
            for (int i = 0; i < faults.size(); i++) sb.append(i == 0 ? "" : ",").append(faults.get(i));
        }
        return sb.append(" --seed ").append(runSeed).toString();
    }
}
