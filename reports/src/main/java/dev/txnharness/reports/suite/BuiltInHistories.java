package dev.txnharness.reports.suite;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.LinearizabilityChecker;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in histories suite: odd-numbered histories run their clients in a seeded interleaving,
 * one command at a time (deterministic on any correct server: the same seed gives the same
 * history); even-numbered ones run each client on its own thread (real concurrency). Each history
 * is checked against {@link RedisModel}; a violating one is shrunk, by re-running fewer commands
 * in the recorded order, to a minimal sequence that still gets a reply Redis would not give.
 */
public final class BuiltInHistories implements HistoriesSuite {
    static final String SCHEDULED = "linearizable under a seeded schedule";
    static final String THREADED = "linearizable under real concurrency";

    @Override
    public String name() {
        return "built-in";
    }

    @Override
    public void run(Target target, Settings s, Listener listener) throws Exception {
        long deadline = System.nanoTime() + s.time().toNanos();
        for (int i = 1; ; i++) {
            if (i > 1 && (System.nanoTime() > deadline || listener.stop())) break;
            if (s.maxHistories() > 0 && i > s.maxHistories()) break;
            long seed = historySeed(s.seed(), i);
            boolean threaded = i % 2 == 0 && s.clients() > 1;
            History h = threaded ? threaded(target, s.clients(), s.ops(), seed) : scheduled(target, s.clients(), s.ops(), seed);
            listener.checked(judge(target, i, threaded ? THREADED : SCHEDULED, seed, s, h));
        }
    }

    /** The seed of the i-th history of a run (printed with it, so one history can be re-run). */
    public static long historySeed(long runSeed, int i) {
        return new SplittableRandom(runSeed + i * 0x9E3779B97F4A7C15L).nextLong();
    }

    /** Checks a recorded history and, on a violation, shrinks it to a minimal counterexample. */
    static HistoryRun judge(Target target, int index, String property, long seed, Settings s, History h) {
        int clients = (int) h.events().stream().mapToInt(Event::client).distinct().count();
        CheckResult<RedisInput, Reply> result = check(h, s.checkBudget());
        int recordedOps = (int) h.events().stream().filter(e -> e.type() == EventType.INVOKE).count();
        if (result.verdict() != Verdict.VIOLATION) {
            return new HistoryRun(index, property, seed, clients, recordedOps, h, result, false, List.of());
        }
        List<Execution.Step> steps = stepsOf(h);
        if (s.shrink()) {
            Execution.Outcome min = Shrink.minimal(target, steps, Duration.ofSeconds(10));
            if (min != null) {
                CheckResult<RedisInput, Reply> r = check(min.history(), s.checkBudget());
                if (r.verdict() == Verdict.VIOLATION) {
                    return new HistoryRun(index, property, seed, clients, recordedOps, min.history(), r, true,
                            replay(min.steps(), min.replies()));
                }
            }
        }
        List<Reply> recorded = new ArrayList<>();
        for (var c : repliesInInvokeOrder(h)) recorded.add(c);
        return new HistoryRun(index, property, seed, clients, recordedOps, h, result, false, replay(steps, recorded));
    }

    static CheckResult<RedisInput, Reply> check(History h, Duration budget) {
        return new LinearizabilityChecker(budget).check(new RedisModel(), RedisModel.operations(h.calls()));
    }

