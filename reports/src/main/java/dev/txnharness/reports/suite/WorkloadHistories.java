package dev.txnharness.reports.suite;

import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.check.Violation;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.scenario.ClusterRedirectException;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.workload.Execution;
import dev.txnharness.properties.workload.Invariants;
import dev.txnharness.properties.workload.Runs;
import dev.txnharness.properties.workload.Workload;
import dev.txnharness.properties.workload.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The histories suite on properties' workload machinery: each history is a workload drawn by
 * {@link Workloads} (mixed single commands and transaction templates, CAS-increment loops, pair
 * writes and reads; every third history FLUSHDB / FLUSHALL instead of the last two; on a
 * deterministic schedule also TTLs that run out at clock steps, {@link Workloads.Spec#withExpiry}; on
 * real threads TTLs too long to run out, {@link Workloads#onRealTime}, but for client-private keys
 * whose short TTLs really run out, {@link Workloads.Spec#onRealTime}, their expiries recorded by
 * {@link Runs#threaded}), run by
 * {@link Runs} and judged by {@link Invariants}: linearizable against {@link RedisModel}, the CAS
 * counter equals the committed CAS EXECs, no EXEC seen half-applied.
 *
 * <p>Mode ({@link HistoriesSuite.Schedule}, {@code --schedule}): on a target that controls its clock
 * (the engine, in-process or behind its RESP server) odd histories run on a deterministic schedule
 * drawn from the history's seed ({@link Runs#deterministic}) and even ones on real threads
 * ({@link Runs#threaded}), or all of them one way; on any other target every history runs on real
 * threads. On the in-process engine a history is shrunk with a budget of re-runs, not of time, so
 * with {@code --schedule deterministic} the same --seed gives the same histories and the same
 * counterexamples; a counterexample found on real threads says how often it reproduced.
 * A violating history is shrunk by {@link Shrink} (delta debugging on the recorded order, which
 * works for both modes) to a minimal sequence whose replies deviate from Redis's; that history is
 * what the report shows and the replay script replays.
 */
public final class WorkloadHistories implements HistoriesSuite {
    static final String SCHEDULED = "workload invariants, deterministic schedule";
    static final String THREADED = "workload invariants, real threads";
    /**
     * Commands per block, on average over the specs used (measured: 2.33 with CAS loops and pairs,
     * 1.86 with FLUSHes; one history in three is the latter), so a history has about --ops commands.
     */
    private static final double OPS_PER_BLOCK = 2.2;
    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "workload";
    }

    @Override
    public String describe(Target target, Settings s) {
        return "histories: properties' workloads (" + s.clients() + " clients, about " + s.ops()
                + " commands per history; mixed commands and transactions, CAS loops, pair transactions, every third "
                + "with FLUSHes instead) checked for linearizability, the CAS counter and no half-applied EXEC; "
                + "TTLs (SET PX, PEXPIRE), the issue 13 blocks (RENAME, COPY, MOVE, SELECT, SWAPDB, no-op writes, disconnects); "
                + s.schedule().describe(target) + " (a deterministic schedule has steps of the target's clock that expire keys; "
                + "on real threads TTLs of shared keys are too long to run out, " + Workloads.REAL_TIME_TTL_MS / 1000
                + " s, and client-private keys get 50-300 ms TTLs that do, each expiry checked within "
                + dev.txnharness.properties.workload.Runs.EXPIRY_MARGIN_MS + " ms of its window)";
    }

    @Override
    public void run(Target target, Settings s, Listener listener) throws Exception {
        long deadline = System.nanoTime() + s.time().toNanos();
        int blocks = Math.max(1, (int) Math.round(s.ops() / (double) s.clients() / OPS_PER_BLOCK));
        for (int i = 1; ; i++) {
            if (i > 1 && (System.nanoTime() > deadline || listener.stop())) break;
            if (s.maxHistories() > 0 && i > s.maxHistories()) break;
            long seed = historySeed(s.seed(), i);
            boolean threaded = s.schedule().threaded(target, i, s.clients());
            Choices choices = Choices.random(seed, Integer.MAX_VALUE);
            Workloads.Spec spec = threaded ? spec(i, s.clients()).onRealTime() : spec(i, s.clients());
            Workload w = Workloads.fixed(spec, s.clients(), blocks).draw(choices);
            // no clock steps; TTLs too long to run out, but for the keys of the real-time expiry blocks
            if (threaded) w = Workloads.onRealTime(w);
            Execution e = threaded ? Runs.threaded(target, w) : Runs.deterministic(target, w, choices);
            refuseRedirects(target, e.history());
            listener.recorded(e.history());
            listener.checked(judge(target, i, threaded ? THREADED : SCHEDULED, seed, s, e));
        }
    }

    /**
     * A {@code -MOVED} / {@code -ASK} reply anywhere (an EXEC's items included) means the target is a
     * cluster node or a proxy in front of one: the history says nothing about linearizability, and
     * no later one would either.
     */
    static void refuseRedirects(Target target, History h) {
        for (dev.txnharness.properties.history.Event ev : h.events()) {
            Reply.Error redirect = redirect(ev.reply());
            if (redirect != null) {
                throw new ClusterRedirectException(target.name() + " answered -" + redirect.message()
                        + ": this is a Redis Cluster node (or a proxy in front of one); cluster targets are not supported yet");
            }
        }
    }

    private static Reply.Error redirect(Reply r) {
        if (r instanceof Reply.Error e && (e.code().equals("MOVED") || e.code().equals("ASK"))) return e;
        if (r instanceof Reply.Array a) {
            for (Reply x : a.items()) {
                Reply.Error e = redirect(x);
                if (e != null) return e;
            }
        }
        return null;
    }

    /** The in-process engine: nothing but the seed decides what it answers, so its runs can be repeated exactly. */
    static boolean inProcess(Target target) {
        return target instanceof dev.txnharness.properties.target.EngineTarget;
    }

    /** The seed of the i-th history of a run (printed with it, so one history can be re-run). */
    public static long historySeed(long runSeed, int i) {
        return new SplittableRandom(runSeed + i * 0x9E3779B97F4A7C15L).nextLong();
    }

    /**
     * The shape of the i-th history: every third with FLUSHes instead of the CAS loop and pairs; all
     * with the expiry blocks (on real threads made fit for real time by {@link Workloads#onRealTime})
     * and the blocks of issue 13 ({@link Workloads.Spec#withCoverage}: RENAME, COPY, MOVE, SELECT and
     * SWAPDB across databases, no-op writes, partial pops, chained transactions, QUIT and disconnects).
     */
    static Workloads.Spec spec(int i, int clients) {
        return (i % 3 == 0 ? Workloads.Spec.withFlush(clients) : Workloads.Spec.properties(clients)).withExpiry().withCoverage();
    }

    /** Checks a run and, on a violation, shrinks it to a minimal counterexample. */
    static HistoryRun judge(Target target, int index, String property, long seed, Settings s, Execution e) {
        History h = e.history();
        int clients = e.workload().size();
        int recordedOps = (int) h.events().stream().filter(x -> x.type() == EventType.INVOKE).count();
        CheckResult<RedisInput, Reply> result = judge(e, s.checkBudget());
        if (result.verdict() != Verdict.VIOLATION) {
            return new HistoryRun(index, property, seed, clients, recordedOps, h, result, false, List.of());
        }
        OrderedRun.Outcome recorded = OrderedRun.outcome(e);
        boolean threaded = property.equals(THREADED);
        if (realExpiries(h)) {
            // the keys expired on the server's own clock: a replay in one order cannot repeat when
            return new HistoryRun(index, property, seed, clients, recordedOps, h, result, false, recorded.steps(), null);
        }
        if (s.shrink()) {
            OrderedRun.Outcome min = Shrink.minimal(target, recorded.plan(), inProcess(target) ? null : SHRINK_BUDGET);
            if (min != null) {
                CheckResult<RedisInput, Reply> r = judge(min.execution(), s.checkBudget());
                if (r.verdict() == Verdict.VIOLATION) {
                    return new HistoryRun(index, property, seed, clients, recordedOps, min.history(), r, true, min.steps(),
                            threaded ? reproduced(target, min.plan()) : null);
                }
            }
        }
        return new HistoryRun(index, property, seed, clients, recordedOps, h, result, false, recorded.steps(),
                threaded ? reproduced(target, recorded.plan()) : null);
    }

    /** True when the history holds keys' expiries on real time ({@link RedisCommands#EXPIRY}). */
    static boolean realExpiries(History h) {
        for (dev.txnharness.properties.history.Event ev : h.events()) {
            if (ev.op() instanceof dev.txnharness.properties.history.Op.Command c && RedisCommands.isExpiry(c)) return true;
        }
        return false;
    }

    /** Replays of a real-threads counterexample, to say how often it reproduces. */
    static final int REPRODUCE_ATTEMPTS = 20;

    /**
     * How often a counterexample found on real threads deviates again when its commands are
     * replayed in the recorded order, one at a time: "20/20" for a bug that needs no race, less
     * for one that showed only under that interleaving.
     */
    static String reproduced(Target target, List<OrderedRun.Cmd> plan) {
        int hits = 0;
        for (int i = 0; i < REPRODUCE_ATTEMPTS; i++) {
            if (Thread.currentThread().isInterrupted()) return hits + "/" + i;
            if (OrderedRun.firstDeviation(OrderedRun.run(target, plan)) >= 0) hits++;
        }
        return hits + "/" + REPRODUCE_ATTEMPTS;
    }

    /**
     * The three invariants as one verdict: the checker's, unless it found the history linearizable
     * (or ran out of budget) while the counter or the half-applied-EXEC invariant fails — then a
     * violation whose reason is that invariant's words, blamed on the last op (the final read).
     */
    static CheckResult<RedisInput, Reply> judge(Execution e, Duration budget) {
        CheckResult<RedisInput, Reply> r = Invariants.check(e, budget);
        if (r.verdict() == Verdict.VIOLATION) return r;
        String broken = null;
        try {
            Invariants.counterMatchesCommits(e);
            Invariants.noHalfAppliedExec(e);
        } catch (AssertionError err) {
            String m = String.valueOf(err.getMessage());
            int nl = m.indexOf('\n');
            broken = nl < 0 ? m : m.substring(0, nl);
        }
        if (broken == null) return r;
        List<Operation<RedisInput, Reply>> ops = RedisModel.operations(e.history().calls());
        Violation<RedisInput, Reply> v = new Violation<>(List.of(), "(not checked: " + r.verdict() + ")",
                ops.get(ops.size() - 1), broken);
        return new CheckResult<>(Verdict.VIOLATION, v, r.elapsed(), r.parts(), r.configurations(), null);
    }
}
