package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.protocol.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link WireCases} exchanges, byte for byte, against one server. One subclass per target: a
 * real redis-server (proving the table is what Redis does) and the engine (proving it does the
 * same).
 */
abstract class WireConformanceSuite {
    /** The port of the server under test. */
    abstract int port();

    static java.util.List<WireCases.Case> protocolErrors() {
        return WireCases.protocolErrors();
    }

    static java.util.List<WireCases.Case> accepted() {
        return WireCases.accepted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolErrors")
    void protocolErrorIsAnsweredThenTheConnectionCloses(WireCases.Case c) throws IOException {
        exchange(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedFrameIsAnsweredAndTheConnectionStaysOpen(WireCases.Case c) throws IOException {
        exchange(c);
    }

    private void exchange(WireCases.Case c) throws IOException {
        try (RespClient client = RespClient.connect("127.0.0.1", port())) {
            client.writeRaw(c.request().getBytes(StandardCharsets.ISO_8859_1));
            byte[] expected = c.reply().getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(c.reply(), RespClient.latin1(client.readRaw(expected.length)), "reply bytes");
            if (c.closes()) {
                assertEquals("", RespClient.latin1(client.readRawUntilClosed()), "nothing after the reply, then close");
            } else {
                // Still open, and nothing else was pending before this PING's reply.
                assertEquals(Reply.PONG, client.call("PING"));
            }
        }
    }
}
