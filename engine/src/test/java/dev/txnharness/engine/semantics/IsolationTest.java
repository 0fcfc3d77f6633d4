package dev.txnharness.engine.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.EngineTestSupport.Session;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Isolation with real threads: no other client's command runs between the commands of an EXEC,
 * so a reader never sees half of a transaction, and WATCH-based check-and-set loses no update.
 *
 * <p>Covers SEMANTICS.md line 13, and line 15 under real concurrency (a concurrent write between
 * WATCH and EXEC always aborts). Each scenario is bounded by an operation count, not by time, and
 * asserts on every observation, so it is deterministic in what it checks; the threads only vary
 * which interleavings get exercised. The fault variants ({@link FaultsAreObservableTest}) prove
 * these scenarios detect a non-isolated EXEC and an ignored WATCH.
 */
class IsolationTest {

    /** Runs the tasks on their own threads, released together, and waits for all (at most 20 s). */
    static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get(20, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    // an assertion failed on a worker thread: report it as the test's own failure
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Check-and-set increments: each of {@code threads} clients does WATCH c, GET c, MULTI,
     * SET c v+1, EXEC until {@code perThread} of its EXECs succeeded. Answers the final value of c
     * and, per thread, how many EXECs aborted.
     */
    static long casIncrements(Session s, int threads, int perThread, List<Integer> abortsOut) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Conn c = s.connect();
            tasks.add(() -> {
                int aborts = 0;
                for (int done = 0; done < perThread; ) {
                    c.ok("WATCH c");
                    Reply v = c.send("GET c");
                    long n = v instanceof Reply.Bulk b ? Long.parseLong(b.utf8()) : 0;
                    c.ok("MULTI");
                    c.queued("SET c " + (n + 1));
                    Reply r = c.send("EXEC");
                    if (r instanceof Reply.NullArray) aborts++;
                    else done++;
                }
                return aborts;
            });
        }
        abortsOut.addAll(runConcurrently(tasks));
        Reply fin = s.connect().send("GET c");
        return Long.parseLong(((Reply.Bulk) fin).utf8());
    }

    /**
     * A writer runs {@code txns} transactions MULTI; SET a i; {@code gap} × PING; SET b i; EXEC while
     * a reader keeps reading a and b in one step (MGET). Answers how many reads saw a != b, the
     * reader stopping at the first torn read if {@code stopAtFirst}.
     */
    static int tornReads(Session s, int txns, int gap, boolean stopAtFirst) throws Exception {
        Conn writer = s.connect(), reader = s.connect();
        writer.ok("MSET a 0 b 0");
        AtomicBoolean done = new AtomicBoolean();
        Callable<Integer> w = () -> {
            try {
                for (int i = 1; i <= txns && !(stopAtFirst && done.get()); i++) {
                    writer.ok("MULTI");
                    writer.queued("SET a " + i);
                    for (int p = 0; p < gap; p++) writer.queued("PING");
                    writer.queued("SET b " + i);
                    Reply r = writer.send("EXEC");
                    assertTrue(r instanceof Reply.Array arr && arr.items().size() == gap + 2, "EXEC ran: " + r);
                }
                return 0;
            } finally {
                done.set(true);
            }
        };
        Callable<Integer> r = () -> {
            int torn = 0;
            while (!done.get()) {
                Reply.Array ab = (Reply.Array) reader.send("MGET a b");
                if (!ab.items().get(0).equals(ab.items().get(1))) {
                    torn++;
                    if (stopAtFirst) done.set(true);
                }
            }
            return torn;
        };
        return runConcurrently(List.of(w, r)).get(1);
    }

    @Test
    @DisplayName("WATCH / GET / MULTI / SET / EXEC increments from two threads lose no update")
    void casIncrementsLoseNothing() throws Exception {
        try (Session s = new Session()) {
            List<Integer> aborts = new ArrayList<>();
            long fin = casIncrements(s, 2, 2_000, aborts);
            assertEquals(4_000, fin, "every successful EXEC incremented exactly once (aborted EXECs: " + aborts + ")");
        }
    }

    @Test
    @DisplayName("A reader never sees half of a transaction's writes (MGET of two keys set in one MULTI)")
    void neverTorn() throws Exception {
        try (Session s = new Session()) {
            assertEquals(0, tornReads(s, 3_000, 20, false), "reads that saw a != b");
        }
    }

    @Test
    @DisplayName("No other client's command runs between the commands of an EXEC (counter seen only at multiples of the batch)")
    void batchesAreAtomic() throws Exception {
        int batch = 25, batches = 400;
        try (Session s = new Session()) {
            Conn writer = s.connect(), reader = s.connect();
            AtomicBoolean done = new AtomicBoolean();
            Callable<Long> w = () -> {
                try {
                    for (int i = 0; i < batches; i++) {
                        writer.ok("MULTI");
                        for (int j = 0; j < batch; j++) writer.queued("INCR n");
                        writer.send("EXEC");
                    }
                    return 0L;
                } finally {
                    done.set(true);
                }
            };
            Callable<Long> r = () -> {
                long reads = 0;
                while (!done.get()) {
                    Reply v = reader.send("GET n");
                    long n = v instanceof Reply.Bulk b ? Long.parseLong(b.utf8()) : 0;
                    assertEquals(0, n % batch, "GET n saw " + n + ": the middle of an EXEC");
                    reads++;
                }
                return reads;
            };
            runConcurrently(List.of(w, r));
            reader.expect("GET n", dev.txnharness.engine.EngineTestSupport.bulk(Integer.toString(batch * batches)));
        }
    }

    @Test
    @DisplayName("A concurrent write between WATCH and EXEC always aborts the EXEC (no lost update, with a blind writer)")
    void blindWriterAlwaysAborts() throws Exception {
        try (Session s = new Session()) {
            Conn cas = s.connect(), blind = s.connect();
            cas.ok("SET k 0");
            int rounds = 2_000;
            Callable<Integer> casTask = () -> {
                int committed = 0;
                for (int i = 0; i < rounds; i++) {
                    cas.ok("WATCH k");
                    Reply before = cas.send("GET k");
                    cas.ok("MULTI");
                    cas.queued("GET k");
                    Reply r = cas.send("EXEC");
                    if (r instanceof Reply.Array arr) {
                        // committed: nobody wrote k since WATCH, so EXEC read what GET read
                        assertEquals(before, arr.items().get(0), "EXEC ran although k changed after WATCH");
                        committed++;
                    }
                }
                return committed;
            };
            Callable<Integer> blindTask = () -> {
                for (int i = 1; i <= rounds; i++) blind.ok("SET k " + i);
                return 0;
            };
            runConcurrently(List.of(casTask, blindTask));
        }
    }
}
