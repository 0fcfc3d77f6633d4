package dev.txnharness.properties.distributed;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One history of the distributed workload: {@code clients} threads run transactions on their own
 * hash tag for {@code duration} while the {@link Nemesis} injects one fault; then the harness waits
 * for the deployment to be whole again, reads every list back from the primaries, and checks it
 * ({@link DistributedCheck}).
 */
public final class DistributedHistory {
    /** What a history is run with. */
    public record Settings(int clients, Duration duration, int waitReplicas, String runId) {}

    /** What the final read found for one client's tag. */
    public record Read(String tag, List<String> a, List<String> b, long counter) {}

    /**
     * A history: its transactions, the faults with their times, the final read and the check.
     * {@code primaryRestartedEmpty}: the nemesis restarted a killed primary before any failover, so
     * it came back empty (its WAIT-acknowledged losses are unknown, not violations).
     */
    public record Result(int index, long seed, Fault fault, List<Txn> txns, List<FaultEvent> events, List<Read> reads,
                         DistributedCheck.Outcome check, String crossSlotProbe, long millis, boolean primaryRestartedEmpty) {}

    private DistributedHistory() {}

    /** Runs history {@code index} with one fault (null: none). */
    public static Result run(Deployment d, Settings s, int index, long seed, Fault fault) {
        long t0 = System.nanoTime();
        List<FaultEvent> events = Collections.synchronizedList(new ArrayList<>());
        String probe = d.hasSlots() ? crossSlotProbe(d, s.runId() + "h" + index) : null;
        List<List<Txn>> perClient = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        Throwable[] crash = new Throwable[1];
        long end = t0 + s.duration().toNanos();
        for (int c = 0; c < s.clients(); c++) {
            List<Txn> mine = new ArrayList<>();
            perClient.add(mine);
            String tag = "{" + s.runId() + "h" + index + "c" + c + "}";
            int client = c;
            Thread th = new Thread(() -> {
                try (Session session = d.session()) {
                    for (int n = 0; System.nanoTime() < end && !stop.get() && !d.closed(); n++) {
                        mine.add(transaction(session, client, tag, "c" + client + "-" + n, s.waitReplicas(), t0));
                    }
                } catch (Throwable e) { // our own bug: its transaction in flight would look like a phantom; the history is not checked
                    synchronized (crash) {
                        if (crash[0] == null) crash[0] = e;
                    }
                    stop.set(true);
                }
            }, "distributed-client-" + c);
            th.setDaemon(true);
            threads.add(th);
        }
        List<String> tags = new ArrayList<>();
        for (int c = 0; c < s.clients(); c++) tags.add("{" + s.runId() + "h" + index + "c" + c + "}");
        Nemesis nemesis = new Nemesis(d, fault, new Random(seed), t0, s.duration(), events, tags);
        Thread nt = new Thread(nemesis, "nemesis");
        nt.setDaemon(true);
        for (Thread th : threads) th.start();
        nt.start();
        try {
            for (Thread th : threads) th.join();
            nt.join();
        } catch (InterruptedException e) {
            stop.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        synchronized (crash) {
            if (crash[0] != null) {
                throw new IllegalStateException("a distributed client thread crashed (" + crash[0]
                        + "); its transaction in flight is indeterminate, history " + index + " is not checked", crash[0]);
            }
        }
        if (nemesis.failure() != null) throw new IllegalStateException("the nemesis failed: " + nemesis.failure(), nemesis.failure());
        String wrong = d.awaitHealthy(Duration.ofSeconds(60));
        events.add(new FaultEvent(ms(t0), "healthy", wrong == null ? "the deployment is whole again" : "not whole after 60 s: " + wrong));
        List<Txn> txns = new ArrayList<>();
        perClient.forEach(txns::addAll);
        List<Read> reads = new ArrayList<>();
        try (Session session = d.session()) {
            for (int c = 0; c < s.clients(); c++) reads.add(read(session, "{" + s.runId() + "h" + index + "c" + c + "}"));
            if (!d.launched()) for (Read r : reads) delete(session, r.tag());
        }
        boolean wiped = nemesis.restartedEmpty();
        return new Result(index, seed, fault, txns, List.copyOf(events), reads, DistributedCheck.check(txns, reads, d.replicasPerShard(), wiped), probe,
                (System.nanoTime() - t0) / 1_000_000, wiped);
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** How long a transaction keeps retrying after cluster redirections before it is counted as failed. */
    static final long RETRY_MILLIS = 10_000;

    /**
     * One transaction; never throws: an unknown outcome is INFO. A Redis Cluster may refuse it as a
     * whole while a slot moves (an -ASK or -MOVED to a queued command makes EXEC answer -EXECABORT;
     * EXEC itself may answer -TRYAGAIN, -ASK or -MOVED): nothing of it ran, so it is sent again
     * (after -ASK to the importing node preceded by ASKING, after -MOVED where the slot map now
     * says, after -TRYAGAIN a moment later), and every refused attempt is kept in {@link Txn#retries}.
     */
    static Txn transaction(Session session, int client, String tag, String value, int waitReplicas, long t0) {
        long start = ms(t0);
        List<String> retries = new ArrayList<>();
        String askTo = null;
        while (true) {
            Attempt a = attempt(session, client, tag, value, waitReplicas, t0, start, askTo);
            if (a.txn() != null) return withRetries(a.txn(), retries);
            retries.add(a.kind() + ": " + a.line());
            if (ms(t0) - start > RETRY_MILLIS) {
                return new Txn(client, tag, value, start, ms(t0), Txn.Outcome.FAIL, 0, "still refused after " + RETRY_MILLIS + " ms: " + a.line(), retries);
            }
            askTo = null;
            switch (a.kind()) {
                case "ASK" -> askTo = a.error().split(" ")[2]; // ASK 15891 127.0.0.1:7001
                case "MOVED" -> {
                    session.redirected(a.error());
                    if (retries.size() > 3) Waits.pause(20); // nodes that disagree on the slot map for now (a failover): do not spin
                }
                default -> Waits.pause(20); // TRYAGAIN: the slot's keys are split between two nodes for now
            }
        }
    }

    /** An attempt: the transaction's end, or the redirection that refused it as a whole (kind ASK, MOVED or TRYAGAIN). */
    private record Attempt(Txn txn, String kind, String error, String line) {}

    private static Txn withRetries(Txn t, List<String> retries) {
        return retries.isEmpty() ? t : new Txn(t.client(), t.tag(), t.value(), t.startMillis(), t.endMillis(), t.outcome(), t.waitAcks(), t.detail(), retries);
    }

    /** The redirection an error is (ASK, MOVED, TRYAGAIN), or null. */
    static String redirection(String error) {
        for (String k : new String[] {"ASK ", "MOVED ", "TRYAGAIN"}) if (error.startsWith(k)) return k.trim();
        return null;
    }

    private static Attempt attempt(Session session, int client, String tag, String value, int waitReplicas, long t0, long start, String askTo) {
        Connection c;
        try {
            c = askTo != null ? session.at(askTo) : session.forKey(tag + "a");
        } catch (IOException e) {
            Waits.pause(50); // no node to talk to (a failover under way): nothing was sent
            return new Attempt(new Txn(client, tag, value, start, ms(t0), Txn.Outcome.FAIL, 0, "no connection: " + e.getMessage()), null, null, null);
        }
        boolean execSent = false;
        try {
            if (askTo != null) {
                // ASKING before MULTI: the flag lasts until EXEC (an ASKING inside MULTI is only queued; docs/DISTRIBUTED.md)
                Reply asking = c.call("ASKING");
                if (asking instanceof Reply.Err e) return end(failed(session, c, client, tag, value, start, t0, "ASKING: " + e.message()));
            }
            Reply m = c.call("MULTI");
            if (m instanceof Reply.Err e) return end(failed(session, c, client, tag, value, start, t0, "MULTI: " + e.message()));
            String queueError = null, redirect = null;
            for (String[] cmd : new String[][] {{"RPUSH", tag + "a", value}, {"RPUSH", tag + "b", value}, {"INCR", tag + "n"}}) {
                Reply r = c.call(cmd);
                if (r instanceof Reply.Err e) {
                    if (queueError == null) queueError = e.message();
                    if (redirect == null && redirection(e.message()) != null) redirect = e.message();
                }
            }
            execSent = true;
            Reply r = c.call("EXEC");
            String where = askTo != null ? "ASKING; MULTI on " + askTo : "MULTI";
            if (r instanceof Reply.Err e) {
                if (redirection(e.message()) != null) return new Attempt(null, redirection(e.message()), e.message(), where + ": EXEC got -" + e.message() + " (discarded)");
                if (e.message().startsWith("EXECABORT") && redirect != null && redirect.equals(queueError)) {
                    return new Attempt(null, redirection(redirect), redirect, where + ": a queued command got -" + redirect + ", EXEC -EXECABORT");
                }
                String why = "EXEC: " + e.message() + (queueError == null ? "" : " (queued: " + queueError + ")");
                return end(failed(session, c, client, tag, value, start, t0, why));
            }
            if (!(r instanceof Reply.Array a)) return end(failed(session, c, client, tag, value, start, t0, "EXEC answered " + r));
            String itemError = null;
            for (Reply i : a.items()) if (i instanceof Reply.Err e) itemError = e.message();
            int acks = 0;
            if (waitReplicas > 0) {
                try {
                    acks = c.call("WAIT", Integer.toString(waitReplicas), "0") instanceof Reply.Int n ? (int) n.value() : 0;
                } catch (IndeterminateException e) {
                    session.broken(c); // EXEC was acknowledged; only the WAIT is unknown
                }
            }
            return end(new Txn(client, tag, value, start, ms(t0), Txn.Outcome.OK, acks, itemError == null ? "" : "EXEC reply has an error: " + itemError));
        } catch (IndeterminateException e) {
            session.broken(c);
            return end(new Txn(client, tag, value, start, ms(t0), execSent ? Txn.Outcome.INFO : Txn.Outcome.FAIL, 0,
                    (execSent ? "no reply to EXEC: " : "connection lost before EXEC was sent: ") + e.getMessage()));
        }
    }

    private static Attempt end(Txn t) {
        return new Attempt(t, null, null, null);
    }

    private static Txn failed(Session session, Connection c, int client, String tag, String value, long start, long t0, String why) {
        session.broken(c); // -READONLY from a demoted primary, -CLUSTERDOWN, -LOADING...: find the topology again
        Waits.pause(20);
        return new Txn(client, tag, value, start, ms(t0), Txn.Outcome.FAIL, 0, why);
    }

    /** The final read of one tag's lists and counter, following MOVED. */
    static Read read(Session session, String tag) {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                Connection c = session.forKey(tag + "a");
                Reply a = c.call("LRANGE", tag + "a", "0", "-1");
                Reply b = c.call("LRANGE", tag + "b", "0", "-1");
                Reply n = c.call("GET", tag + "n");
                String err = a instanceof Reply.Err e ? e.message() : b instanceof Reply.Err e ? e.message() : n instanceof Reply.Err e ? e.message() : null;
                if (err != null) {
                    if (err.startsWith("MOVED")) session.redirected(err);
                    else session.broken(c);
                    last = new IOException(err);
                    Waits.pause(100);
                    continue;
                }
                String counter = Replies.text(n);
                return new Read(tag, Replies.strings(a), Replies.strings(b), counter.isEmpty() ? 0 : Long.parseLong(counter));
            } catch (IOException e) {
                last = e;
                Waits.pause(100);
            }
        }
        throw new IllegalStateException("the final read of " + tag + " failed: " + (last == null ? "?" : last.getMessage()));
    }

