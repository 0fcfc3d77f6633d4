package dev.txnharness.reports.suite;

import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.model.RedisState;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.workload.Execution;
import dev.txnharness.properties.workload.Runs;
import dev.txnharness.properties.workload.Step;
import dev.txnharness.properties.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a fixed sequence of commands on a target one at a time, in that order, with properties'
 * {@link Runs#deterministic}: each client's commands become its {@link Workload} program and the
 * order becomes the schedule's choices. Because nothing overlaps, the order is the linearization:
 * a correct server answers exactly what {@link RedisModel} computes for it, which {@link
 * #firstDeviation} checks. Used to shrink a violating history and to replay a saved one.
 */
final class OrderedRun {

    /** One command of one client. */
    record Cmd(int client, List<String> argv) {}

    /**
     * What a run got: every op of its history in invoke order (the clients' commands, then the
     * observer's final reads) with the reply recorded (null: unknown) and the reply Redis gives
     * for this order; and the run itself.
     */
    record Outcome(List<HistoryRun.ReplayStep> steps, Execution execution) {
        History history() {
            return execution.history();
        }

        /** The clients' commands as sent (the observer's reads left out): what to run again. */
        List<Cmd> plan() {
            List<Cmd> out = new ArrayList<>();
            for (HistoryRun.ReplayStep s : steps) {
                if (s.client() != execution.observer()) out.add(new Cmd(s.client(), s.argv()));
            }
            return out;
        }
    }

    private OrderedRun() {}

    /** Runs {@code cmds} in order (clients keep their ids; the keyspace is emptied first). */
    static Outcome run(Target target, List<Cmd> cmds) {
        int n = 0;
        for (Cmd c : cmds) n = Math.max(n, c.client() + 1);
        List<List<Step>> programs = new ArrayList<>();
        int[] remaining = new int[n];
        for (int i = 0; i < n; i++) programs.add(new ArrayList<>());
        for (Cmd c : cmds) {
            programs.get(c.client()).add(new Step.Send(new Op.Command(c.argv())));
            remaining[c.client()]++;
        }
        // Runs.deterministic picks the next client as an index into the clients still active (in
        // id order, a client leaves after its last command) and draws no choice when one is left
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) if (remaining[i] > 0) active.add(i);
        long[] schedule = new long[cmds.size()];
        int k = 0;
        for (Cmd c : cmds) {
            int slot = active.indexOf(c.client());
            if (active.size() > 1) schedule[k++] = slot;
            if (--remaining[c.client()] == 0) active.remove(slot);
        }
        Execution e = Runs.deterministic(target, new Workload(programs),
                Choices.replay(java.util.Arrays.copyOf(schedule, k)));
        return outcome(e);
    }

    /** The ops of a recorded run in invoke order, each with what Redis answers for that order. */
    static Outcome outcome(Execution e) {
        List<Cmd> cmds = new ArrayList<>();
        List<Reply> got = new ArrayList<>();
        commands(e.history(), cmds, got);
        List<Reply> want = expected(cmds);
        List<HistoryRun.ReplayStep> steps = new ArrayList<>();
        for (int i = 0; i < cmds.size(); i++) {
            steps.add(new HistoryRun.ReplayStep(cmds.get(i).client(), cmds.get(i).argv(), got.get(i), want.get(i)));
        }
        return new Outcome(steps, e);
    }

    /** The index of the first reply that differs from Redis's, or -1. */
    static int firstDeviation(Outcome o) {
        for (int i = 0; i < o.steps().size(); i++) {
            HistoryRun.ReplayStep s = o.steps().get(i);
            if (s.recorded() != null && !s.recorded().equals(s.expected())) return i;
        }
        return -1;
    }

    /** The replies Redis gives when the commands run in this order, one after another. */
    static List<Reply> expected(List<Cmd> cmds) {
        RedisModel model = new RedisModel();
        RedisState s = model.init();
        List<Reply> out = new ArrayList<>(cmds.size());
        for (Cmd c : cmds) {
            Op.Command op = new Op.Command(c.argv());
            out.add(model.expectedReply(s, c.client(), op));
            s = model.nextState(s, c.client(), op);
        }
        return out;
    }

    /**
     * The commands of a history in invoke order, and the reply of each (null: unknown). A
     * transaction record (from a history made elsewhere) becomes its WATCH, reads, MULTI, queue
     * and EXEC, with unknown replies.
     */
    static void commands(History h, List<Cmd> cmds, List<Reply> replies) {
        Map<Integer, Integer> open = new HashMap<>();
        for (Event e : h.events()) {
            if (e.type() == EventType.INVOKE) {
                if (e.op() instanceof Op.Command c) {
                    open.put(e.client(), cmds.size());
                    cmds.add(new Cmd(e.client(), c.argv()));
                    replies.add(null);
                    continue;
                }
                Op.Transaction t = (Op.Transaction) e.op();
                List<List<String>> argvs = new ArrayList<>();
                if (!t.watch().isEmpty()) {
                    List<String> w = new ArrayList<>(List.of("WATCH"));
                    w.addAll(t.watch());
                    argvs.add(w);
                }
                t.reads().forEach(r -> argvs.add(r.argv()));
                argvs.add(List.of("MULTI"));
                t.queued().forEach(q -> argvs.add(q.argv()));
                argvs.add(List.of("EXEC"));
                for (List<String> a : argvs) {
                    cmds.add(new Cmd(e.client(), a));
                    replies.add(null);
                }
            } else {
                Integer at = open.remove(e.client());
                if (at != null && e.type() == EventType.OK) replies.set(at, e.reply());
            }
        }
    }
}
