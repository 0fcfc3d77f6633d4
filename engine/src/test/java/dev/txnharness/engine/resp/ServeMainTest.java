package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code harness serve}: its arguments, and a real run in a child JVM that a signal stops. */
class ServeMainTest {
    @Test
    void defaultsAreLoopbackAndTheRedisPort() {
        ServerConfig c = ServeMain.parse(new String[0]);
        assertEquals("127.0.0.1", c.bindAddress());
        assertEquals(6379, c.port());
    }

    @Test
    void portAndBindAreTaken() {
        ServerConfig c = ServeMain.parse(new String[] {"--port", "7000", "--bind=0.0.0.0"});
        assertEquals(7000, c.port());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(0, ServeMain.parse(new String[] {"--port=0"}).port());
    }

    @Test
    void helpAndBadArguments() {
        assertNull(ServeMain.parse(new String[] {"--help"}));
        for (String[] bad : List.of(new String[] {"--port"}, new String[] {"--port", "x"},
                new String[] {"--port", "70000"}, new String[] {"--verbose"})) {
            assertThrows(IllegalArgumentException.class, () -> ServeMain.parse(bad), String.join(" ", bad));
        }
    }

    @Test
    void servesUntilKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ServeMain.class.getName(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = Pattern.compile(
                    "redis-txn-harness engine \\(Redis 7\\.0\\.15 semantics\\) listening on 127\\.0\\.0\\.1:(\\d+)")
                    .matcher(String.valueOf(line));
            assertTrue(m.matches(), "announcement: " + line);
            try (RespClient c = RespClient.connect("127.0.0.1", Integer.parseInt(m.group(1)))) {
                assertEquals(Reply.OK, c.call("MULTI"));
                assertEquals(Reply.QUEUED, c.call("PING"));
                assertEquals(Reply.Array.of(Reply.PONG), c.call("EXEC"));
                p.destroy(); // SIGTERM: the shutdown hook closes the server
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "exits on SIGTERM");
                assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
