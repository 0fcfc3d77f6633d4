package dev.txnharness.properties.scenario;

import dev.txnharness.properties.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same scenario on two targets and compares them reply by reply, whatever the file
 * expects: the way to hold the engine (or any server) against a real Redis.
 */
public final class Differential {
    private Differential() {}

    /** A step where the two targets answered differently. */
    public record Difference(Scenario.Step step, String a, String b) {}

    /** The outcome: every difference, in order. */
    public record Report(Scenario scenario, String targetA, String targetB, List<Difference> differences) {
        public boolean same() {
            return differences.isEmpty();
        }

        /** A readable diff: one block per differing step. */
        public String render() {
            StringBuilder sb = new StringBuilder();
            sb.append("--- ").append(targetA).append('\n').append("+++ ").append(targetB).append('\n');
            sb.append("@@ ").append(scenario.name()).append(".scn — ").append(scenario.title()).append('\n');
            if (differences.isEmpty()) sb.append("  (no difference)\n");
            for (Difference d : differences) {
                sb.append("  line ").append(d.step().line()).append(": ").append(ScenarioRunner.describe(d.step())).append('\n')
                  .append("  - ").append(d.a()).append('\n')
                  .append("  + ").append(d.b()).append('\n');
            }
            return sb.toString();
        }
    }

    public static Report compare(Scenario sc, Target a, Target b) {
        ScenarioRunner runner = new ScenarioRunner();
        ScenarioRunner.Result ra = runner.execute(sc, a, false);
        ScenarioRunner.Result rb = runner.execute(sc, b, false);
        List<Difference> diffs = new ArrayList<>();
        for (int i = 0; i < ra.steps().size(); i++) {
            String x = ra.steps().get(i).got(), y = rb.steps().get(i).got();
            if (x == null && y == null) continue;
            if (x == null || !x.equals(y)) diffs.add(new Difference(ra.steps().get(i).step(), x, y));
        }
        return new Report(sc, a.name(), b.name(), diffs);
    }
}
