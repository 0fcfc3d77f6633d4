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
 */
public final class ScenarioRunner {

    /** One step's outcome; {@code got} is null for steps that read nothing. */
    public record StepResult(Scenario.Step step, String expected, String got, boolean ok) {}

    /** The outcome of a whole scenario on one target. */
    public record Result(Scenario scenario, String target, List<StepResult> steps, long nanos) {
        public boolean passed() {
            return steps.stream().allMatch(StepResult::ok);
        }

        /** The failing steps as a readable report (expected vs got, with file lines). */
        public String describeFailures() {
            StringBuilder sb = new StringBuilder();
            sb.append(scenario.name()).append(".scn — ").append(scenario.title()).append(" — on ").append(target).append('\n');
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
            flush(target);
            for (Scenario.Step step : sc.steps()) {
                results.add(runStep(step, target, conns, version, check));
            }
        } finally {
            for (Connection c : conns.values()) c.close();
        }
        return new Result(sc, target.name(), results, System.nanoTime() - t0);
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
                return judge(step, c.expectFor(version), got, check);
            }
            if (step instanceof Scenario.Receive r) {
                Reply got = connection(target, conns, r.client()).receive();
                return judge(step, r.expectFor(version), got, check);
            }
            throw new IllegalStateException("unknown step " + step);
        } catch (IndeterminateException e) {
            return new StepResult(step, expectedText(step, version), "indeterminate: " + e.getMessage(), false);
        } catch (IOException e) {
            return new StepResult(step, expectedText(step, version), "could not connect: " + e.getMessage(), false);
        }
    }

    private static String expectedText(Scenario.Step step, String version) {
        if (step instanceof Scenario.Command c && !c.send()) return c.expectFor(version).toString();
        if (step instanceof Scenario.Receive r) return r.expectFor(version).toString();
        return null;
    }

    private StepResult judge(Scenario.Step step, Scenario.Expect e, Reply got, boolean check) {
        String gotText = ReplyText.render(got);
        if (!check) return new StepResult(step, e == null ? null : e.toString(), gotText, true);
        return new StepResult(step, e.toString(), gotText, matches(e, got));
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

    private static void flush(Target target) {
        try (Connection c = target.connect()) {
            c.call("FLUSHALL");
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

    /** What a client that cannot tell simple from bulk strings, or one null from another, sees. */
    static final class Lossy {
        private Lossy() {}

        static Reply normalize(Reply r) {
            if (r instanceof Reply.Simple s) return new Reply.Bulk(s.value().getBytes(StandardCharsets.ISO_8859_1));
            if (r instanceof Reply.NullArray || r instanceof Reply.Null) return Reply.NullBulk.INSTANCE;
            if (r instanceof Reply.Array a) {
                List<Reply> out = new ArrayList<>();
                for (Reply x : a.items()) out.add(normalize(x));
                return new Reply.Array(out);
            }
            return r;
        }
    }
}
