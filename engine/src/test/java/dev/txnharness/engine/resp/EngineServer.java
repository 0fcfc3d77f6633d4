package dev.txnharness.engine.resp;

import dev.txnharness.engine.Engine;
import java.io.IOException;

/** An engine and a RESP server over it on an ephemeral loopback port, closed together. */
final class EngineServer implements AutoCloseable {
    final Engine engine;
    final RespServer server;

    private EngineServer(Engine engine, RespServer server) {
        this.engine = engine;
        this.server = server;
    }

    static EngineServer start() throws IOException {
        return start(ServerConfig.defaults());
    }

    static EngineServer start(ServerConfig config) throws IOException {
        Engine engine = Engine.create(); // wall clock with cron: BLPOP timeouts fire on their own
        try {
            return new EngineServer(engine, RespServer.start(engine, config));
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    RespClient connect() throws IOException {
        return RespClient.connect("127.0.0.1", server.port());
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
