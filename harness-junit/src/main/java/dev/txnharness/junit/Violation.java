package dev.txnharness.junit;

import java.nio.file.Path;

/**
 * One contradiction of Redis found by a check: a scenario whose replies differ from Redis 7.0's, or
 * a history no order of its ops explains.
 *
 * @param kind           {@code scenario}, {@code history} or {@code anomalies}
 * @param target         the target as the report names it (faults in brackets)
 * @param rule           the rule broken, in words: the scenario's Redis test title, or the history
 *                       property that does not hold
 * @param explanation    why, as the checker says it (expected against got, or the longest
 *                       linearizable prefix and the op that could not be placed)
 * @param counterexample the smallest story: the failing steps of a scenario, or the history as a
 *                       table with one column per client (shrunk when {@code minimal})
 * @param minimal        the history was shrunk to a minimal one (always true for a scenario)
 * @param seed           the history's seed (the run's for a scenario)
 * @param historyFile    the history's jsonl in the report folder, or null
 * @param replayFile     a redis-cli script that replays it on an empty server, or null
 */
public record Violation(String kind, String target, String rule, String explanation, String counterexample,
                        boolean minimal, long seed, Path historyFile, Path replayFile) {

    /** The violation as the failure message shows it. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(" on ").append(target).append(": ").append(rule).append('\n');
        sb.append(indent(explanation)).append('\n');
        if (counterexample != null && !counterexample.isBlank()) {
            sb.append("  counterexample").append(kind.equals("history") ? (minimal ? " (shrunk)" : " (as recorded; could not be shrunk)") : "")
                    .append(":\n").append(indent(counterexample)).append('\n');
        }
        if (replayFile != null) {
            sb.append("  replay it on an empty server: REDIS_HOST=… REDIS_PORT=… bash ").append(replayFile).append('\n');
        }
        return sb.toString();
    }

    private static String indent(String s) {
        return "  " + s.strip().replace("\n", "\n  ");
    }
}