    /** Deletes a tag's keys from a deployment the harness did not launch (someone's: leave it as found). */
    static void delete(Session session, String tag) {
        try {
            session.forKey(tag + "a").call("DEL", tag + "a", tag + "b", tag + "n");
        } catch (IOException e) {
            // best effort: the keys carry the run's id in their hash tag
        }
    }

    /** How a cross-slot probe that could not tell starts ({@link #crossSlotProbe}): noted, never a violation. */
    public static final String INCONCLUSIVE = "inconclusive: ";

    /**
     * A deliberate cross-slot transaction: {@code MULTI; MSET {x}k 1 {y}k 1; EXEC} with {x} and {y}
     * in different slots. Redis Cluster answers the MSET with -CROSSSLOT at queue time and EXEC with
     * -EXECABORT; neither key may exist afterwards. Returns null when that held, a line starting with
     * {@link #INCONCLUSIVE} when the probe could not tell (no reply; an error to MULTI, after which
     * nothing more is sent; an error to EXISTS such as -MOVED or -CLUSTERDOWN), else what happened.
     */
    static String crossSlotProbe(Deployment d, String id) {
        String k1 = "{" + id + "p1}k", k2 = null;
        for (int i = 2; k2 == null; i++) {
            String k = "{" + id + "p" + i + "}k";
            if (ClusterDeployment.slot(k) != ClusterDeployment.slot(k1)) k2 = k;
        }
        try (Session s = d.session()) {
            Connection c = s.forKey(k1);
            Reply multi = c.call("MULTI");
            if (multi instanceof Reply.Err e) return INCONCLUSIVE + "MULTI got -" + e.message() + " (the probe sent nothing more)";
            Reply mset = c.call("MSET", k1, "1", k2, "1");
            Reply exec = c.call("EXEC");
            return probeVerdict(k1, k2, multi, mset, exec, s.forKey(k1).call("EXISTS", k1), s.forKey(k2).call("EXISTS", k2));
        } catch (IOException e) {
            return INCONCLUSIVE + "the probe got no reply: " + e.getMessage();
        }
    }

