package dev.txnharness.properties.scenario;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Scenario} on a {@link Target} and compares each reply with the expected one. The
 * database is flushed first (FLUSHALL on a fresh connection) so scenarios do not see each other.
 *
 * <p>Only a reply that contradicts the expected one makes a scenario {@link Outcome#FAILED}. What
 * says nothing about the server's transactions is kept apart: a connection that drops or a reply
 * that never comes makes it {@link Outcome#INDETERMINATE} (someone ran CLIENT KILL, the network
 * broke: the rest of the script is meaningless, so it stops there); a setup the server refuses
 * (CONFIG SET on a managed Redis: {@code -NOPERM}, {@code -ERR unknown command}), a connection that
 * cannot be opened, or a scenario that needs db 0 on a target that selects another db makes it
 * {@link Outcome#COULD_NOT_RUN}. A {@code -MOVED} / {@code -ASK} redirection means the target is a
 * cluster node, which no scenario can run on: {@link ClusterRedirectException}.
 */
public final class ScenarioRunner {

    /** How a scenario ended on a target. Only FAILED says something about the server's transactions. */
    public enum Outcome {
        /** Every reply is the expected one. */
        PASSED,
        /** A reply contradicts the expected one. */
        FAILED,
        /** A connection dropped or a reply never came: the outcome of that step is unknown. */
        INDETERMINATE,
        /** The scenario could not be run as written on this target (a refused setup, no connection). */
        COULD_NOT_RUN
    }

    /** How one step ended. */
    public enum Status {
        OK, DIFFERS, INDETERMINATE, COULD_NOT_RUN
    }

    /** One step's outcome; {@code got} is null for steps that read nothing, or says why there is no reply. */
    public record StepResult(Scenario.Step step, String expected, String got, Status status) {
        public StepResult(Scenario.Step step, String expected, String got, boolean ok) {
            this(step, expected, got, ok ? Status.OK : Status.DIFFERS);
        }

        public boolean ok() {
            return status == Status.OK;
        }
    }

    /** The outcome of a whole scenario on one target. */
    public record Result(Scenario scenario, String target, List<StepResult> steps, long nanos) {
        public boolean passed() {
            return outcome() == Outcome.PASSED;
        }

        /**
         * COULD_NOT_RUN or INDETERMINATE when a step ended so (the scenario stopped there; a reply
         * that differed before it may be the drop's doing, e.g. a killed client's write that never
         * happened), else FAILED when a reply differs, else PASSED.
         */
        public Outcome outcome() {
            boolean differs = false;
            for (StepResult s : steps) {
                if (s.status() == Status.COULD_NOT_RUN) return Outcome.COULD_NOT_RUN;
                if (s.status() == Status.INDETERMINATE) return Outcome.INDETERMINATE;
                differs |= s.status() == Status.DIFFERS;
            }
            return differs ? Outcome.FAILED : Outcome.PASSED;
        }

        /** The failing steps as a readable report (expected vs got, with file lines). */
        public String describeFailures() {
            StringBuilder sb = new StringBuilder();
            sb.append(scenario.name()).append(".scn — ").append(scenario.title()).append(" — on ").append(target);
            if (outcome() != Outcome.FAILED) sb.append(" — ").append(outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            sb.append('\n');
            for (StepResult s : steps) {
                if (s.ok()) continue;
                sb.append("  line ").append(s.step().line()).append(": ").append(describe(s.step())).append('\n')
                  .append("    expected: ").append(s.expected()).append('\n')
                  .append("    got:      ").append(s.got()).append('\n');
            }
            return sb.toString();
        }
    }

    private final boolean lossy;

    /** A runner that compares replies exactly. */
    public ScenarioRunner() {
        this(false);
    }

    /**
     * @param lossy compare modulo what a lossy client cannot see (simple vs bulk strings, the two
     *              nulls), for targets reached through such a client (Jedis)
     */
    public ScenarioRunner(boolean lossy) {
        this.lossy = lossy;
    }

    /** Runs the scenario and checks every reply. */
    public Result run(Scenario sc, Target target) {
        return execute(sc, target, true);
    }

    /** Runs the scenario and records every reply (the "expected" of each result is the file's). */
    public Result execute(Scenario sc, Target target, boolean check) {
        long t0 = System.nanoTime();
        List<StepResult> results = new ArrayList<>();
        Map<String, Connection> conns = new LinkedHashMap<>();
        String version = target.redisVersion();
        try {
            Scenario.Step first = sc.steps().isEmpty() ? null : sc.steps().get(0); // a refusal is reported on it
            String notHere = needsDbZero(sc, target);
            if (notHere != null) {
                results.add(new StepResult(first, null, notHere, Status.COULD_NOT_RUN));
            } else {
                StepResult refused = flush(target, first);
                if (refused != null && first != null) results.add(refused);
            }
            for (int i = 0; i < sc.steps().size() && results.stream().allMatch(r -> r.status() != Status.COULD_NOT_RUN
                    && r.status() != Status.INDETERMINATE); i++) {
                results.add(runStep(sc.steps().get(i), target, conns, version, check));
            }
        } finally {
            for (Connection c : conns.values()) c.close();
        }
        return new Result(sc, target.name(), results, System.nanoTime() - t0);
    }

    /**
     * Why the scenario cannot run on this target (null: it can): it names databases (SELECT,
     * SWAPDB, MOVE, COPY ... DB, RESET back to db 0) as if its clients started in db 0, and the
     * target's connections start in another db.
     */
    private static String needsDbZero(Scenario sc, Target target) {
        if (target.db() == 0) return null;
        for (Scenario.Step st : sc.steps()) {
            if (!(st instanceof Scenario.Command c)) continue;
            String name = c.argv().get(0).toUpperCase(java.util.Locale.ROOT);
            boolean copyDb = name.equals("COPY") && c.argv().stream().anyMatch(a -> a.equalsIgnoreCase("DB"));
            if (name.equals("SELECT") || name.equals("SWAPDB") || name.equals("MOVE") || name.equals("RESET") || copyDb) {
                return "not run: the scenario assumes its clients start in db 0 (line " + c.line() + ": " + describe(c)
                        + "), and the target selects db " + target.db();
            }
        }
        return null;
    }

    private StepResult runStep(Scenario.Step step, Target target, Map<String, Connection> conns, String version, boolean check) {
        try {
            if (step instanceof Scenario.Wait w) {
                if (target.controlsClock()) {
                    target.advanceClock(w.millis());
                } else {
                    sleep(w.millis());
                }
                return new StepResult(step, null, null, true);
            }
            if (step instanceof Scenario.Close c) {
                Connection conn = conns.remove(c.client());
                if (conn != null) conn.close();
                return new StepResult(step, null, null, true);
            }
            if (step instanceof Scenario.Command c) {
                Connection conn = connection(target, conns, c.client());
                byte[][] argv = new byte[c.argv().size()][];
                for (int i = 0; i < argv.length; i++) argv[i] = c.argv().get(i).getBytes(StandardCharsets.ISO_8859_1);
                if (c.send()) {
                    conn.send(argv);
                    return new StepResult(step, null, null, true);
                }
                Reply got = conn.call(argv);
                return judge(step, c.argv(), c.expectFor(version), got, check, target);
            }
            if (step instanceof Scenario.Receive r) {
                Reply got = connection(target, conns, r.client()).receive();
                return judge(step, List.of(), r.expectFor(version), got, check, target);
            }
            throw new IllegalStateException("unknown step " + step);
        } catch (IndeterminateException e) {
            return new StepResult(step, expectedText(step, version), "indeterminate: " + e.getMessage(), Status.INDETERMINATE);
        } catch (IOException e) {
            return new StepResult(step, expectedText(step, version), "could not connect: " + e.getMessage(), Status.COULD_NOT_RUN);
        }
    }

    private static String expectedText(Scenario.Step step, String version) {
        if (step instanceof Scenario.Command c && !c.send()) return c.expectFor(version).toString();
        if (step instanceof Scenario.Receive r) return r.expectFor(version).toString();
        return null;
    }

    private StepResult judge(Scenario.Step step, List<String> argv, Scenario.Expect e, Reply got, boolean check, Target target) {
        String gotText = ReplyText.render(got);
        if (got instanceof Reply.Err err && (err.code().equals("MOVED") || err.code().equals("ASK"))) {
            throw new ClusterRedirectException(target.name() + " answered " + describe(step) + " with -" + err.message()
                    + ": this is a Redis Cluster node (or a proxy in front of one); cluster targets are not supported yet");
        }
        if (!check) return new StepResult(step, e == null ? null : e.toString(), gotText, true);
        if (matches(e, got)) return new StepResult(step, e.toString(), gotText, true);
        if (refusedSetup(argv, got)) {
            return new StepResult(step, e.toString(), "not run: the server refused a setup command: " + gotText, Status.COULD_NOT_RUN);
        }
        return new StepResult(step, e.toString(), gotText, false);
    }

    /** Administrative commands a scenario uses to set the server up, which a managed Redis may forbid. */
    private static final java.util.Set<String> SETUP = java.util.Set.of("CONFIG", "DEBUG", "ACL", "CLIENT", "FLUSHALL",
            "FLUSHDB", "SWAPDB", "SAVE", "BGSAVE", "BGREWRITEAOF", "REPLICAOF", "SLAVEOF", "MODULE", "SHUTDOWN", "OBJECT",
            "SYNC", "PSYNC");

    /**
     * Whether an unexpected reply is the server refusing to be set up, not a transaction bug: any
     * {@code -NOPERM} (an ACL forbids the command), or an administrative command that is unknown
     * (renamed or removed, as managed services do) or forbidden.
     */
    static boolean refusedSetup(List<String> argv, Reply got) {
        if (!(got instanceof Reply.Err err)) return false;
        if (err.code().equals("NOPERM")) return true;
        if (argv.isEmpty() || !SETUP.contains(argv.get(0).toUpperCase(java.util.Locale.ROOT))) return false;
        String m = err.message();
        return m.startsWith("ERR unknown command") || m.startsWith("ERR unknown subcommand")
                || m.contains("not allowed") || m.contains("protected config");
    }

    /** Whether a reply meets an expectation. */
    public boolean matches(Scenario.Expect e, Reply got) {
        if (e.any()) return true;
        Reply want = ReplyText.parse(e.text());
        if (lossy) {
            want = Lossy.normalize(want);
            got = Lossy.normalize(got);
        }
        if (e.unordered()) return sameUnordered(want, got);
        return want.equals(got);
    }

    private static boolean sameUnordered(Reply want, Reply got) {
        List<Reply> a = items(want), b = items(got);
        if (a == null || b == null || want.getClass() != got.getClass()) return want.equals(got);
        List<String> x = new ArrayList<>(), y = new ArrayList<>();
        for (Reply r : a) x.add(ReplyText.render(r));
        for (Reply r : b) y.add(ReplyText.render(r));
        x.sort(null);
        y.sort(null);
        return x.equals(y);
    }

    private static List<Reply> items(Reply r) {
        if (r instanceof Reply.Array a) return a.items();
        if (r instanceof Reply.SetReply s) return s.items();
        return null;
    }

    private static Connection connection(Target target, Map<String, Connection> conns, String client) throws IOException {
        Connection c = conns.get(client);
        if (c == null) {
            c = target.connect();
            conns.put(client, c);
        }
        return c;
    }

    /**
     * FLUSHALL on a fresh connection. Null when done; else why the scenario cannot start, reported
     * on its first step: could not run when the server refuses FLUSHALL, indeterminate when the
     * connection drops before the reply.
     */
    private static StepResult flush(Target target, Scenario.Step first) {
        try (Connection c = target.connect()) {
            Reply r = c.call("FLUSHALL");
            if (r instanceof Reply.Err err) {
                return new StepResult(first, null, "not run: the server refused FLUSHALL, which every scenario starts with: -"
                        + err.message(), Status.COULD_NOT_RUN);
            }
            return null;
        } catch (IndeterminateException e) {
            return new StepResult(first, null, "indeterminate: FLUSHALL, which every scenario starts with, got no reply: "
                    + e.getMessage(), Status.INDETERMINATE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + target.name() + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // a real server's clock can only be waited for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A step as written in the file. */
    public static String describe(Scenario.Step s) {
        if (s instanceof Scenario.Command c) return c.client() + ": " + (c.send() ? "SEND " : "") + String.join(" ", quoteArgs(c.argv()));
        if (s instanceof Scenario.Receive r) return r.client() + ": RECV";
        if (s instanceof Scenario.Close c) return c.client() + ": CLOSE";
        if (s instanceof Scenario.Wait w) return "WAIT " + w.millis();
        return s.toString();
    }

    static List<String> quoteArgs(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            boolean plain = !a.isEmpty() && a.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\\');
            out.add(plain ? a : ReplyText.quote(a.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    /**
     * What a client that cannot tell simple from bulk strings, one null from another, a set from an
     * array, or an empty map from an empty array, sees.
     */
    static final class Lossy {
        private Lossy() {}

        static Reply normalize(Reply r) {
            if (r instanceof Reply.Simple s) return new Reply.Bulk(s.value().getBytes(StandardCharsets.ISO_8859_1));
            if (r instanceof Reply.NullArray || r instanceof Reply.Null) return Reply.NullBulk.INSTANCE;
            if (r instanceof Reply.Array || r instanceof Reply.SetReply) { // a RESP3 set reaches Jedis as a list
                List<Reply> out = new ArrayList<>();
                for (Reply x : r instanceof Reply.Array a ? a.items() : ((Reply.SetReply) r).items()) out.add(normalize(x));
                return new Reply.Array(out);
            }
            if (r instanceof Reply.MapReply m) {
                if (m.keysAndValues().isEmpty()) return Reply.Array.EMPTY; // Jedis's empty list of key-values
                List<Reply> out = new ArrayList<>();
                for (Reply x : m.keysAndValues()) out.add(normalize(x));
                return new Reply.MapReply(out);
            }
            return r;
        }
    }
}
