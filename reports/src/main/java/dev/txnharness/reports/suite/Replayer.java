package dev.txnharness.reports.suite;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a saved history on a target: its commands in the recorded invoke order, one at a time,
 * then checks the new history. The result's replay steps pair what the target answered now
 * ({@code recorded}) with what Redis answers for that order ({@code expected}).
 */
public final class Replayer {
    private Replayer() {}

    /** What a replay found: the new run, and the saved reply of each step (null: unknown). */
    public record Result(HistoryRun run, List<Reply> saved) {}

    public static Result replay(Target target, History saved, String property, Duration checkBudget) {
        List<Execution.Step> steps = BuiltInHistories.stepsOf(saved);
        Execution.Outcome o = Execution.run(target, steps);
        CheckResult<RedisInput, Reply> r = BuiltInHistories.check(o.history(), checkBudget);
        List<Reply> want = Execution.expected(steps);
        List<HistoryRun.ReplayStep> replay = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            replay.add(new HistoryRun.ReplayStep(steps.get(i).client(), steps.get(i).argv(), o.replies().get(i), want.get(i)));
        }
        int clients = (int) steps.stream().mapToInt(Execution.Step::client).distinct().count();
        HistoryRun run = new HistoryRun(1, property, 0, clients, steps.size(), o.history(), r, false, replay);
        return new Result(run, BuiltInHistories.savedReplies(saved));
    }
}
