package dev.txnharness.reports.suite;

import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.model.RedisState;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a fixed list of commands on a target one at a time, in order (each client on its own
 * connection, from an empty database), and records the history. Because nothing overlaps, the
 * order is the linearization: a correct server answers exactly what {@link RedisModel} computes
 * for that order, which {@link #firstDeviation} checks.
 */
final class Execution {

    /** One command of one client. */
    record Step(int client, List<String> argv) {}

    /** What the run got: one reply per step (null: unknown outcome), and the history. */
    record Outcome(List<Step> steps, List<Reply> replies, History history) {}

    private Execution() {}

    static Outcome run(Target target, List<Step> steps) {
        flushAll(target);
        HistoryRecorder rec = new HistoryRecorder();
        Map<Integer, Connection> conns = new HashMap<>();
        List<Reply> replies = new ArrayList<>(steps.size());
        try {
            for (Step s : steps) {
                Op.Command op = new Op.Command(s.argv());
                Connection c = conns.get(s.client());
                rec.invoke(s.client(), op);
                try {
                    if (c == null) {
                        c = target.connect();
                        conns.put(s.client(), c);
                    }
                    Reply r = Replies.of(c.call(s.argv().toArray(String[]::new)));
                    rec.ok(s.client(), op, r);
                    replies.add(r);
                } catch (IndeterminateException e) {
                    rec.info(s.client(), op);
                    replies.add(null);
                    Connection dead = conns.remove(s.client());
                    if (dead != null) dead.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot connect to " + target.name() + ": " + e.getMessage(), e);
                }
            }
        } finally {
            conns.values().forEach(Connection::close);
        }
        return new Outcome(steps, replies, rec.history());
    }

    /** The replies Redis gives when the steps run in this order, one after another. */
    static List<Reply> expected(List<Step> steps) {
        RedisModel model = new RedisModel();
        RedisState s = model.init();
        List<Reply> out = new ArrayList<>(steps.size());
        for (Step st : steps) {
            Op.Command c = new Op.Command(st.argv());
            out.add(model.expectedReply(s, st.client(), c));
            s = model.nextState(s, st.client(), c);
        }
        return out;
    }

    /** The index of the first reply that differs from Redis's, or -1. */
    static int firstDeviation(Outcome o) {
        List<Reply> want = expected(o.steps());
        for (int i = 0; i < want.size(); i++) {
            Reply got = o.replies().get(i);
            if (got != null && !got.equals(want.get(i))) return i;
        }
        return -1;
    }

    static void flushAll(Target target) {
        try (Connection c = target.connect()) {
            c.call("FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + target.name() + ": " + e.getMessage(), e);
        }
    }
}
