package dev.txnharness.engine.aof;

import static dev.txnharness.engine.aof.AofTestSupport.T0;
import static dev.txnharness.engine.aof.AofTestSupport.resp;
import static dev.txnharness.engine.aof.AofTestSupport.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.protocol.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes the engine's AOF gets, checked against what redis-server 7.0.15 wrote for the same
 * commands (its appendonlydir/appendonly.aof.1.incr.aof; the expected strings below are copied
 * from it, with its absolute times replaced by this clock's).
 */
class AofWriterTest {
    @TempDir Path dir;
    private Engine engine;
    private Aof aof;

    private Client open(Set<Fault> faults, Fsync fsync) throws Exception {
        engine = AofTestSupport.engine(faults);
        aof = Aof.open(engine, AofConfig.in(dir).withFsync(fsync));
        return engine.connect();
    }

    private Client open() throws Exception {
        return open(Set.of(), Fsync.ALWAYS);
    }

    private String file() throws Exception {
        return show(Files.readAllBytes(aof.config().file()));
    }

    @AfterEach
    void close() {
        if (aof != null) aof.close();
        if (engine != null) engine.close();
    }

    @Test
    @DisplayName("A single write is one command, after SELECT of its database; reads and failed writes write nothing")
    void singleWrite() throws Exception {
        Client c = open();
        c.call("set", "a", "1");
        c.call("GET", "a");
        c.call("SET", "a", "2", "NX");
        c.call("HSET", "a", "f", "v"); // WRONGTYPE
        assertEquals(resp("SELECT 0", "set a 1"), file(), "the client's spelling is kept, as Redis keeps argv");
        assertEquals(1, aof.writer().appends());
    }

    @Test
    @DisplayName("A transaction is MULTI … EXEC in one write, SELECT before MULTI and inside it when the db changes")
    void transactionWithSelect() throws Exception {
        Client c = open();
        c.call("SET", "a", "1");
        c.call("MULTI");
        c.call("INCRBY", "a", "5");
        c.call("SELECT", "3");
        c.call("SET", "b", "x");
        c.call("EXEC");
        // redis-server 7.0.15: SELECT 0, set a 1, MULTI, INCRBY a 5, SELECT 3, SET b x, EXEC
        assertEquals(resp("SELECT 0", "SET a 1", "MULTI", "INCRBY a 5", "SELECT 3", "SET b x", "EXEC"), file());
        c.call("MULTI");
        c.call("SET", "z", "1");
        c.call("SELECT", "0");
        c.call("SET", "y", "2");
        c.call("EXEC");
        assertTrue(file().endsWith(resp("MULTI", "SET z 1", "SELECT 0", "SET y 2", "EXEC")), file());
        assertEquals(3, aof.writer().appends());
        assertEquals(3, aof.writer().writes(), "exactly one write call per append");
    }

    @Test
    @DisplayName("A transaction with one write is not wrapped; an empty or aborted one writes nothing (Redis 7.0)")
    void oneWriteTransaction() throws Exception {
        Client c = open();
        Client other = engine.connect();
        c.call("SELECT", "3");
        c.call("MULTI");
        c.call("GET", "b");
        c.call("SET", "c", "1");
        c.call("EXEC");
        c.call("MULTI");
        c.call("EXEC");
        c.call("WATCH", "c");
        other.call("SELECT", "3");
        other.call("SET", "c", "2");
        c.call("MULTI");
        c.call("SET", "c", "3");
        assertEquals(Reply.NullArray.INSTANCE, c.call("EXEC"));
        assertEquals(resp("SELECT 3", "SET c 1", "SET c 2"), file());
    }

    @Test
    @DisplayName("Relative expiry times are written absolute, as Redis propagates them (PEXPIREAT, SET … PXAT)")
    void expiryIsAbsolute() throws Exception {
        Client c = open();
        c.call("SET", "a", "1");
        c.call("EXPIRE", "a", "100");
        c.call("SET", "e", "v", "EX", "100");
        c.call("SETEX", "f", "10", "v");
        c.call("PEXPIRE", "a", "5000", "NX"); // a has a TTL: nothing changes, nothing written
        c.call("PEXPIRE", "a", "5000", "XX");
        c.call("GETDEL", "f");
        c.call("SET", "a", "1", "GET");
        c.call("SET", "b", "1");
        c.call("EXPIRE", "b", "-1");
        long t = T0;
        assertEquals(resp("SELECT 0", "SET a 1", "PEXPIREAT a " + (t + 100_000), "SET e v PXAT " + (t + 100_000),
                "SET f v PXAT " + (t + 10_000), "PEXPIREAT a " + (t + 5000) + " XX", "DEL f", "SET a 1",
                "SET b 1", "DEL b"), file());
    }

    @Test
    @DisplayName("A key that expires is written as DEL: alone after a read, wrapped with the write that found it expired")
    void expiryIsDel() throws Exception {
        Client c = open();
        c.call("SET", "k", "5", "PX", "50");
        c.call("SET", "m", "5", "PX", "50");
        ((ManualClock) engine.clock()).advance(100);
        c.call("INCR", "k");
        c.call("GET", "m");
        long t = T0 + 50;
        // redis-server 7.0.15 wrote: MULTI, DEL k, INCR k, EXEC, then DEL m (for the GET)
        assertEquals(resp("SELECT 0", "SET k 5 PXAT " + t, "SET m 5 PXAT " + t, "MULTI", "DEL k", "INCR k", "EXEC", "DEL m"),
                file());
    }

    @Test
    @DisplayName("A BLPOP served at once is LPOP; a client blocked and then served by a push gets LPOP after the push")
    void blockingPops() throws Exception {
        Client c = open();
        Client b = engine.connect();
        c.call("RPUSH", "l", "1", "2");
        c.call("BLPOP", "l", "0");
        assertEquals(null, b.execute("BLPOP".getBytes(), "q".getBytes(), "0".getBytes()), "blocked");
        c.call("RPUSH", "q", "x");
        assertEquals(resp("SELECT 0", "RPUSH l 1 2", "LPOP l", "RPUSH q x", "LPOP q"), file());
    }

    @Test
    @DisplayName("fsync: always syncs every append, no never does, everysec in the background")
    void fsyncPolicies() throws Exception {
        Client c = open(Set.of(), Fsync.ALWAYS);
        for (int i = 0; i < 5; i++) c.call("INCR", "n");
        assertEquals(5, aof.writer().fsyncs());
        close();
        dir = Files.createTempDirectory(dir, "no");
        c = open(Set.of(), Fsync.NO);
        for (int i = 0; i < 5; i++) c.call("INCR", "n");
        assertEquals(0, aof.writer().fsyncs());
        assertEquals(5, aof.writer().appends());
    }

    @Test
    @DisplayName("After a kill nothing more reaches the file, and the write that found it killed fails")
    void killRefusesWrites() throws Exception {
        Client c = open();
        c.call("SET", "a", "1");
        aof.kill();
        assertThrows(AofUnavailableException.class, () -> c.call("SET", "a", "2"));
        assertEquals(resp("SELECT 0", "SET a 1"), file());
    }

    @Test
    @DisplayName("AOF_SPLIT_TRANSACTION is visible in the file: one EXEC becomes two MULTI … EXEC blocks")
    void splitFaultIsVisible() throws Exception {
        Client c = open(Set.of(Fault.AOF_SPLIT_TRANSACTION), Fsync.ALWAYS);
        c.call("MULTI");
        c.call("DECRBY", "a", "10");
        c.call("INCRBY", "b", "10");
        c.call("EXEC");
        assertEquals(resp("SELECT 0", "MULTI", "DECRBY a 10", "EXEC", "MULTI", "INCRBY b 10", "EXEC"), file());
        assertEquals(2, aof.writer().writes());
    }

    @Test
    @DisplayName("The kill hook armed under the engine's lock lands between a split transaction's two writes")
    void killHookLandsBetweenHalves() throws Exception {
        Client c = open(Set.of(Fault.AOF_SPLIT_TRANSACTION), Fsync.ALWAYS);
        engine.locked(() -> {
            aof.writer().killAfterNextAppend(true, () -> { });
            return null;
        });
        c.call("MULTI");
        c.call("DECRBY", "a", "10");
        c.call("INCRBY", "b", "10");
        assertThrows(AofUnavailableException.class, () -> c.call("EXEC"));
        assertEquals(resp("SELECT 0", "MULTI", "DECRBY a 10", "EXEC"), file());
    }
}
