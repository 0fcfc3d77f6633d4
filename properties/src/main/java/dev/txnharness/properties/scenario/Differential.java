package dev.txnharness.properties.scenario;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the same scenario on two targets and compares them reply by reply, whatever the file
 * expects: the way to hold the engine (or any server) against a real Redis.
 *
 * <p>Where Redis leaves the order of a reply unspecified — the members of a set (SMEMBERS, SINTER,
 * SUNION, SDIFF, SPOP and SRANDMEMBER with a count), KEYS, the fields of a hash (HKEYS, HVALS,
 * HGETALL as pairs) — and where the file itself says {@code unordered}, two replies with the same
 * items in another order are the same; inside an EXEC each item is compared as its queued command
 * says. Two redis-servers list a set's members in different orders, and that is no difference;
 * nor are the connection ids of CLIENT ID and HELLO, which count every client a server has served.
 */
public final class Differential {
    private Differential() {}

    /** A step where the two targets answered differently. */
    public record Difference(Scenario.Step step, String a, String b) {}

    /**
     * The outcome: every difference, in order. {@code outcome} is PASSED (the same), FAILED (a reply
     * differs), or INDETERMINATE / COULD_NOT_RUN when either side's run ended so (a dropped
     * connection, a refused setup): then the differences are not evidence of anything.
     */
    public record Report(Scenario scenario, String targetA, String targetB, List<Difference> differences,
                         ScenarioRunner.Outcome outcome) {
        public Report(Scenario scenario, String targetA, String targetB, List<Difference> differences) {
            this(scenario, targetA, targetB, differences, differences.isEmpty() ? ScenarioRunner.Outcome.PASSED : ScenarioRunner.Outcome.FAILED);
        }

        public boolean same() {
            return differences.isEmpty();
        }

        /** A readable diff: one block per differing step. */
        public String render() {
            StringBuilder sb = new StringBuilder();
            sb.append("--- ").append(targetA).append('\n').append("+++ ").append(targetB).append('\n');
            sb.append("@@ ").append(scenario.name()).append(".scn — ").append(scenario.title()).append('\n');
            if (differences.isEmpty()) sb.append("  (no difference)\n");
            for (Difference d : differences) {
                sb.append("  line ").append(d.step().line()).append(": ").append(ScenarioRunner.describe(d.step())).append('\n')
                  .append("  - ").append(d.a()).append('\n')
                  .append("  + ").append(d.b()).append('\n');
            }
            return sb.toString();
        }
    }