    private static List<HistoryRun.ReplayStep> replay(List<Execution.Step> steps, List<Reply> got) {
        List<Reply> want = Execution.expected(steps);
        List<HistoryRun.ReplayStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            out.add(new HistoryRun.ReplayStep(steps.get(i).client(), steps.get(i).argv(), got.get(i), want.get(i)));
        }
        return out;
    }

    /** The commands of a history in invoke order (transaction records are not produced here). */
    static List<Execution.Step> stepsOf(History h) {
        List<Execution.Step> steps = new ArrayList<>();
        for (Event e : h.events()) {
            if (e.type() != EventType.INVOKE) continue;
            if (e.op() instanceof Op.Command c) {
                steps.add(new Execution.Step(e.client(), c.argv()));
            } else {
                Op.Transaction t = (Op.Transaction) e.op();
                if (!t.watch().isEmpty()) {
                    List<String> w = new ArrayList<>(List.of("WATCH"));
                    w.addAll(t.watch());
                    steps.add(new Execution.Step(e.client(), w));
                }
                t.reads().forEach(r -> steps.add(new Execution.Step(e.client(), r.argv())));
                steps.add(new Execution.Step(e.client(), List.of("MULTI")));
                t.queued().forEach(q -> steps.add(new Execution.Step(e.client(), q.argv())));
                steps.add(new Execution.Step(e.client(), List.of("EXEC")));
            }
        }
        return steps;
    }

    /** The reply of each command in invoke order (null: unknown; transactions: not split). */
    static List<Reply> savedReplies(History h) {
        return repliesInInvokeOrder(h);
    }

    private static List<Reply> repliesInInvokeOrder(History h) {
        List<Reply> out = new ArrayList<>();
        java.util.Map<Integer, Integer> open = new java.util.HashMap<>();
        for (Event e : h.events()) {
            if (e.type() == EventType.INVOKE) {
                if (e.op() instanceof Op.Transaction t) {
                    int n = (t.watch().isEmpty() ? 0 : 1) + t.reads().size() + 1 + t.queued().size() + 1;
                    for (int k = 0; k < n; k++) out.add(null);
                    continue;
                }
                open.put(e.client(), out.size());
                out.add(null);
            } else {
                Integer at = open.remove(e.client());
                if (at != null && e.type() == EventType.OK) out.set(at, e.reply());
            }
        }
        return out;
    }

    /** One history with the clients interleaved by a seeded schedule, one command at a time. */
    static History scheduled(Target target, int clients, int ops, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> keys = keys(clients);
        List<ClientScript> scripts = new ArrayList<>();
        for (int c = 0; c < clients; c++) scripts.add(new ClientScript(rnd.split(), keys));
        Reply[] last = new Reply[clients];
        Execution.flushAll(target);
        HistoryRecorder rec = new HistoryRecorder();
        List<Connection> conns = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) conns.add(target.connect());
            for (int n = 0; n < ops; n++) {
                int c = rnd.nextInt(clients);
                last[c] = call(rec, conns.get(c), c + 1, scripts.get(c).next(last[c]));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot connect to " + target.name() + ": " + e.getMessage(), e);
        } finally {
            conns.forEach(Connection::close);
        }
        return rec.history();
    }

    /** One history with each client on its own thread. */
    static History threaded(Target target, int clients, int ops, long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> keys = keys(clients);
        Execution.flushAll(target);
        HistoryRecorder rec = new HistoryRecorder();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c + 1;
            int mine = ops / clients + (c < ops % clients ? 1 : 0);
            ClientScript script = new ClientScript(rnd.split(), keys);
            Connection conn = target.connect();
            Thread t = new Thread(() -> {
                try (conn) {
                    start.await();
                    Reply last = null;
                    for (int n = 0; n < mine; n++) last = call(rec, conn, client, script.next(last));
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "harness-client-" + client);
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw failure.get();
        return rec.history();
    }

    private static Reply call(HistoryRecorder rec, Connection conn, int client, List<String> argv) {
        Op.Command op = new Op.Command(argv);
        rec.invoke(client, op);
        try {
            Reply r = Replies.of(conn.call(argv.toArray(String[]::new)));
            rec.ok(client, op, r);
            return r;
        } catch (IndeterminateException e) {
            rec.info(client, op);
            return null;
        }
    }

    private static List<String> keys(int clients) {
        int n = Math.max(2, Math.min(4, clients / 2 + 1));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) keys.add("k" + i);
        return keys;
    }
}
