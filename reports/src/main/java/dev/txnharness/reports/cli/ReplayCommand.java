package dev.txnharness.reports.cli;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.scenario.ScenarioRunner;
import dev.txnharness.properties.target.RedisUri;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.ReplyFormat;
import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import dev.txnharness.reports.suite.HistoryRun;
import dev.txnharness.reports.suite.Replayer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./harness replay FILE --target T}: re-runs a saved scenario or history. */
@Command(name = "replay", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Re-runs a saved scenario (.scn) or history (history-N.jsonl from a report) on a target.",
            "A history's commands are sent in the recorded order, one at a time; the new history is checked again, and "
                + "each reply is shown next to the saved one and to what Redis 7.0 answers for that order.", ""},
        footer = {"", "Exit codes: 0 passed, 1 violation (a reply deviates), 2 could not run, 3 unknown."})
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .scn scenario or a .jsonl history.")
    Path file;

    @Option(names = "--target", paramLabel = "T", defaultValue = "engine",
            description = "engine, resp, redis://host:port or launch (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write a report folder for a replayed history.")
    Path out;

    @Option(names = "--check-budget", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "The checker's budget, 100ms to 1d (default: ${DEFAULT-VALUE}).")
    Duration checkBudget;

    @Mixin TargetOptions targetOptions = new TargetOptions();

    @Option(names = "--fault", hidden = true, split = ",")
    List<Fault> faults = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintStream o = Main.out(spec);
        Ranges.check(spec, "--check-budget", checkBudget, Duration.ofMillis(100), Duration.ofDays(1));
        if (!Files.isRegularFile(file)) throw new CouldNotRun("no such file: " + file);
        if (out != null) ReportFolder.prepare(out);
        Set<Fault> fs = faults.isEmpty() ? Set.of() : EnumSet.copyOf(faults);
        String name = file.getFileName().toString();
        if (name.endsWith(".scn")) {
            Scenario sc = Scenarios.load(List.of(file)).get(0);
            try (Target t = TargetSpec.open(target, fs, targetOptions); var g = new StopOnSignal(t)) {
                ScenarioRunner.Result r = new ScenarioRunner(target.startsWith("jedis+")).run(sc, t);
                if (r.passed()) {
                    o.println(sc.name() + ".scn — " + sc.title() + " — passed on " + t.name() + " (" + t.version() + ")");
                    return ExitCodes.PASSED;
                }
                o.print(r.describeFailures());
                // 1 only when a reply contradicts the file; a dropped connection or a refused setup is 2
                return r.outcome() == ScenarioRunner.Outcome.FAILED ? ExitCodes.VIOLATION : ExitCodes.COULD_NOT_RUN;
            }
        }
        History saved;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            saved = HistoryJson.read(r);
        } catch (IOException | RuntimeException e) {
            throw new CouldNotRun("cannot read history " + file + ": " + TargetSpec.oneLine(e), e);
        }
        if (saved.events().isEmpty()) throw new CouldNotRun("cannot read history " + file + ": no events (an empty file?)");
        if (saved.events().stream().anyMatch(e -> e.op() instanceof Op.Command c && RedisCommands.isExpiry(c))) {
            throw new CouldNotRun("history " + file + " has keys that expired on a server's own clock (@EXPIRY ops): a replay"
                    + " in one order cannot repeat when they expired; check it as recorded with ./harness linearizable --model redis " + file);
        }
        long t0 = System.nanoTime();
        try (Target t = TargetSpec.open(target, fs, targetOptions); var g = new StopOnSignal(t)) {
            Replayer.Result res = Replayer.replay(t, saved, "replay of " + name, checkBudget);
            HistoryRun run = res.run();
            int deviating = 0;
            int width = "command".length();
            for (HistoryRun.ReplayStep s : run.replay()) width = Math.max(width, String.join(" ", s.argv()).length());
            width = Math.min(width, 40);
            o.printf("%4s  %-6s  %-" + width + "s  %-22s  %-22s  %s%n", "#", "client", "command", "now", "saved", "Redis 7.0 answers");
            for (int i = 0; i < run.replay().size(); i++) {
                HistoryRun.ReplayStep s = run.replay().get(i);
                boolean dev = s.recorded() != null && !s.recorded().equals(s.expected());
                if (dev) deviating++;
                o.printf("%4d  %-6d  %-" + width + "s  %-22s  %-22s  %s%s%n", i + 1, s.client(), String.join(" ", s.argv()),
                        ReplyFormat.text(s.recorded()), ReplyFormat.text(res.saved().get(i)), ReplyFormat.text(s.expected()),
                        dev ? "   <- deviates" : Objects.equals(s.recorded(), res.saved().get(i)) ? "" : "   (differs from saved)");
            }
            o.println();
            o.println(run.result().explanation());
            o.println(deviating + " of " + run.replay().size() + " replies deviate from Redis 7.0 on " + t.name());
            if (out != null) {
                RunSummary.HistoryOutcome ho = ReportWriter.outcome(run, t.name());
                if (ho.historyFile() == null) {
                    ho = new RunSummary.HistoryOutcome(ho.index(), ho.property(), ho.target(), ho.seed(), ho.clients(), ho.recordedOps(),
                            ho.ops(), ho.minimal(), ho.verdict(), ho.explanation(), ho.checkMillis(), "history-1.jsonl", null, null);
                }
                String verdict = ho.verdict();
                String cmd = RedisUri.redact("./harness replay " + file + " --target " + target) + targetOptions.rerun();
                RunSummary s = new RunSummary("redis-txn-harness", cmd,
                        OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - t0) / 1_000_000,
                        List.of(new RunSummary.TargetInfo(t.name(), t.version())), 0, List.of("histories"), run.clients(),
                        run.replay().size(), "-", verdict,
                        new RunSummary.Counts(0, 0, 1, RunSummary.VIOLATION.equals(verdict) ? 1 : 0,
                                RunSummary.UNKNOWN.equals(verdict) ? 1 : 0, run.replay().size()),
                        List.of(), List.of(new RunSummary.PropertyOutcome(ho.property(), ho.target(), 1, RunSummary.VIOLATION.equals(verdict) ? 1 : 0,
                                RunSummary.UNKNOWN.equals(verdict) ? 1 : 0, run.replay().size(), ho.checkMillis())),
                        List.of(ho), List.of("a replay of " + file + " (" + saved.events().size() + " events)"));
                ReportWriter.write(out, s, List.of(run), cmd);
                o.println("report:  " + out.resolve("index.html"));
            }
            if (run.verdict() == Verdict.VIOLATION || deviating > 0) return ExitCodes.VIOLATION;
            return run.verdict() == Verdict.UNKNOWN ? ExitCodes.UNKNOWN : ExitCodes.PASSED;
        }
    }
}
