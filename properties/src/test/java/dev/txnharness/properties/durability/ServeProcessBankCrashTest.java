package dev.txnharness.properties.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.resp.ServeMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bank-transfer crash test on {@code ./harness serve --appendonly yes --appendfsync always
 * --dir D} as its own JVM, killed with SIGKILL exactly as redis-server is: the real process,
 * ServeMain's AOF options, and loading on start.
 */
class ServeProcessBankCrashTest extends AbstractBankCrashTest {

    /** {@code java -cp <this classpath> ServeMain --port 0 --appendonly yes ...}. */
    static final class ServeFactory implements CrashableServer.Factory {
        @Override
        public CrashableServer start(Path dir) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    ServeMain.class.getName(), "--port", "0", "--appendonly", "yes", "--appendfsync", "always",
                    "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            int port = awaitListening(p);
            Thread drain = new Thread(() -> drain(p), "serve-output");
            drain.setDaemon(true);
            drain.start();
            return new CrashableServer() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void crash() {
                    p.destroyForcibly(); // SIGKILL
                    try {
                        p.waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void close() {
                    if (p.isAlive()) crash();
                }
            };
        }

        /** Reads the output up to "listening on 127.0.0.1:PORT"; any other end is a failure with the output shown. */
        private static int awaitListening(Process p) throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.append(line).append('\n');
                int i = line.indexOf("listening on ");
                if (i >= 0) return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
            }
            p.destroyForcibly();
            throw new IllegalStateException("harness serve exited without listening:\n" + seen);
        }

        private static void drain(Process p) {
            try {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the process was killed
            }
        }

        @Override
        public String describe() {
            return "harness serve (own JVM, SIGKILL), appendfsync always";
        }
    }

    @Test
    @DisplayName("harness serve --appendonly yes, SIGKILLed at random moments, loses no acknowledged EXEC and no half transaction")
    void killedServeKeepsEveryAcknowledgedTransaction() throws Exception {
        Figures f = run(new ServeFactory(), Math.max(1, kills() / 2), seed(), false);
        assertEquals(0, f.lost(), f.problems().toString());
        assertEquals(0, f.partial(), f.problems().toString());
        assertEquals(0, f.invented(), f.problems().toString());
        assertTrue(f.acknowledged() > 0, "no transaction was acknowledged: the test tested nothing");
    }
}
