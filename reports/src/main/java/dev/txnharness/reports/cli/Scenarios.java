package dev.txnharness.reports.cli;

import dev.txnharness.properties.scenario.Differential;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.scenario.ScenarioParser;
import dev.txnharness.properties.scenario.ScenarioRunner;
import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.report.Exercised;
import dev.txnharness.reports.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

    /** Where a built-in scenario's file is, from the repository root. */
    static final String BUILT_IN = "properties/src/main/resources/scenarios/";

    /** The file a scenario was read from: one of {@code files}, else the built-in one of its name. */
    static String fileOf(Scenario sc, List<Path> files) {
        for (Path f : files) {
            if (f.getFileName().toString().equals(sc.name() + ".scn")) return f.toString();
        }
        return BUILT_IN + sc.name() + ".scn";
    }

    static RunSummary.ScenarioOutcome run(Scenario sc, Target t, String column, boolean lossy) {
        return run(sc, t, column, lossy, fileOf(sc, List.of()), null);
    }

    /**
     * Runs a scenario on a target; its outcome holds every failing step and, when it did not pass,
     * the transcript: every step up to the first that deviates, with expected and got. What was
     * sent and answered is counted in {@code exercised} (may be null).
     */
    static RunSummary.ScenarioOutcome run(Scenario sc, Target t, String column, boolean lossy, String file, Exercised exercised) {
        ScenarioRunner.Result r;
        try {
            r = new ScenarioRunner(lossy).run(sc, t);
        } catch (IllegalStateException e) {
            throw new CouldNotRun(TargetSpec.oneLine(e), e);
        }
        if (exercised != null) exercised.scenario(r);
        Map<Scenario.Step, String> cmds = commands(sc);
        List<RunSummary.StepDiff> fails = new ArrayList<>(), transcript = new ArrayList<>();
        boolean deviated = false;
        for (ScenarioRunner.StepResult s : r.steps()) {
            RunSummary.StepDiff d = new RunSummary.StepDiff(s.step().line(), ScenarioRunner.describe(s.step()), s.expected(), s.got(),
                    cmds.get(s.step()), s.ok());
            if (!s.ok()) fails.add(d);
            if (!deviated && !r.passed()) transcript.add(d);
            deviated |= !s.ok();
        }
        return new RunSummary.ScenarioOutcome(sc.name(), sc.title(), column, r.passed(), r.nanos() / 1_000_000, fails,
                r.outcome().name(), file, sc.steps().size(), transcript);
    }

    /**
     * The command whose reply each step reads: its own for a command, the oldest one its client
     * sent with SEND for a RECV; none for CLOSE and WAIT.
     */
    static Map<Scenario.Step, String> commands(Scenario sc) {
        Map<Scenario.Step, String> out = new IdentityHashMap<>();
        Map<String, ArrayDeque<String>> sent = new HashMap<>();
        for (Scenario.Step st : sc.steps()) {
            if (st instanceof Scenario.Command c) {
                String name = c.argv().get(0).toUpperCase(Locale.ROOT);
                if (c.send()) sent.computeIfAbsent(c.client(), k -> new ArrayDeque<>()).add(name);
                out.put(st, name);
            } else if (st instanceof Scenario.Receive rv) {
                ArrayDeque<String> q = sent.get(rv.client());
                out.put(st, q == null || q.isEmpty() ? "RECV" : q.poll());
            }
        }
        return out;
    }

    /**
     * Compares a scenario's replies on the checked target {@code a} with those of the reference
     * {@code b} (--against): each difference's "expected" is the reference's reply, "got" the
     * target's.
     */
    static RunSummary.ScenarioOutcome diff(Scenario sc, Target a, Target b, String file) {
        long t0 = System.nanoTime();
        Differential.Report rep;
        try {
            rep = Differential.compare(sc, a, b);
        } catch (IllegalStateException e) {
            throw new CouldNotRun(TargetSpec.oneLine(e), e);
        }
        List<RunSummary.StepDiff> d = new ArrayList<>();
        Map<Scenario.Step, String> cmds = commands(sc);
        for (Differential.Difference x : rep.differences()) {
            d.add(new RunSummary.StepDiff(x.step().line(), ScenarioRunner.describe(x.step()), x.b(), x.a(), cmds.get(x.step()), false));
        }
        if (rep.outcome() != ScenarioRunner.Outcome.FAILED && d.isEmpty() && rep.outcome() != ScenarioRunner.Outcome.PASSED) {
            d.add(new RunSummary.StepDiff(0, "(the run)", "", rep.outcome().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new RunSummary.ScenarioOutcome(sc.name(), sc.title(), a.name() + " vs " + b.name(),
                rep.outcome() == ScenarioRunner.Outcome.PASSED, (System.nanoTime() - t0) / 1_000_000, d, rep.outcome().name(),
                file, sc.steps().size(), List.of());
    }
}
