package dev.txnharness.reports.suite;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisInput;
import java.util.List;

/**
 * One checked history, as the report shows it.
 *
 * @param index        1-based number within the run (names history-N.jsonl, replay-N.sh)
 * @param property     the property it checks ("workload invariants, deterministic schedule", ...)
 * @param seed         the seed that generated it
 * @param clients      connections
 * @param recordedOps  ops in the history as recorded (before shrinking)
 * @param history      the history the verdict is about: the minimal counterexample when {@code
 *                     minimal}, else the recorded one
 * @param result       the checker's verdict on {@code history}
 * @param minimal      true when {@code history} was shrunk and still fails
 * @param replay       the commands to replay, in the recorded order (empty for a passing history)
 * @param reproduced   for a counterexample found on real threads: how often replaying {@code replay}
 *                     in order deviated again ("7/20"); null otherwise
 */
public record HistoryRun(int index, String property, long seed, int clients, int recordedOps, History history,
                         CheckResult<RedisInput, Reply> result, boolean minimal, List<ReplayStep> replay, String reproduced) {

    public HistoryRun(int index, String property, long seed, int clients, int recordedOps, History history,
                      CheckResult<RedisInput, Reply> result, boolean minimal, List<ReplayStep> replay) {
        this(index, property, seed, clients, recordedOps, history, result, minimal, replay, null);
    }

    public Verdict verdict() {
        return result.verdict();
    }

    /**
     * One command of a replay script.
     *
     * @param client   the client (one redis-cli each)
     * @param argv     the command
     * @param recorded what the target answered when it was recorded (null: unknown)
     * @param expected what Redis answers when the commands run in this order (from the model)
     */
    public record ReplayStep(int client, List<String> argv, Reply recorded, Reply expected) {}
}
