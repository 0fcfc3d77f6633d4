package dev.txnharness.engine.resp;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link WireCases} on the engine's RESP server, over epoll where the platform has it. */
class EngineWireConformanceTest extends WireConformanceSuite {
    private static EngineServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EngineServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Override
    int port() {
        return server.port();
    }
}
