package dev.txnharness.properties.scenario;

import dev.txnharness.properties.target.Target;
import java.util.List;

/**
 * Records a scenario's replies from a real Redis as its expected replies: rewrites the file with
 * each step's reply on {@code primary} after its arrow, and, where {@code other} (another Redis
 * version) answers differently, an indented {@code VERSION -> reply} line under it.
 */
public final class ScenarioRecorder {
    private ScenarioRecorder() {}

    /** The scenario file's text with recorded replies; comments and steps are kept. */
    public static String record(Scenario sc, String originalText, Target primary, Target other) {
        ScenarioRunner runner = new ScenarioRunner();
        List<ScenarioRunner.StepResult> a = runner.execute(sc, primary, false).steps();
        List<ScenarioRunner.StepResult> b = other == null ? null : runner.execute(sc, other, false).steps();
        String[] lines = originalText.split("\n", -1);
        StringBuilder out = new StringBuilder();
        int stepIdx = 0;
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String t = raw.strip();
            if (!raw.isEmpty() && Character.isWhitespace(raw.charAt(0)) && t.matches("^\\d+\\.\\d+\\s*->.*")) continue; // re-recorded below
            if (stepIdx < sc.steps().size() && sc.steps().get(stepIdx).line() == n + 1) {
                ScenarioRunner.StepResult r = a.get(stepIdx);
                Scenario.Step step = sc.steps().get(stepIdx);
                if (r.got() != null) {
                    String desc = ScenarioRunner.describe(step);
                    boolean any = isAny(step);
                    boolean unordered = isUnordered(step);
                    String want = any ? "*" : (unordered ? "unordered " : "") + r.got();
                    out.append(String.format("%-40s -> %s", desc, want));
                    if (b != null && !any) {
                        String g = b.get(stepIdx).got();
                        boolean differs = g != null && (unordered
                                ? !runner.matches(new Scenario.Expect(r.got(), false, true), ReplyText.parse(g))
                                : !g.equals(r.got()));
                        if (differs) {
                            out.append('\n').append("   ").append(other.redisVersion()).append(" -> ").append(unordered ? "unordered " : "").append(g);
                        }
                    }
                } else {
                    out.append(raw);
                }
                stepIdx++;
            } else {
                out.append(raw);
            }
            if (n < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    private static boolean isAny(Scenario.Step s) {
        return (s instanceof Scenario.Command c && c.expect() != null && c.expect().any())
                || (s instanceof Scenario.Receive r && r.expect().any());
    }

    private static boolean isUnordered(Scenario.Step s) {
        return (s instanceof Scenario.Command c && c.expect() != null && c.expect().unordered())
                || (s instanceof Scenario.Receive r && r.expect().unordered());
    }
}
