package dev.txnharness.properties.target;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.protocol.RespReader;
import dev.txnharness.engine.protocol.RespWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference engine in this JVM, on a {@link ManualClock} the harness moves. Each reply goes
 * through the RESP bytes the server would send and back, so a reply here is exactly what a
 * network client of the engine would read.
 */
public final class EngineTarget implements Target {
    private final ManualClock clock = new ManualClock();
    private final Engine engine;
    private final long timeoutMillis;

    public EngineTarget() {
        this(Set.of(), 10_000);
    }

    /** An engine built with test-only faults; {@code timeoutMillis} bounds a blocked command's wait. */
    public EngineTarget(Set<Fault> faults, long timeoutMillis) {
        this.engine = Engine.builder().clock(clock).faults(faults).build();
        this.timeoutMillis = timeoutMillis;
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public String name() {
        return engine.faults().isEmpty() ? "engine" : "engine" + engine.faults();
    }

    @Override
    public String version() {
        return "reference engine (Redis " + Engine.REDIS_VERSION + " semantics), in-process";
    }

    @Override
    public String redisVersion() {
        return "7.0";
    }

    @Override
    public Connection connect() {
        return new EngineConnection(engine.connect());
    }

    @Override
    public boolean controlsClock() {
        return true;
    }

    @Override
    public void advanceClock(long millis) {
        clock.advance(millis);
        engine.cron();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A client of the in-process engine; replies of blocked commands arrive asynchronously. */
    private final class EngineConnection implements Connection {
        private final Client client;
        private final ArrayDeque<CompletableFuture<Reply>> pending = new ArrayDeque<>();
        private volatile CompletableFuture<Reply> blocked;

        EngineConnection(Client client) {
            this.client = client;
            client.onAsyncReply(r -> {
                CompletableFuture<Reply> f = blocked;
                blocked = null;
                if (f != null) f.complete(wire(r, client.protocol()));
            });
        }


        @Override
        public void send(byte[]... argv) throws IndeterminateException {
            if (client.isClosed()) throw new IndeterminateException("connection closed");
            // A server queues a command sent behind a blocked one; in-process there is no queue.
            if (blocked != null) throw new IndeterminateException("command sent while blocked: not supported in-process");
            CompletableFuture<Reply> f = new CompletableFuture<>();
            blocked = f;
            Reply r;
            try {
                r = client.execute(argv);
            } catch (IllegalStateException e) {
                blocked = null;
                throw new IndeterminateException(e.getMessage(), e);
            }
            if (r != null) {
                blocked = null;
                f.complete(wire(r, client.protocol()));
            }
            pending.add(f);
        }

        @Override
        public Reply receive() throws IndeterminateException {
            CompletableFuture<Reply> f = pending.poll();
            if (f == null) throw new IllegalStateException("no reply pending");
            try {
                return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IndeterminateException("no reply within " + timeoutMillis + " ms", e);
            } catch (ExecutionException e) {
                throw new IndeterminateException(String.valueOf(e.getCause().getMessage()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IndeterminateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The reply as a network client would read it for this protocol. */
    static Reply wire(Reply r, int protocol) {
        try {
            return new RespReader(new ByteArrayInputStream(RespWriter.toBytes(r, protocol))).read();
        } catch (IOException e) {
            throw new IllegalStateException("the engine wrote a reply it cannot read back: " + r, e);
        }
    }
}
