package dev.txnharness.reports.cli;

import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.target.RedisUri;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import dev.txnharness.reports.report.Triage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./harness diff --target A --against B}: differential mode. */
@Command(name = "diff", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Differential mode: runs every scenario on two targets and compares them reply by reply, "
            + "whatever the scenario files expect; writes a report whose matrix has one column 'A vs B'. "
            + "B (--against) is the reference: a difference shows B's reply as expected and A's as got.", ""},
        footer = {"", "Example:  ./harness diff --target engine --against launch",
            "", "Exit codes: 0 the same, 1 a reply differs, 2 could not run."})
final class DiffCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--target", paramLabel = "A", defaultValue = "engine",
            description = "The target checked: its replies are 'got' (default: ${DEFAULT-VALUE}).")
    String a;

    @Option(names = "--against", paramLabel = "B", required = true,
            description = "The reference: engine, resp, redis://host:port or launch; its replies are 'expected'.")
    String b;

    @Option(names = "--out", paramLabel = "DIR", description = "The report folder (default: harness-out/<timestamp>).")
    Path out;

    @Mixin TargetOptions targetOptions = new TargetOptions();

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Scenario files (default: the built-in suite).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintStream o = Main.out(spec);
        long t0 = System.nanoTime();
        List<Scenario> scenarios = Scenarios.load(files);
        Path dir = out != null ? ReportFolder.prepare(out) : ReportFolder.fresh(Path.of("harness-out"), "diff-");
        List<RunSummary.ScenarioOutcome> outcomes = new ArrayList<>();
        List<RunSummary.TargetInfo> infos = new ArrayList<>();
        int differ = 0, notRun = 0, indeterminate = 0;
        try (Target ta = TargetSpec.open(a, Set.of(), targetOptions); Target tb = TargetSpec.open(b, Set.of(), targetOptions);
                var g = new StopOnSignal(ta, tb)) {
            infos.add(new RunSummary.TargetInfo(ta.name(), ta.version()));
            infos.add(new RunSummary.TargetInfo(tb.name(), tb.version()));
            for (Scenario sc : scenarios) {
                RunSummary.ScenarioOutcome oc = Scenarios.diff(sc, ta, tb, Scenarios.fileOf(sc, files));
                outcomes.add(oc);
                if (!oc.passed()) {
                    if (oc.failed()) differ++;
                    else if (oc.outcome().equals(RunSummary.COULD_NOT_RUN)) notRun++;
                    else indeterminate++;
                    o.println(oc.file() + " — " + sc.title() + (oc.failed() ? "" : " — " + oc.outcome().toLowerCase(java.util.Locale.ROOT)));
                    for (RunSummary.StepDiff d : oc.failures()) {
                        o.println("  line " + d.line() + ": " + d.step());
                        o.println("  expected (" + tb.name() + "): " + d.expected());
                        o.println("  got      (" + ta.name() + "): " + d.got());
                    }
                }
            }
            o.printf("%d scenarios, %s vs %s: %d same, %d differ%s%n", scenarios.size(), ta.name(), tb.name(),
                    scenarios.size() - differ - notRun - indeterminate, differ,
                    notRun + indeterminate > 0 ? ", " + notRun + " could not run, " + indeterminate + " indeterminate" : "");
        }
        String cmd = RedisUri.redact("./harness diff --target " + a + " --against " + b) + targetOptions.rerun();
        RunSummary s = new RunSummary("redis-txn-harness", cmd, OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                (System.nanoTime() - t0) / 1_000_000, infos, 0, List.of("scenarios (differential)"), 0, 0, "-",
                differ > 0 ? RunSummary.VIOLATION : notRun + indeterminate > 0 ? RunSummary.COULD_NOT_RUN : RunSummary.PASSED,
                new RunSummary.Counts(scenarios.size(), differ, 0, 0, 0, 0, notRun, indeterminate), outcomes, List.of(), List.of(),
                List.of("differential: a failing cell's 'expected' is the reference's reply (--against " + infos.get(1).name()
                        + "), 'got' the checked target's (--target " + infos.get(0).name() + ")"));
        ReportWriter.write(dir, s, List.of(), cmd);
        Triage.print(o, s.groups());
        o.println("report:  " + dir.resolve("index.html"));
        // 1 only for a reply that differs; a dropped connection or a refused setup on either side is 2
        return differ > 0 ? ExitCodes.VIOLATION : notRun + indeterminate > 0 ? ExitCodes.COULD_NOT_RUN : ExitCodes.PASSED;
    }
}
