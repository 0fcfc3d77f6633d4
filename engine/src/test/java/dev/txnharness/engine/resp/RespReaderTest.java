package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.protocol.RespReader;
import dev.txnharness.engine.protocol.RespWriter;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RespReader}: every RESP2/RESP3 type as it is on the wire, the guards, and malformed input. */
class RespReaderTest {
    private static RespReader reader(String latin1) {
        return new RespReader(new ByteArrayInputStream(latin1.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static Reply one(String latin1) throws IOException {
        return reader(latin1).read();
    }

    @Test
    void resp2Types() throws IOException {
        assertEquals(Reply.PONG, one("+PONG\r\n"));
        assertEquals(new Reply.Err("ERR unknown command"), one("-ERR unknown command\r\n"));
        assertEquals(Reply.Int.of(-42), one(":-42\r\n"));
        assertEquals(Reply.Int.of(Long.MIN_VALUE), one(":-9223372036854775808\r\n"));
        assertEquals(Reply.Int.of(Long.MAX_VALUE), one(":9223372036854775807\r\n"));
        assertEquals(Reply.Bulk.of("a\r\nb"), one("$4\r\na\r\nb\r\n"));
        assertEquals(Reply.Bulk.of(""), one("$0\r\n\r\n"));
        assertEquals(Reply.NullBulk.INSTANCE, one("$-1\r\n"));
        assertEquals(Reply.NullArray.INSTANCE, one("*-1\r\n"));
        assertEquals(Reply.Array.EMPTY, one("*0\r\n"));
        assertEquals(Reply.Array.of(Reply.OK, Reply.Int.of(2), Reply.Array.of(Reply.NullBulk.INSTANCE)),
                one("*3\r\n+OK\r\n:2\r\n*1\r\n$-1\r\n"));
    }

    @Test
    void resp3Types() throws IOException {
        assertEquals(Reply.Null.INSTANCE, one("_\r\n"));
        assertEquals(new Reply.DoubleReply(1.5), one(",1.5\r\n"));
        assertEquals(new Reply.DoubleReply(Double.NEGATIVE_INFINITY), one(",-inf\r\n"));
        assertTrue(Double.isNaN(((Reply.DoubleReply) one(",nan\r\n")).value()));
        assertEquals(new Reply.Bool(true), one("#t\r\n"));
        assertEquals(new Reply.BigNumber("-123456789012345678901234567890"), one("(-123456789012345678901234567890\r\n"));
        assertEquals(new Reply.Verbatim("txt", "Some string".getBytes(StandardCharsets.US_ASCII)), one("=15\r\ntxt:Some string\r\n"));
        assertEquals(new Reply.Err("ERR blob"), one("!8\r\nERR blob\r\n"));
        assertEquals(new Reply.MapReply(List.of(Reply.Bulk.of("a"), Reply.Int.of(1))), one("%1\r\n$1\r\na\r\n:1\r\n"));
        assertEquals(new Reply.SetReply(List.of(Reply.Bulk.of("x"))), one("~1\r\n$1\r\nx\r\n"));
        assertEquals(new Reply.Push(List.of(Reply.Bulk.of("message"))), one(">1\r\n$7\r\nmessage\r\n"));
        assertEquals(Reply.Int.of(7), one("|1\r\n+key\r\n+value\r\n:7\r\n"), "attributes are dropped");
    }

    @Test
    void simpleStringsKeepEveryByte() throws IOException {
        assertEquals(new Reply.Simple("caf\u00e9"), one("+caf\u00e9\r\n"));
    }

    @Test
    void readsExactlyOneReplyAndNothingMore() throws IOException {
        InputStream in = new ByteArrayInputStream("+OK\r\n:1\r\nrest".getBytes(StandardCharsets.US_ASCII));
        RespReader r = new RespReader(in);
        assertEquals(Reply.OK, r.read());
        assertEquals(Reply.Int.of(1), r.read());
        assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals(9, r.offset());
    }

    @Test
    void whatRespWriterWritesReadsBack() throws IOException {
        Reply exec = Reply.Array.of(Reply.OK, Reply.Int.of(5), Reply.Bulk.of("v"), new Reply.Err("WRONGTYPE x"),
                Reply.Array.of(Reply.Bulk.of("a"), Reply.Bulk.of("b")));
        assertEquals(exec, new RespReader(new ByteArrayInputStream(RespWriter.toBytes(exec, 2))).read());
        assertEquals(exec, new RespReader(new ByteArrayInputStream(RespWriter.toBytes(exec, 3))).read());
        // In RESP3 both nulls are '_', read back as the RESP3 null.
        assertEquals(Reply.Null.INSTANCE,
                new RespReader(new ByteArrayInputStream(RespWriter.toBytes(Reply.NullArray.INSTANCE, 3))).read());
    }

    @Test
    void lengthOverTheGuardIsRefusedBeforeReadingTheData() {
        // Only the header is there: a reader that tried to read 2^31 bytes would hit EOF instead.
        var e = assertThrows(RespReader.MalformedReplyException.class, () -> one("$2147483648\r\n"));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
        RespReader small = new RespReader(new ByteArrayInputStream("*11\r\n".getBytes(StandardCharsets.US_ASCII)), 10);
        assertThrows(RespReader.MalformedReplyException.class, small::read);
    }

    @Test
    void largeBulkIsReadInChunks() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        byte[] wire = RespWriter.toBytes(new Reply.Bulk(big), 2);
        assertArrayEquals(big, ((Reply.Bulk) new RespReader(new ByteArrayInputStream(wire)).read()).value());
    }

    @Test
    void malformedInputIsRefusedWithAClearMessage() {
        for (String bad : List.of(
                "?x\r\n", "$3\r\nabcd\r\n", ":12a\r\n", ":+1\r\n", "$-2\r\n", "*-2\r\n", "#x\r\n",
                ":9223372036854775808\r\n", ":9999999999999999999\r\n", ":-\r\n", ":\r\n",
                ",1d\r\n", ",Infinity\r\n", "+OK\rX", "+OK\n", "_x\r\n", "=2\r\nab\r\n", "(1.5\r\n",
                "$?\r\n")) {
            var e = assertThrows(RespReader.MalformedReplyException.class, () -> one(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed RESP: "), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "*1\r\n".repeat(RespReader.MAX_DEPTH + 2) + ":1\r\n";
        assertThrows(RespReader.MalformedReplyException.class, () -> one(deep));
    }

    @Test
    void endOfStreamIsAnEofException() {
        assertThrows(EOFException.class, () -> one(""));
        assertThrows(EOFException.class, () -> one("$5\r\nab"));
        assertThrows(EOFException.class, () -> one("*2\r\n:1\r\n"));
    }
}
