package dev.txnharness.properties.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.target.RedisServerLauncher;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bank-transfer crash test on a real redis-server 7.0 ({@code appendonly yes}, {@code
 * appendfsync always}), killed with SIGKILL and restarted on the same directory. Redis writes a
 * whole MULTI … EXEC in one write and fsyncs before it replies, so: nothing lost, nothing partial.
 */
class RedisBankCrashTest extends AbstractBankCrashTest {

    /** redis-server on PATH (or -Dredis.server), SIGKILL as the crash. */
    static final class RedisFactory implements CrashableServer.Factory {
        private final RedisServerLauncher.Binary binary = RedisServerLauncher.findBinary();
        private String version = "?";

        @Override
        public CrashableServer start(Path dir) {
            RedisServerLauncher.Server s = RedisServerLauncher.start(binary, dir,
                    "appendonly yes", "appendfsync always", "aof-load-truncated yes");
            version = s.version();
            return new CrashableServer() {
                @Override
                public int port() {
                    return s.port();
                }

                @Override
                public void crash() {
                    s.kill(); // SIGKILL
                }

                @Override
                public void close() {
                    if (s.isAlive()) s.kill(); // not Server.close(): that deletes the directory
                }
            };
        }

        @Override
        public String describe() {
            return "redis-server " + version + " (" + binary.path() + "), appendfsync always";
        }
    }

    @Test
    @DisplayName("SIGKILL at random moments loses no acknowledged EXEC and leaves no half transaction (appendfsync always)")
    void killedRedisKeepsEveryAcknowledgedTransaction() throws Exception {
        Figures f = run(new RedisFactory(), kills(), seed(), false);
        assertEquals(0, f.lost(), f.problems().toString());
        assertEquals(0, f.partial(), f.problems().toString());
        assertEquals(0, f.invented(), f.problems().toString());
        assertTrue(f.acknowledged() > 0, "no transaction was acknowledged: the test tested nothing");
    }
}
