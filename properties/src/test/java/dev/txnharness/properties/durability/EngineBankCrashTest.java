package dev.txnharness.properties.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.aof.Aof;
import dev.txnharness.engine.aof.AofConfig;
import dev.txnharness.engine.aof.Fsync;
import dev.txnharness.engine.resp.RespServer;
import dev.txnharness.engine.resp.ServerConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bank-transfer crash test on the engine's RESP server with its AOF. A crash stops the AOF
 * writer dead (nothing more reaches the file; the command that finds it dead gets no reply) and
 * drops every connection; the restart is a new engine loading the same file, refusing a torn tail
 * (there must be none). With {@link Fault#AOF_SPLIT_TRANSACTION} the crash is placed by the
 * writer's hook right after a transaction's first write, and the test must see half a transfer.
 */
class EngineBankCrashTest extends AbstractBankCrashTest {

    /** An engine with an AOF behind its RESP server. */
    static final class EngineFactory implements CrashableServer.Factory {
        private final Set<Fault> faults;
        private final Fsync fsync;

        EngineFactory(Set<Fault> faults, Fsync fsync) {
            this.faults = faults;
            this.fsync = fsync;
        }

        @Override
        public CrashableServer start(Path dir) throws Exception {
            Engine engine = Engine.builder().clock(new ManualClock()).faults(faults).build();
            Aof aof = Aof.open(engine, AofConfig.in(dir).withFsync(fsync).withLoadTruncated(false));
            RespServer server = RespServer.start(engine, ServerConfig.defaults().withPort(0));
            return new CrashableServer() {
                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void crash() {
                    aof.kill(); // first: no write after this point reaches the file
                    server.close();
                    engine.close();
                }

                @Override
                public boolean crashAfterNextTransaction() throws InterruptedException {
                    CountDownLatch killed = new CountDownLatch(1);
                    // armed under the engine's lock, so it falls between two whole commands or EXECs
                    engine.locked(() -> {
                        aof.writer().killAfterNextAppend(true, killed::countDown);
                        return null;
                    });
                    if (!killed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no transaction was written in 30 s");
                    crash();
                    return true;
                }

                @Override
                public void close() {
                    server.close();
                    aof.close();
                    engine.close();
                }
            };
        }

        @Override
        public String describe() {
            return "engine over RESP, appendfsync " + fsync.redisName() + (faults.isEmpty() ? "" : ", faults " + faults);
        }
    }

    @Test
    @DisplayName("Crashes at random moments lose no acknowledged EXEC and leave no half transaction")
    void crashedEngineKeepsEveryAcknowledgedTransaction() throws Exception {
        Figures f = run(new EngineFactory(Set.of(), Fsync.ALWAYS), kills(), seed(), false);
        assertEquals(0, f.lost(), f.problems().toString());
        assertEquals(0, f.partial(), f.problems().toString());
        assertEquals(0, f.invented(), f.problems().toString());
        assertTrue(f.acknowledged() > 0, "no transaction was acknowledged: the test tested nothing");
    }

    @Test
    @DisplayName("Crashes right after a transaction's write leave it whole")
    void crashRightAfterATransactionLeavesItWhole() throws Exception {
        Figures f = run(new EngineFactory(Set.of(), Fsync.EVERYSEC), 3, seed(), true);
        assertEquals(0, f.lost(), f.problems().toString());
        assertEquals(0, f.partial(), f.problems().toString());
    }

    @Test
    @DisplayName("With AOF_SPLIT_TRANSACTION a crash between a transaction's two writes is caught as half a transfer")
    void splitTransactionIsCaught() throws Exception {
        Figures f = run(new EngineFactory(Set.of(Fault.AOF_SPLIT_TRANSACTION), Fsync.ALWAYS), 2, seed(), true);
        assertEquals(2, f.partial(), "every crash lands between the two writes: " + f);
    }
}
