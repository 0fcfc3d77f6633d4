package dev.txnharness.reports.report;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.scenario.ReplyText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Groups failing scenarios by root cause: the rule their first deviating step breaks, named from
 * the command of that step and the kind of reply expected and got ("EXEC answers $-1 instead of
 * *-1"). A deviation that only changes the RESP type of the same value (what redis-cli prints
 * alike: {@code $-1} and {@code *-1}, {@code +PONG} and {@code $4 PONG}) is its own kind,
 * {@link #WIRE_TYPE}, apart from {@link #BEHAVIOUR} deviations, so ten bugs read as ten lines
 * however many scenarios each one breaks.
 *
 * <p>The key is stable across runs and machines: it holds no line numbers, timings or values
 * that vary between scenarios (two different bulk strings are "a different bulk string").
 */
public final class Triage {
    /** A reply of another value. */
    public static final String BEHAVIOUR = "behaviour";
    /** The same value, another RESP type. */
    public static final String WIRE_TYPE = "wire type only";

    private Triage() {}

    /**
     * The groups of the failing scenarios (outcome FAILED) in {@code outcomes}: behaviour groups
     * first, then wire-type ones, each by count (most first), then key.
     */
    public static List<RunSummary.FailureGroup> groups(List<RunSummary.ScenarioOutcome> outcomes) {
        Map<String, List<RunSummary.ScenarioOutcome>> byKey = new LinkedHashMap<>();
        Map<String, Cause> causes = new LinkedHashMap<>();
        for (RunSummary.ScenarioOutcome o : outcomes) {
            if (!o.failed() || o.failures().isEmpty()) continue;
            Cause c = cause(o.failures().get(0));
            String key = o.target() + " | " + c.key();
            causes.putIfAbsent(key, c);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
        }
        List<RunSummary.FailureGroup> out = new ArrayList<>();
        for (var e : byKey.entrySet()) {
            List<RunSummary.ScenarioOutcome> all = e.getValue();
            RunSummary.ScenarioOutcome ex = all.stream()
                    .min(Comparator.comparingInt(Triage::length).thenComparing(RunSummary.ScenarioOutcome::name)).orElseThrow();
            Cause c = causes.get(e.getKey());
            out.add(new RunSummary.FailureGroup(e.getKey(), c.kind(), ex.target(), c.rule(), all.size(), ex.name(), ex.file(),
                    all.stream().map(RunSummary.ScenarioOutcome::name).toList()));
        }
        out.sort(Comparator.comparing((RunSummary.FailureGroup g) -> g.kind().equals(WIRE_TYPE))
                .thenComparing(Comparator.comparingInt(RunSummary.FailureGroup::count).reversed())
                .thenComparing(RunSummary.FailureGroup::key));
        return out;
    }

    /** Steps in the scenario (its transcript length when an older summary lacks it). */
    private static int length(RunSummary.ScenarioOutcome o) {
        return o.length() > 0 ? o.length() : o.transcript().size();
    }

    /** Why one step deviates: its group key, kind and rule in words. */
    public record Cause(String key, String kind, String rule) {}

    /** The cause of a deviating step. */
    public static Cause cause(RunSummary.StepDiff d) {
        String cmd = d.command() != null ? d.command().toUpperCase(Locale.ROOT) : commandOf(d.step());
        Reply want = parse(d.expected()), got = parse(d.got());
        if (want == null || got == null) {
            String rule = cmd + " answers " + shorten(d.got()) + " instead of " + shorten(d.expected());
            return new Cause(BEHAVIOUR + " | " + cmd + " | " + shorten(d.expected()) + " | " + shorten(d.got()), BEHAVIOUR, rule);
        }
        boolean wireOnly = !want.equals(got) && untyped(want).equals(untyped(got));
        if (isQueued(got) && !isQueued(want)) {
            // queued where Redis answers at once: one root cause whatever the command (a command
            // with the wrong arity queued; a client left in MULTI), so the command stays out of the key
            String instead = want instanceof Reply.Err e
                    ? (e.message().contains("wrong number of arguments") ? "its arity error (-ERR wrong number of arguments)" : shortText(want, false))
                    : "its reply (the client was still in MULTI)";
            String rule = "a command answers +QUEUED instead of " + instead;
            return new Cause(BEHAVIOUR + " | (any command) | " + instead + " | +QUEUED", BEHAVIOUR, rule);
        }
        String who = cmd.equals("EXEC") && isNull(want) ? "aborted EXEC" : cmd;
        String[] cls = classes(want, got, "", wireOnly);
        String kind = wireOnly ? WIRE_TYPE : BEHAVIOUR;
        String rule = who + " answers " + cls[1] + " instead of " + cls[0] + cls[2];
        return new Cause(kind + " | " + who + " | " + cls[0] + " | " + cls[1] + cls[2], kind, rule);
    }

    /** The command of a described step ("a: SET k v", "b: SEND BLPOP l 0"); RECV when it reads a reply. */
    static String commandOf(String step) {
        String s = step == null ? "" : step;
        int colon = s.indexOf(": ");
        if (colon >= 0) s = s.substring(colon + 2);
        if (s.startsWith("SEND ")) s = s.substring(5);
        int sp = s.indexOf(' ');
        return (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
    }

    private static Reply parse(String text) {
        if (text == null || text.equals("*")) return null;
        String t = text.startsWith("unordered ") ? text.substring("unordered ".length()) : text;
        try {
            return ReplyText.parse(t);
        } catch (RuntimeException notAReply) {
            return null; // "indeterminate: ...", "not run: ..."
        }
    }

    /**
     * What tells the expected reply from the one got, as two class names and where: the first
     * differing item of two arrays of one length (" in an item of its array"), a different value
     * of the same type ("a different bulk string"), or each reply's type and short text.
     */
    private static String[] classes(Reply want, Reply got, String where, boolean wire) {
        if (want instanceof Reply.Array a && got instanceof Reply.Array b && a.items().size() == b.items().size()) {
            for (int i = 0; i < a.items().size(); i++) {
                if (!a.items().get(i).equals(b.items().get(i))) return classes(a.items().get(i), b.items().get(i), " in an item of its array", wire);
            }
        }
        String tw = type(want), tg = type(got);
        if (tw.equals(tg) && !(want instanceof Reply.Simple) && !(want instanceof Reply.Err)) {
            String size = want instanceof Reply.Array a && got instanceof Reply.Array b
                    ? (b.items().size() < a.items().size() ? "a shorter " : "a longer ") : "a different ";
            return new String[] {"the expected " + tw, size + tw, where};
        }
        return new String[] {shortText(want, wire), shortText(got, wire), where};
    }

    private static String type(Reply r) {
        if (r instanceof Reply.Simple) return "simple string";
        if (r instanceof Reply.Err) return "error";
        if (r instanceof Reply.Int) return "integer";
        if (r instanceof Reply.Bulk) return "bulk string";
        if (r instanceof Reply.NullBulk) return "$-1";
        if (r instanceof Reply.NullArray) return "*-1";
        if (r instanceof Reply.Null) return "_";
        if (r instanceof Reply.Array) return "array";
        if (r instanceof Reply.SetReply) return "set";
        if (r instanceof Reply.MapReply) return "map";
        if (r instanceof Reply.Push) return "push";
        return r.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * A reply's type marker, with the text of a status or an error (+PONG, -ERR ...), and the value
     * of a bulk string or integer only when {@code value} (a wire-type deviation: $4 "PONG", :1);
     * else the value would split one rule into a group per value.
     */
    private static String shortText(Reply r, boolean value) {
        if (r instanceof Reply.Simple s) return "+" + shorten(s.value());
        if (r instanceof Reply.Err e) return "-" + shorten(errorRule(e.message()));
        if (r instanceof Reply.Bulk b) return value ? "$" + b.value().length + " " + shorten(ReplyText.render(b)) : "a bulk string";
        if (r instanceof Reply.Int i) return value ? ":" + i.value() : "an integer";
        if (r instanceof Reply.Array) return "an array";
        return shorten(ReplyText.render(r)); // :1, $-1, *-1, _ ...
    }

    /** A reply +QUEUED. */
    private static boolean isQueued(Reply r) {
        return r instanceof Reply.Simple q && q.value().equals("QUEUED");
    }

    /**
     * An error's text without what names the command or echoes its arguments ('set', 'client|id',
     * "with args beginning with: ..."), so that one rule broken by several commands is one group.
     */
    static String errorRule(String message) {
        String m = message.replaceAll("'[^']*'", "'…'").replaceAll("`[^`]*`", "'…'");
        int args = m.indexOf(", with args beginning with:");
        return args < 0 ? m : m.substring(0, args);
    }

    private static String shorten(String s) {
        if (s == null) return "(nothing)";
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }

    private static boolean isNull(Reply r) {
        return r instanceof Reply.NullArray || r instanceof Reply.NullBulk || r instanceof Reply.Null;
    }

    /**
     * The reply with its RESP type forgotten, as a client that prints values sees it: simple and
     * bulk strings alike, every null alike, sets and maps as arrays, RESP3 scalars as strings.
     */
    static Object untyped(Reply r) {
        if (r instanceof Reply.Simple x) return "s:" + x.value();
        if (r instanceof Reply.Bulk x) return "s:" + new String(x.value(), StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.Verbatim x) return "s:" + new String(x.value(), StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.BigNumber x) return "s:" + x.value();
        if (r instanceof Reply.DoubleReply x) return "s:" + ReplyText.render(x).substring(1);
        if (r instanceof Reply.Int x) return "i:" + x.value();
        if (r instanceof Reply.Bool x) return "i:" + (x.value() ? 1 : 0);
        if (isNull(r)) return "nil";
        if (r instanceof Reply.Err x) return "e:" + x.message();
        if (r instanceof Reply.Array x) return x.items().stream().map(Triage::untyped).toList();
        if (r instanceof Reply.SetReply x) return x.items().stream().map(Triage::untyped).toList();
        if (r instanceof Reply.Push x) return x.items().stream().map(Triage::untyped).toList();
        if (r instanceof Reply.MapReply x) return x.keysAndValues().stream().map(Triage::untyped).toList();
        return ReplyText.render(r);
    }

    /**
     * Prints the groups after a run: one line each with the count, the kind, the rule, and the
     * shortest scenario of the group with its file.
     */
    public static void print(java.io.PrintStream out, List<RunSummary.FailureGroup> groups) {
        if (groups.isEmpty()) return;
        int n = groups.stream().mapToInt(RunSummary.FailureGroup::count).sum();
        out.println();
        out.println("failing scenarios by root cause: " + groups.size() + " rule(s) broken, " + n + " scenario(s)");
        boolean targets = groups.stream().map(RunSummary.FailureGroup::target).distinct().count() > 1; // name them only then
        for (RunSummary.FailureGroup g : groups) {
            out.printf(Locale.ROOT, "  %4d  %-14s  %s%s%n        e.g. %s (%s)%n", g.count(), g.kind(), g.rule(),
                    targets ? "  [" + g.target() + "]" : "", g.example(), g.exampleFile());
        }
    }
}