    /** Commands whose reply lists items in an order Redis does not specify (with a count for SPOP / SRANDMEMBER). */
    private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "KEYS", "HKEYS", "HVALS");

    public static Report compare(Scenario sc, Target a, Target b) {
        ScenarioRunner runner = new ScenarioRunner();
        ScenarioRunner.Result ra = runner.execute(sc, a, false);
        ScenarioRunner.Result rb = runner.execute(sc, b, false);
        List<Difference> diffs = new ArrayList<>();
        Map<String, List<List<String>>> queued = new HashMap<>(); // client -> commands queued since MULTI
        for (int i = 0; i < Math.min(ra.steps().size(), rb.steps().size()); i++) {
            Scenario.Step step = ra.steps().get(i).step();
            List<List<String>> execOf = track(step, queued);
            String x = ra.steps().get(i).got(), y = rb.steps().get(i).got();
            if (x == null && y == null) continue;
            if (x != null && (x.equals(y) || sameButForOrder(step, execOf, x, y))) continue;
            diffs.add(new Difference(step, x, y));
        }
        for (int i = Math.min(ra.steps().size(), rb.steps().size()); i < Math.max(ra.steps().size(), rb.steps().size()); i++) {
            // one side stopped early (a dropped connection, a refused setup)
            ScenarioRunner.StepResult r = i < ra.steps().size() ? ra.steps().get(i) : rb.steps().get(i);
            diffs.add(new Difference(r.step(), i < ra.steps().size() ? r.got() : "(not run)", i < rb.steps().size() ? r.got() : "(not run)"));
        }
        ScenarioRunner.Outcome outcome = diffs.isEmpty() ? ScenarioRunner.Outcome.PASSED : ScenarioRunner.Outcome.FAILED;
        for (ScenarioRunner.Outcome side : List.of(ra.outcome(), rb.outcome())) {
            if (side == ScenarioRunner.Outcome.COULD_NOT_RUN || side == ScenarioRunner.Outcome.INDETERMINATE && outcome != ScenarioRunner.Outcome.COULD_NOT_RUN) {
                outcome = side;
            }
        }
        return new Report(sc, a.name(), b.name(), diffs, outcome);
    }

    /** Follows each client's MULTI queue; returns the queued commands when the step is an EXEC. */
    private static List<List<String>> track(Scenario.Step step, Map<String, List<List<String>>> queued) {
        if (!(step instanceof Scenario.Command c) || c.send()) return null;
        String name = c.argv().get(0).toUpperCase(Locale.ROOT);
        switch (name) {
            case "MULTI" -> queued.putIfAbsent(c.client(), new ArrayList<>());
            case "EXEC" -> {
                return queued.remove(c.client());
            }
            case "DISCARD", "RESET" -> queued.remove(c.client());
            default -> {
                List<List<String>> q = queued.get(c.client());
                if (q != null) q.add(c.argv());
            }
        }
        return null;
    }

    private static boolean sameButForOrder(Scenario.Step step, List<List<String>> execOf, String x, String y) {
        if (y == null) return false;
        Reply rx, ry;
        try {
            rx = ReplyText.parse(x);
            ry = ReplyText.parse(y);
        } catch (RuntimeException notAReply) {
            return false; // "indeterminate: ..." and the like
        }
        if (execOf != null) return canonicalExec(rx, execOf).equals(canonicalExec(ry, execOf));
        boolean fileSaysSo = step instanceof Scenario.Command c && c.expect() != null && c.expect().unordered()
                || step instanceof Scenario.Receive r && r.expect() != null && r.expect().unordered();
        List<String> argv = step instanceof Scenario.Command c ? c.argv() : List.of();
        if (fileSaysSo) return canonical(rx, pairs(argv)).equals(canonical(ry, pairs(argv)));
        return canonical(argv, rx).equals(canonical(argv, ry));
    }

    private static Reply canonicalExec(Reply r, List<List<String>> cmds) {
        if (!(r instanceof Reply.Array a) || a.items().size() != cmds.size()) return r;
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < cmds.size(); i++) out.add(canonical(cmds.get(i), a.items().get(i)));
        return new Reply.Array(out);
    }

    /**
     * The reply with what Redis leaves open fixed: items in sorted order where the order is
     * unspecified, and the connection id (CLIENT ID, HELLO's "id") as 0, since two servers — or one
     * that has served other clients — number connections differently.
     */
    private static Reply canonical(List<String> argv, Reply r) {
        String name = argv.isEmpty() ? "" : argv.get(0).toUpperCase(Locale.ROOT);
        if (RANDOM.contains(name) && r instanceof Reply.Array a) {
            // which members a random pop or pick returns is the server's dice: compare how many
            List<Reply> same = new ArrayList<>();
            for (int i = 0; i < a.items().size(); i++) same.add(new Reply.Simple("(random)"));
            return new Reply.Array(same);
        }
        if (RANDOM.contains(name) && r instanceof Reply.Bulk) return new Reply.Simple("(random bulk)");
        if (unordered(argv)) return canonical(r, pairs(argv));
        if (name.equals("CLIENT") && argv.size() == 2 && argv.get(1).equalsIgnoreCase("ID") && r instanceof Reply.Int) {
            return Reply.Int.of(0);
        }
        if (name.equals("HELLO")) {
            List<Reply> kv = r instanceof Reply.MapReply m ? m.keysAndValues() : r instanceof Reply.Array a ? a.items() : null;
            if (kv == null) return r;
            List<Reply> out = new ArrayList<>(kv);
            for (int i = 0; i + 1 < out.size(); i += 2) {
                if (out.get(i) instanceof Reply.Bulk k && k.utf8().equals("id")) out.set(i + 1, Reply.Int.of(0));
            }
            return r instanceof Reply.MapReply ? new Reply.MapReply(out) : new Reply.Array(out);
        }
        return r;
    }

    /** Whether the command's reply order is unspecified. */
    /** Commands whose members are drawn at random: two servers agree on how many, not which. */
    private static final java.util.Set<String> RANDOM = java.util.Set.of("SPOP", "SRANDMEMBER", "HRANDFIELD", "ZRANDMEMBER");

    static boolean unordered(List<String> argv) {
        if (argv.isEmpty()) return false;
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        if (UNORDERED.contains(name) || name.equals("HGETALL")) return true;
        return (name.equals("SPOP") || name.equals("SRANDMEMBER")) && argv.size() > 2; // with a count: a set of members
    }

    private static int pairs(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equalsIgnoreCase("HGETALL") ? 2 : 1;
    }

    /** The reply with its items (runs of {@code group} items: field and value) sorted by their text. */
    private static Reply canonical(Reply r, int group) {
        List<Reply> items = r instanceof Reply.Array a ? a.items() : r instanceof Reply.SetReply s ? s.items()
                : r instanceof Reply.MapReply m ? m.keysAndValues() : null;
        if (items == null || items.size() % group != 0) return r;
        List<List<Reply>> runs = new ArrayList<>();
        for (int i = 0; i < items.size(); i += group) runs.add(items.subList(i, i + group));
        runs.sort(Comparator.comparing(run -> ReplyText.render(new Reply.Array(run))));
        List<Reply> out = new ArrayList<>();
        runs.forEach(out::addAll);
        if (r instanceof Reply.SetReply) return new Reply.SetReply(out);
        if (r instanceof Reply.MapReply) return new Reply.MapReply(out);
        return new Reply.Array(out);
    }
}
