package dev.txnharness.properties.target;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.resp.RespServer;
import dev.txnharness.engine.resp.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * The reference engine behind its RESP server on an ephemeral loopback port, on a {@link
 * ManualClock} the harness moves: the same engine as {@link EngineTarget}, but every command
 * crosses the wire.
 */
public final class RespTarget extends SocketTarget {
    private final ManualClock clock;
    private final Engine engine;
    private final RespServer server;

    private RespTarget(ManualClock clock, Engine engine, RespServer server, Duration timeout) {
        super("resp", "127.0.0.1", server.port(), timeout);
        this.clock = clock;
        this.engine = engine;
        this.server = server;
    }

    /** Starts an engine (with test-only faults, usually none) and its server. */
    public static RespTarget start(Set<Fault> faults, Duration timeout) {
        ManualClock clock = new ManualClock();
        Engine engine = Engine.builder().clock(clock).faults(faults).build();
        try {
            RespServer server = RespServer.start(engine, ServerConfig.defaults().withPort(0));
            return new RespTarget(clock, engine, server, timeout);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException("could not start the engine's RESP server: " + e.getMessage(), e);
        }
    }

    public static RespTarget start() {
        return start(Set.of(), Duration.ofSeconds(10));
    }

    public RespServer server() {
        return server;
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public String version() {
        return "reference engine (Redis " + Engine.REDIS_VERSION + " semantics) over RESP at 127.0.0.1:" + server.port();
    }

    @Override
    public String redisVersion() {
        return "7.0";
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
        server.close();
        engine.close();
    }
}
