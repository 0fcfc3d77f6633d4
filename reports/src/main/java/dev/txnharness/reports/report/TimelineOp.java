package dev.txnharness.reports.report;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One op of a history as the timeline draws it: an invoke paired with its completion.
 *
 * @param id      the op's position in {@code History.calls()} (the checker's op id), or -1 for an op
 *                that ended in fail (not a call)
 * @param end     the completion time, or the end of the history for an op that never returned
 * @param outcome ok, fail, info, nil (EXEC nil) or abort (EXECABORT)
 */
record TimelineOp(int id, int client, Op op, Reply reply, long start, long end, String outcome) {

    String label() {
        return op + " → " + (reply == null ? ("info".equals(outcome) ? "?" : "fail") : ReplyFormat.text(reply));
    }

    /** Pairs invokes with completions, numbering them as {@code History.calls()} does. */
    static List<TimelineOp> of(History h) {
        List<Event> ev = h.events();
        long last = ev.isEmpty() ? 0 : ev.get(ev.size() - 1).nanos();
        Map<Integer, Integer> open = new HashMap<>();
        List<Event> invokes = new ArrayList<>();
        List<Event> done = new ArrayList<>();
        for (Event e : ev) {
            if (e.type() == EventType.INVOKE) {
                open.put(e.client(), invokes.size());
                invokes.add(e);
                done.add(null);
            } else {
                Integer i = open.remove(e.client());
                if (i != null) done.set(i, e);
            }
        }
        List<TimelineOp> out = new ArrayList<>(invokes.size());
        int id = 0;
        for (int i = 0; i < invokes.size(); i++) {
            Event inv = invokes.get(i);
            Event d = done.get(i);
            if (d != null && d.type() == EventType.FAIL) {
                out.add(new TimelineOp(-1, inv.client(), inv.op(), null, inv.nanos(), d.nanos(), "fail"));
                continue;
            }
            if (d == null || d.type() == EventType.INFO) {
                out.add(new TimelineOp(id++, inv.client(), inv.op(), null, inv.nanos(), Math.max(last, inv.nanos()), "info"));
                continue;
            }
            out.add(new TimelineOp(id++, inv.client(), inv.op(), d.reply(), inv.nanos(), d.nanos(), outcome(inv.op(), d.reply())));
        }
        return out;
    }

    /** The colour class of a completed op. */
    static String outcome(Op op, Reply r) {
        Reply exec = r;
        if (op instanceof Op.Transaction && r instanceof Reply.Array a && a.items().size() == 2) exec = a.items().get(1);
        boolean isExec = op instanceof Op.Transaction || (op instanceof Op.Command c && c.name().equals("EXEC"));
        if (isExec && exec instanceof Reply.NullArray) return "nil";
        if (exec instanceof Reply.Error e) return e.message().startsWith("EXECABORT") ? "abort" : "fail";
        return "ok";
    }
}
