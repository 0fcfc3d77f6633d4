package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link WireCases} on the engine's RESP server over NIO, the transport used where epoll is not. */
class EngineNioWireConformanceTest extends WireConformanceSuite {
    private static EngineServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EngineServer.start(ServerConfig.defaults().withNativeTransport(false));
        assertEquals("nio", server.server.transport());
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
