package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestParser} without a network: request boundaries, partial input, the limits, and that
 * a declared length is never allocated up front. The exact error replies are checked on the wire,
 * against a real Redis too, by the wire conformance tests.
 */
class RequestParserTest {
    private final RequestParser parser = new RequestParser(ServerConfig.defaults());

    private static ByteBuf buf(String latin1) {
        return Unpooled.wrappedBuffer(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<String> strings(byte[][] argv) {
        List<String> out = new ArrayList<>();
        for (byte[] a : argv) out.add(new String(a, StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Every request in the input, parsed from one buffer. */
    private List<List<String>> all(RequestParser p, String input) throws ProtocolError {
        ByteBuf in = buf(input);
        List<List<String>> out = new ArrayList<>();
        for (byte[][] argv; (argv = p.next(in)) != null; ) out.add(strings(argv));
        return out;
    }

    @Test
    void multibulkAndInlineRequestsFollowEachOther() throws ProtocolError {
        assertEquals(List.of(List.of("SET", "k", "v"), List.of("GET", "k"), List.of("PING")),
                all(parser, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nGET k\r\n*1\r\n$4\r\nPING\r\n"));
    }

    @Test
    void requestArrivingOneByteAtATimeIsTheSameRequest() throws ProtocolError {
        String input = "*3\r\n$3\r\nSET\r\n$5\r\nkey\r\n\r\n$0\r\n\r\nSET k \"a b\"\r\n";
        ByteBuf in = Unpooled.buffer();
        List<List<String>> out = new ArrayList<>();
        for (byte b : input.getBytes(StandardCharsets.ISO_8859_1)) {
            in.writeByte(b);
            for (byte[][] argv; (argv = parser.next(in)) != null; ) out.add(strings(argv));
        }
        assertEquals(List.of(List.of("SET", "key\r\n", ""), List.of("SET", "k", "a b")), out);
    }

    @Test
    void emptyRequestsAreSkipped() throws ProtocolError {
        assertEquals(List.of(List.of("PING")), all(parser, "*0\r\n*-1\r\n\r\n   \n*-42\r\nPING\r\n"));
    }

    @Test
    void nulBeforeTheEndOfAHeaderLineMakesTheParserWait() throws ProtocolError {
        // Redis finds the CR with strchr, which stops at the NUL: it waits for more input.
        ByteBuf in = buf("*1\r\n\u0000\r\nPING\r\n");
        assertNull(parser.next(in));
        ByteBuf inline = buf("PING\u0000\r\n");
        assertNull(new RequestParser(ServerConfig.defaults()).next(inline));
    }

    @Test
    void bulkWithinTheLimitCostsWhatArrivedNotWhatWasDeclared() throws ProtocolError {
        // proto-max-bulk-len exactly: accepted; the 1000 bytes that came are taken out of the input
        // into a first 32 KB array, not a 512 MB one.
        ByteBuf in = buf("*1\r\n$536870912\r\n" + "x".repeat(1000));
        assertNull(parser.next(in));
        assertEquals(0, in.readableBytes());
        assertEquals(RequestParser.BIG_ARG, parser.heldBytes());
        assertEquals(1000, parser.bufferedBytes());
    }

    @Test
    void bulkOverTheLimitIsRefusedFromItsHeaderAlone() {
        RequestParser small = new RequestParser(1024, Integer.MAX_VALUE, 64 * 1024);
        ProtocolError e = assertThrows(ProtocolError.class, () -> small.next(buf("*1\r\n$1025\r\n")));
        assertEquals("ERR Protocol error: invalid bulk length", e.reply().message());
    }

    @Test
    void bulkAtAConfiguredLimitIsAccepted() throws ProtocolError {
        RequestParser small = new RequestParser(4, Integer.MAX_VALUE, 64 * 1024);
        assertEquals(List.of(List.of("ECHO")), all(small, "*1\r\n$4\r\nECHO\r\n"));
    }

    @Test
    void multibulkCountOverAConfiguredLimitIsRefused() throws ProtocolError {
        RequestParser sixTwo = new RequestParser(512L << 20, ServerConfig.REDIS_6_MAX_MULTIBULK_LENGTH, 64 * 1024);
        assertNull(sixTwo.next(buf("*1048576\r\n")), "1024*1024 is allowed and waits for its arguments");
        ProtocolError e = assertThrows(ProtocolError.class,
                () -> new RequestParser(512L << 20, ServerConfig.REDIS_6_MAX_MULTIBULK_LENGTH, 64 * 1024)
                        .next(buf("*1048577\r\n")));
        assertEquals("ERR Protocol error: invalid multibulk length", e.reply().message());
    }

    @Test
    void bigBulksAreMovedOutOfTheInputAsTheyArrive() throws ProtocolError {
        // Two 300 KB values (over PROTO_MBULK_BIG_ARG) and a small one, fed in uneven pieces: each
        // piece leaves the input buffer at once, and the values come out whole and exact.
        java.util.Random rnd = new java.util.Random(14);
        byte[] v1 = new byte[300_000], v2 = new byte[RequestParser.BIG_ARG];
        rnd.nextBytes(v1);
        rnd.nextBytes(v2);
        java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
        req.writeBytes(("*4\r\n$4\r\nMSET\r\n$" + v1.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        req.writeBytes(v1);
        req.writeBytes(("\r\n$1\r\nk\r\n$" + v2.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        req.writeBytes(v2);
        req.writeBytes("\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] all = req.toByteArray();
        ByteBuf in = Unpooled.buffer();
        List<byte[][]> out = new ArrayList<>();
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + rnd.nextInt(70_000));
            in.writeBytes(all, at, n);
            at += n;
            for (byte[][] r; (r = parser.next(in)) != null; ) out.add(r);
            if (parser.inRequest() && at < all.length - 30) {
                assertEquals(true, in.readableBytes() < 64, "a big bulk's bytes do not pile up in the input");
            }
            in.discardReadBytes();
        }
        assertEquals(2, out.size());
        assertArrayEquals(v1, out.get(0)[1]);
        assertEquals("k", new String(out.get(0)[2], StandardCharsets.US_ASCII));
        assertArrayEquals(v2, out.get(0)[3]);
        assertEquals(List.of("PING"), strings(out.get(1)));
    }

    @Test
    void aBigBulkOverTheLimitIsRefusedBeforeAnyDataArrives() {
        RequestParser small = new RequestParser(100_000, Integer.MAX_VALUE, 64 * 1024);
        ProtocolError e = assertThrows(ProtocolError.class, () -> small.next(buf("*2\r\n$3\r\nSET\r\n$100001\r\n")));
        assertEquals("ERR Protocol error: invalid bulk length", e.reply().message());
    }

    @Test
    void hugeDeclaredCountCostsOnlyWhatArrives() throws ProtocolError {
        // INT_MAX arguments declared, two sent: the argument array is Redis's first 1024 slots.
        ByteBuf in = buf("*2147483647\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertNull(parser.next(in));
        assertEquals(0, in.readableBytes());
    }

    @Test
    void multibulkArgumentArrayGrowsPastItsFirstAllocation() throws ProtocolError {
        int n = 3000;
        StringBuilder sb = new StringBuilder("*" + n + "\r\n");
        for (int i = 0; i < n; i++) sb.append("$1\r\nx\r\n");
        List<List<String>> out = all(parser, sb.toString());
        assertEquals(1, out.size());
        assertEquals(n, out.get(0).size());
    }

    @Test
    void inlineLinesAreSplitAsSdssplitargsDoes() throws ProtocolError {
        assertEquals(List.of(
                        List.of("SET", "k", "a b"),
                        List.of("ECHO", "ab c"),
                        List.of("ECHO", ""),
                        List.of("ECHO", "A\n\tq"),
                        List.of("ECHO", "it's"),
                        List.of("ECHO", "a\\\\b"),
                        List.of("ECHO", "x4g"),
                        List.of("PING", "x"),
                        List.of("ECHO", "a\u000bb"),
                        List.of("ECHO", "a", "b")),
                all(parser, "SET k \"a b\"\r\n"
                        + "ECHO a\"b c\"\r\n"
                        + "ECHO \"\"\r\n"
                        + "ECHO \"\\x41\\n\\t\\q\"\n"
                        + "ECHO 'it\\'s'\r\n"
                        + "ECHO 'a\\\\b'\r\n"
                        + "ECHO \"\\x4g\"\r\n"
                        + "PING\rx\n"
                        + "ECHO a\u000bb\r\n"
                        + "ECHO \"a\"\u000bb\r\n"));
    }

    @Test
    void binaryBulkKeepsEveryByte() throws ProtocolError {
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) value[i] = (byte) i;
        ByteBuf in = Unpooled.buffer();
        in.writeCharSequence("*1\r\n$256\r\n", StandardCharsets.US_ASCII);
        in.writeBytes(value).writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        byte[][] argv = parser.next(in);
        assertArrayEquals(value, argv[0]);
    }

    @Test
    void splitArgsRefusesUnbalancedQuotes() {
        for (String line : List.of("\"a", "'a", "\"a\"b", "'a'b", "\"a\\\"", "x \"")) {
            assertNull(SplitArgs.split(line.getBytes(StandardCharsets.ISO_8859_1)), line);
        }
    }
}
