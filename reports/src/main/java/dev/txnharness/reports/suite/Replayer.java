package dev.txnharness.reports.suite;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.workload.Invariants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a saved history on a target: its commands in the recorded invoke order, one at a time
 * ({@link OrderedRun}), then checks the new history. The result's replay steps pair what the
 * target answered now ({@code recorded}) with what Redis answers for that order ({@code expected}).
 */
public final class Replayer {
    private Replayer() {}

    /** What a replay found: the new run, and the saved reply of each step (null: unknown). */
    public record Result(HistoryRun run, List<Reply> saved) {}

    public static Result replay(Target target, History saved, String property, Duration checkBudget) {
        List<OrderedRun.Cmd> cmds = new ArrayList<>();
        List<Reply> savedReplies = new ArrayList<>();
        OrderedRun.commands(saved, cmds, savedReplies);
        OrderedRun.Outcome o = OrderedRun.run(target, cmds);
        CheckResult<RedisInput, Reply> r = Invariants.check(o.execution(), checkBudget);
        // the run's own final reads (of reserved keys the commands used) come after the saved ones
        while (savedReplies.size() < o.steps().size()) savedReplies.add(null);
        int clients = (int) o.steps().stream().mapToInt(HistoryRun.ReplayStep::client).distinct().count();
        HistoryRun run = new HistoryRun(1, property, 0, clients, o.steps().size(), o.history(), r, false, o.steps());
        return new Result(run, savedReplies);
    }
}
