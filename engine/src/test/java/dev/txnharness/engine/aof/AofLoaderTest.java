package dev.txnharness.engine.aof;

import static dev.txnharness.engine.aof.AofTestSupport.dump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: a whole file, a torn tail refused or cut, corruption always refused, nothing logged twice. */
class AofLoaderTest {
    @TempDir Path dir;

    private static byte[] ascii(String s) {
        return s.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final String SET_A = "*3|$3|SET|$1|a|$1|1|";
    private static final int SET_A_LEN = 27;
    private static final String TXN = "*1|$5|MULTI|*3|$6|INCRBY|$1|a|$1|5|*3|$3|SET|$1|b|$1|x|*1|$4|EXEC|";

    @Test
    @DisplayName("A whole file loads, transactions and all, and loading appends nothing")
    void roundTrip() throws Exception {
        Engine e1 = AofTestSupport.engine();
        Aof aof = Aof.open(e1, AofConfig.in(dir));
        Client c = e1.connect();
        c.call("SET", "a", "1");
        c.call("MULTI");
        c.call("INCRBY", "a", "5");
        c.call("RPUSH", "l", "x", "y");
        c.call("SELECT", "2");
        c.call("HSET", "h", "f", "v");
        c.call("EXEC");
        c.call("EXPIRE", "a", "1000");
        aof.close();
        long size = Files.size(aof.config().file());

        Engine e2 = AofTestSupport.engine();
        Aof again = Aof.open(e2, AofConfig.in(dir));
        assertEquals(dump(e1), dump(e2));
        assertEquals(1, again.loaded().transactions());
        assertEquals(size, Files.size(again.config().file()), "loading logged nothing");
        e2.connect().call("SET", "z", "1");
        again.close();
        assertTrue(Files.size(again.config().file()) > size, "appends go after the loaded data");
    }

    @Test
    @DisplayName("A torn tail is refused by default, and the error names the offset where the whole part ends")
    void tornTailRefused() throws Exception {
        byte[] whole = ascii(SET_A + TXN);
        for (int cut = SET_A_LEN + 1; cut < whole.length; cut++) {
            byte[] torn = java.util.Arrays.copyOf(whole, cut);
            AofLoadException e = assertThrows(AofLoadException.class, () -> AofLoader.load(AofTestSupport.engine(), torn, false));
            assertEquals(AofLoadException.Kind.TORN, e.kind());
            assertEquals(SET_A_LEN, e.offset(), e.getMessage());
            assertTrue(e.getMessage().contains("offset " + SET_A_LEN), e.getMessage());
        }
    }

    @Test
    @DisplayName("With aof-load-truncated yes the file is cut before the unfinished MULTI, on disk too")
    void tornTailCut() throws Exception {
        Path f = dir.resolve(AofConfig.DEFAULT_FILE_NAME);
        byte[] whole = ascii(SET_A + TXN);
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 3)); // EXEC torn
        Engine e = AofTestSupport.engine();
        AofLoadException refused = assertThrows(AofLoadException.class, () -> Aof.open(e, AofConfig.in(dir)));
        assertTrue(refused.getMessage().contains("MULTI block that starts at offset 27"), refused.getMessage());
        assertEquals(whole.length - 3, Files.size(f), "a refused file is left as it is");

        Aof aof = Aof.open(e, AofConfig.in(dir).withLoadTruncated(true));
        assertEquals(SET_A_LEN, Files.size(f));
        assertEquals(whole.length - 3 - SET_A_LEN, aof.loaded().truncatedBytes());
        assertEquals(Reply.Bulk.of("1"), e.connect().call("GET", "a"));
        assertEquals(Reply.NullBulk.INSTANCE, e.connect().call("GET", "b"), "no half transaction");
        aof.close();
    }

    @Test
    @DisplayName("A file that ends cleanly inside MULTI (no EXEC) is torn too: never half a transaction")
    void multiWithoutExecAtEnd() throws Exception {
        byte[] f = ascii(SET_A + TXN.substring(0, TXN.length() - "*1|$4|EXEC|".length()));
        assertThrows(AofLoadException.class, () -> AofLoader.load(AofTestSupport.engine(), f, false));
        Engine e = AofTestSupport.engine();
        AofLoader.Loaded l = AofLoader.load(e, f, true);
        assertEquals(0, l.transactions());
        assertEquals(Reply.Bulk.of("1"), e.connect().call("GET", "a"));
    }

    @Test
    @DisplayName("Corrupt bytes in the middle are an error in both modes, naming the offset; nothing is loaded")
    void corruptionInTheMiddle() {
        String bad = SET_A + "*3|$3|SET|$1|b|$1|2xx" + SET_A; // a bad CRLF after "2"
        for (boolean truncate : new boolean[] {false, true}) {
            Engine e = AofTestSupport.engine();
            AofLoadException ex = assertThrows(AofLoadException.class, () -> AofLoader.load(e, ascii(bad), truncate));
            assertEquals(AofLoadException.Kind.CORRUPT, ex.kind());
            assertEquals(SET_A_LEN + ascii("*3|$3|SET|$1|b|$1|2").length, ex.offset(), ex.getMessage());
            assertEquals("", dump(e), "nothing loaded");
        }
    }

    @Test
    @DisplayName("Unknown commands, EXEC without MULTI, nested MULTI, a bad SELECT: errors, never skipped")
    void badCommands() {
        String[] files = {
            SET_A + "*1|$4|NOPE|",
            "*1|$4|EXEC|",
            "*1|$5|MULTI|*1|$5|MULTI|",
            "*2|$6|SELECT|$2|99|",
            "*3|$3|GET|$1|a|$1|b|",
            "+OK|",
            "REDIS0009",
        };
        for (String f : files) {
            AofLoadException ex = assertThrows(AofLoadException.class, () -> AofLoader.load(AofTestSupport.engine(), ascii(f), true), f);
            assertEquals(AofLoadException.Kind.CORRUPT, ex.kind(), ex.getMessage());
        }
    }

    @Test
    @DisplayName("A declared length past the end of the file is a torn tail, and is never allocated")
    void hugeLengthIsTorn() throws Exception {
        byte[] f = ascii(SET_A + "*2|$3|GET|$999999999999|abc");
        AofLoadException ex = assertThrows(AofLoadException.class, () -> AofLoader.load(AofTestSupport.engine(), f, false));
        assertEquals(AofLoadException.Kind.TORN, ex.kind());
        assertEquals(SET_A_LEN, ex.offset());
    }

    @Test
    @DisplayName("Keys load with their absolute expiry times, and nothing expires while loading")
    void nothingExpiresWhileLoading() throws Exception {
        Engine e = AofTestSupport.engine();
        long past = AofTestSupport.T0 - 1000;
        // SET k 5 PXAT <past>, then INCR k: as Redis, the INCR applies to the unexpired value while loading
        byte[] f = ascii("*5|$3|SET|$1|k|$1|5|$4|PXAT|$13|" + past + "|*2|$4|INCR|$1|k|");
        AofLoader.load(e, f, false);
        dev.txnharness.engine.keyspace.Key k = new dev.txnharness.engine.keyspace.Key("k".getBytes(StandardCharsets.US_ASCII));
        assertEquals(past, (long) e.locked(() -> e.keyspace().db(0).getExpire(k)),
                "INCR found k alive (had it expired, INCR would have made a new k without a TTL)");
        assertEquals(Reply.NullBulk.INSTANCE, e.connect().call("GET", "k"), "after loading, time is back: k is expired");
    }
}