    /**
     * What the probe's replies say: null when MSET got -CROSSSLOT, EXEC -EXECABORT and both EXISTS
     * 0; inconclusive when MULTI or an EXISTS got an error (a key counts as written only on an
     * integer above 0); else the replies, as the violation's evidence.
     */
    static String probeVerdict(String k1, String k2, Reply multi, Reply mset, Reply exec, Reply exists1, Reply exists2) {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("MULTI", String.valueOf(multi));
        seen.put("MSET", String.valueOf(mset));
        seen.put("EXEC", String.valueOf(exec));
        seen.put("EXISTS " + k1, String.valueOf(exists1));
        seen.put("EXISTS " + k2, String.valueOf(exists2));
        String line = "MULTI; MSET " + k1 + " 1 " + k2 + " 1; EXEC got " + seen;
        if (multi instanceof Reply.Err || !(exists1 instanceof Reply.Int) || !(exists2 instanceof Reply.Int)) {
            return INCONCLUSIVE + line + " (an error to MULTI or EXISTS: the probe cannot tell, not counted)";
        }
        boolean written = ((Reply.Int) exists1).value() > 0 || ((Reply.Int) exists2).value() > 0;
        boolean crossSlot = mset instanceof Reply.Err e && e.message().startsWith("CROSSSLOT");
        boolean aborted = exec instanceof Reply.Err e2 && e2.message().startsWith("EXECABORT");
        if (crossSlot && aborted && !written) return null;
        return line + (written ? "; a key was written" : "");
    }
}
