package dev.txnharness.reports.cli;

import dev.txnharness.properties.scenario.Differential;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.scenario.ScenarioParser;
import dev.txnharness.properties.scenario.ScenarioRunner;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The scenario conformance suite as the CLI runs it: outcomes for the conformance matrix. */
final class Scenarios {
    private Scenarios() {}

    static List<Scenario> load(List<Path> files) {
        try {
            if (files == null || files.isEmpty()) return ScenarioParser.builtIn();
            List<Scenario> out = new ArrayList<>();
            for (Path f : files) out.add(ScenarioParser.parse(f));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CouldNotRun("cannot read scenarios: " + TargetSpec.oneLine(e), e);
        }
    }

    /** The CONFIG parameters the scenarios set (CONFIG SET name value), lower-case, each once. */
    static Set<String> configChanged(List<Scenario> scenarios) {
        Set<String> out = new TreeSet<>();
        for (Scenario sc : scenarios) {
            for (Scenario.Step st : sc.steps()) {
                if (st instanceof Scenario.Command c && c.argv().size() >= 3 && c.argv().get(0).equalsIgnoreCase("CONFIG")
                        && c.argv().get(1).equalsIgnoreCase("SET")) {
                    for (int i = 2; i < c.argv().size(); i += 2) out.add(c.argv().get(i).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    static RunSummary.ScenarioOutcome run(Scenario sc, Target t, String column, boolean lossy) {
        ScenarioRunner.Result r;
        try {
            r = new ScenarioRunner(lossy).run(sc, t);
        } catch (IllegalStateException e) {
            throw new CouldNotRun(TargetSpec.oneLine(e), e);
        }
        List<RunSummary.StepDiff> fails = new ArrayList<>();
        for (ScenarioRunner.StepResult s : r.steps()) {
            if (!s.ok()) fails.add(new RunSummary.StepDiff(s.step().line(), ScenarioRunner.describe(s.step()), s.expected(), s.got()));
        }
        return new RunSummary.ScenarioOutcome(sc.name(), sc.title(), column, r.passed(), r.nanos() / 1_000_000, fails,
                r.outcome().name());
    }

    static RunSummary.ScenarioOutcome diff(Scenario sc, Target a, Target b) {
        long t0 = System.nanoTime();
        Differential.Report rep;
        try {
            rep = Differential.compare(sc, a, b);
        } catch (IllegalStateException e) {
            throw new CouldNotRun(TargetSpec.oneLine(e), e);
        }
        List<RunSummary.StepDiff> d = new ArrayList<>();
        for (Differential.Difference x : rep.differences()) {
            d.add(new RunSummary.StepDiff(x.step().line(), ScenarioRunner.describe(x.step()), x.a(), x.b()));
        }
        if (rep.outcome() != ScenarioRunner.Outcome.FAILED && d.isEmpty() && rep.outcome() != ScenarioRunner.Outcome.PASSED) {
            d.add(new RunSummary.StepDiff(0, "(the run)", "", rep.outcome().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new RunSummary.ScenarioOutcome(sc.name(), sc.title(), a.name() + " vs " + b.name(),
                rep.outcome() == ScenarioRunner.Outcome.PASSED, (System.nanoTime() - t0) / 1_000_000, d, rep.outcome().name());
    }
}
