package dev.txnharness.engine.bench;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process throughput of the reference engine: GET, SET, and a MULTI + 3 INCR + EXEC
 * transaction, on one thread and on two (the machine has two cores; both threads contend for the
 * engine's one lock, as clients of Redis share its one event loop). Each thread is its own client.
 *
 * <p>Run: {@code scripts/bench.sh} (or see docs/PERFORMANCE.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] GET = b("GET"), SET = b("SET"), INCR = b("INCR"), MULTI = b("MULTI"), EXEC = b("EXEC");
    private static final byte[] VALUE = b("xxx");

    /** One engine shared by all threads of a run. */
    @State(Scope.Benchmark)
    public static class Shared {
        Engine engine;

        @Setup(Level.Trial)
        public void setUp() {
            engine = Engine.builder().cronMillis(0).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** Each thread is one client working on its own keys (contention is on the lock, not the keys). */
    @State(Scope.Thread)
    public static class PerThread {
        Client client;
        byte[] key, a, b, c;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            client = shared.engine.connect();
            long id = client.id();
            key = b("key:" + id);
            a = b("a:" + id);
            b = b("b:" + id);
            c = b("c:" + id);
            client.execute(SET, key, VALUE);
        }
    }

    @Benchmark
    @Threads(1)
    public Reply get1(PerThread t) {
        return t.client.execute(GET, t.key);
    }

    @Benchmark
    @Threads(2)
    public Reply get2(PerThread t) {
        return t.client.execute(GET, t.key);
    }

    @Benchmark
    @Threads(1)
    public Reply set1(PerThread t) {
        return t.client.execute(SET, t.key, VALUE);
    }

    @Benchmark
    @Threads(2)
    public Reply set2(PerThread t) {
        return t.client.execute(SET, t.key, VALUE);
    }

    /** One MULTI + 3 INCR + EXEC transaction per operation (5 commands). */
    @Benchmark
    @Threads(1)
    public Reply multiIncr3Exec1(PerThread t) {
        return txn(t);
    }

    @Benchmark
    @Threads(2)
    public Reply multiIncr3Exec2(PerThread t) {
        return txn(t);
    }

    private static Reply txn(PerThread t) {
        Client c = t.client;
        c.execute(MULTI);
        c.execute(INCR, t.a);
        c.execute(INCR, t.b);
        c.execute(INCR, t.c);
        return c.execute(EXEC);
    }
}
