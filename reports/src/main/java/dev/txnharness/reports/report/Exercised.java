package dev.txnharness.reports.report;

import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.scenario.ReplyText;
import dev.txnharness.properties.scenario.Scenario;
import dev.txnharness.properties.scenario.ScenarioRunner;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run exercised, counted from what was sent and answered, not from what was generated: per
 * command, how many replies it got, and per transaction path ({@link RunSummary.Coverage#PATHS})
 * how often it happened — a +QUEUED reply, an EXEC that ran, -EXECABORT, a nil EXEC (a WATCH
 * abort), an EXEC whose array holds an error (a run-time error inside EXEC), DISCARD answered +OK,
 * and a disconnect or QUIT of a client inside MULTI or with keys watched. Both suites feed it:
 * scenarios with their replies, histories with their recorded calls. Thread-safe.
 */
public final class Exercised {
    /** The command name a disconnect is counted under. */
    public static final String DISCONNECT = "(disconnect)";

    /** What a reply was, as far as the paths care. */
    private enum Kind { QUEUED, OK, EXECABORT, NIL, ARRAY, ARRAY_WITH_ERROR, ERROR, OTHER }

    private final Map<String, Long> commands = new TreeMap<>();
    private final Map<String, Long> paths = new LinkedHashMap<>();
    /** Per client: in MULTI, watching. */
    private final Map<String, boolean[]> state = new HashMap<>();

    public Exercised() {
        for (String p : RunSummary.Coverage.PATHS) paths.put(p, 0L);
    }

    /** Counts a scenario's run: every step that got a reply (OK or deviating), and every CLOSE. */
    public synchronized void scenario(ScenarioRunner.Result r) {
        Map<String, ArrayDeque<String>> sent = new HashMap<>();
        String prefix = "s:";
        state.clear();
        for (ScenarioRunner.StepResult s : r.steps()) {
            boolean answered = s.status() == ScenarioRunner.Status.OK || s.status() == ScenarioRunner.Status.DIFFERS;
            if (s.step() instanceof Scenario.Close c) {
                closed(prefix + c.client(), DISCONNECT);
            } else if (s.step() instanceof Scenario.Command c) {
                String name = c.argv().get(0).toUpperCase(Locale.ROOT);
                if (c.send()) sent.computeIfAbsent(c.client(), k -> new ArrayDeque<>()).add(name);
                else if (answered && s.got() != null) answered(prefix + c.client(), name, kind(s.got()));
            } else if (s.step() instanceof Scenario.Receive rv && answered && s.got() != null) {
                ArrayDeque<String> q = sent.get(rv.client());
                answered(prefix + rv.client(), q == null || q.isEmpty() ? "RECV" : q.poll(), kind(s.got()));
            }
        }
        state.clear();
    }

    /** Counts a recorded history: every call that got a reply, and every disconnect made. */
    public synchronized void history(History h) {
        String prefix = "h:";
        state.clear();
        for (Call c : h.calls()) {
            String client = prefix + c.client();
            if (c.op() instanceof Op.Command cmd) {
                String name = cmd.argv().get(0).toUpperCase(Locale.ROOT);
                if (name.equals(RedisCommands.DISCONNECT)) closed(client, DISCONNECT);
                else if (c.reply() != null) answered(client, name, kind(c.reply()));
            } else if (c.op() instanceof Op.Transaction t && c.reply() instanceof dev.txnharness.properties.history.Reply.Array a
                    && a.items().size() == 2) {
                if (!t.watch().isEmpty()) answered(client, "WATCH", Kind.OK);
                for (Op.Command r : t.reads()) answered(client, r.argv().get(0).toUpperCase(Locale.ROOT), Kind.OTHER);
                answered(client, "MULTI", Kind.OK);
                for (Op.Command q : t.queued()) answered(client, q.argv().get(0).toUpperCase(Locale.ROOT), Kind.QUEUED);
                answered(client, "EXEC", kind(a.items().get(1)));
            }
        }
        state.clear();
    }

    private void answered(String client, String name, Kind k) {
        commands.merge(name, 1L, Long::sum);
        boolean[] st = state.computeIfAbsent(client, x -> new boolean[2]);
        if (k == Kind.QUEUED) path("QUEUED");
        switch (name) {
            case "MULTI" -> st[0] |= k == Kind.OK;
            case "WATCH" -> st[1] |= k == Kind.OK;
            case "UNWATCH" -> st[1] = false;
            case "EXEC" -> {
                if (k == Kind.EXECABORT) path("EXECABORT");
                else if (k == Kind.NIL) path("nil EXEC (watch abort)");
                else if (k == Kind.ARRAY || k == Kind.ARRAY_WITH_ERROR) path("EXEC ran");
                if (k == Kind.ARRAY_WITH_ERROR) path("run-time error inside EXEC");
                st[0] = st[1] = false;
            }
            case "DISCARD" -> {
                if (k == Kind.OK) path("DISCARD");
                st[0] = st[1] = false;
            }
            case "RESET" -> st[0] = st[1] = false;
            case "QUIT" -> closed(client, null);
            default -> { }
        }
    }

    /** A connection closed (CLOSE, a disconnect, QUIT): a path when its client was in a transaction. */
    private void closed(String client, String countAs) {
        if (countAs != null) commands.merge(countAs, 1L, Long::sum);
        boolean[] st = state.remove(client);
        if (st != null && (st[0] || st[1])) path("disconnect/QUIT in a transaction");
    }

    private void path(String p) {
        paths.merge(p, 1L, Long::sum);
    }

    private static Kind kind(String replyText) {
        dev.txnharness.engine.protocol.Reply r;
        try {
            r = ReplyText.parse(replyText);
        } catch (RuntimeException notAReply) {
            return Kind.OTHER;
        }
        if (r instanceof dev.txnharness.engine.protocol.Reply.Simple s) return s.value().equals("QUEUED") ? Kind.QUEUED
                : s.value().equals("OK") ? Kind.OK : Kind.OTHER;
        if (r instanceof dev.txnharness.engine.protocol.Reply.Err e) return e.message().startsWith("EXECABORT") ? Kind.EXECABORT : Kind.ERROR;
        if (r instanceof dev.txnharness.engine.protocol.Reply.NullArray || r instanceof dev.txnharness.engine.protocol.Reply.NullBulk
                || r instanceof dev.txnharness.engine.protocol.Reply.Null) return Kind.NIL;
        if (r instanceof dev.txnharness.engine.protocol.Reply.Array a) {
            return a.items().stream().anyMatch(x -> x instanceof dev.txnharness.engine.protocol.Reply.Err) ? Kind.ARRAY_WITH_ERROR : Kind.ARRAY;
        }
        return Kind.OTHER;
    }

    private static Kind kind(dev.txnharness.properties.history.Reply r) {
        if (r instanceof dev.txnharness.properties.history.Reply.Simple s) return s.value().equals("QUEUED") ? Kind.QUEUED
                : s.value().equals("OK") ? Kind.OK : Kind.OTHER;
        if (r instanceof dev.txnharness.properties.history.Reply.Error e) return e.message().startsWith("EXECABORT") ? Kind.EXECABORT : Kind.ERROR;
        if (r instanceof dev.txnharness.properties.history.Reply.NullArray || r instanceof dev.txnharness.properties.history.Reply.NullBulk) {
            return Kind.NIL;
        }
        if (r instanceof dev.txnharness.properties.history.Reply.Array a) {
            return a.items().stream().anyMatch(x -> x instanceof dev.txnharness.properties.history.Reply.Error) ? Kind.ARRAY_WITH_ERROR
                    : Kind.ARRAY;
        }
        return Kind.OTHER;
    }

    /** The counts so far. */
    public synchronized RunSummary.Coverage summary() {
        return new RunSummary.Coverage(new TreeMap<>(commands), new LinkedHashMap<>(paths));
    }

    /** One console line per kind: the transaction paths, then the commands, most exercised first. */
    public static void print(PrintStream out, RunSummary.Coverage c) {
        if (c == null || c.commands().isEmpty()) return;
        StringBuilder p = new StringBuilder("exercised paths: ");
        int i = 0;
        for (var e : c.paths().entrySet()) p.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        out.println(p);
        List<Map.Entry<String, Long>> cmds = new java.util.ArrayList<>(c.commands().entrySet());
        cmds.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder s = new StringBuilder("exercised commands (" + cmds.size() + "): ");
        for (int j = 0; j < cmds.size(); j++) s.append(j == 0 ? "" : ", ").append(cmds.get(j).getKey()).append(' ').append(cmds.get(j).getValue());
        out.println(s);
    }
}
