package dev.txnharness.engine.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies from a server, blocking, one {@link Reply} per {@link #read()} call: the client side
 * of {@link RespWriter}. Every RESP2 and RESP3 type is read as the type on the wire:
 *
 * <pre>
 *  +text  Simple        -text  Err           :n  Int         $n  Bulk ($-1 NullBulk)
 *  *n     Array (*-1 NullArray)             _   Null        ,d  DoubleReply (inf, -inf, nan)
 *  #t/#f  Bool          (n     BigNumber     =n  Verbatim    !n  Err (blob error)
 *  %n     MapReply (keys and values flat)   ~n  SetReply    &gt;n  Push
 *  |n     attributes: read and dropped; the reply they annotate is returned
 * </pre>
 *
 * <p>Simple strings and errors are decoded as Latin-1, as {@link RespWriter} encodes them, so every
 * byte survives. A reader consumes exactly the bytes of the replies it returns and never reads
 * ahead, so the same stream can be read raw in between (give it a {@link
 * java.io.BufferedInputStream}: lines are read a byte at a time).
 *
 * <p>Guards: a declared length or count above {@code maxLength}, a line longer than it, or nesting
 * deeper than {@value #MAX_DEPTH} is refused with {@link MalformedReplyException} before anything
 * is allocated for it; a bulk is read in chunks, so memory follows the bytes that actually arrive.
 * Any bytes that are not RESP raise {@link MalformedReplyException} naming the offset and the byte;
 * the stream ending raises {@link EOFException}. After either, the stream's position is unspecified.
 *
 * <p>Not thread-safe.
 */
public final class RespReader {
    /** Default for the length guard: Redis's proto-max-bulk-len, 512 MB. */
    public static final long DEFAULT_MAX_LENGTH = 512L * 1024 * 1024;
    /** Deepest nesting of aggregates accepted. */
    public static final int MAX_DEPTH = 1024;
    /** Bulks are read this much at a time, so a large declared length takes memory only as data comes. */
    private static final int CHUNK = 64 * 1024;
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final long maxLength;
    /** Bytes consumed so far, for error messages. */
    private long offset;

    /** Malformed RESP: not a reply, a bad length, a missing CRLF, or over a guard. */
    public static final class MalformedReplyException extends IOException {
        private static final long serialVersionUID = 1L;

        public MalformedReplyException(String message) {
            super(message);
        }
    }

    /** A reader with the default guard (512 MB). */
    public RespReader(InputStream in) {
        this(in, DEFAULT_MAX_LENGTH);
    }

    /** A reader refusing any length, count or line above {@code maxLength}. */
    public RespReader(InputStream in, long maxLength) {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be at least 1");
        this.in = in;
        this.maxLength = Math.min(maxLength, MAX_ARRAY);
    }

    /** Bytes consumed from the stream so far. */
    public long offset() {
        return offset;
    }

    /**
     * Reads one whole reply. Throws {@link EOFException} if the stream ends before or inside it,
     * {@link MalformedReplyException} if the bytes are not RESP.
     */
    public Reply read() throws IOException {
        return read(0);
    }

    private Reply read(int depth) throws IOException {
        if (depth > MAX_DEPTH) throw malformed("replies nested deeper than " + MAX_DEPTH);
        long start = offset;
        int type = in.read();
        if (type < 0) {
            throw new EOFException(depth == 0 && start == offset ? "connection closed before a reply"
                    : "connection closed in the middle of a reply (offset " + offset + ")");
        }
        offset++;
        switch (type) {
            case '+':
                return new Reply.Simple(text(line()));
            case '-':
                return new Reply.Err(text(line()));
            case ':':
                return Reply.Int.of(integer(line(), "integer"));
            case '$': {
                long n = length(line(), "bulk length", true);
                return n < 0 ? Reply.NullBulk.INSTANCE : new Reply.Bulk(bulk(n));
            }
            case '!':
                return new Reply.Err(text(bulk(length(line(), "blob error length", false))));
            case '=': {
                byte[] b = bulk(length(line(), "verbatim string length", false));
                if (b.length < 4 || b[3] != ':') throw malformed("verbatim string without a 3-byte format and ':'");
                return new Reply.Verbatim(new String(b, 0, 3, StandardCharsets.US_ASCII),
                        java.util.Arrays.copyOfRange(b, 4, b.length));
            }
            case '*': {
                long n = length(line(), "array length", true);
                return n < 0 ? Reply.NullArray.INSTANCE : new Reply.Array(items(n, depth));
            }
            case '%':
                return new Reply.MapReply(items(2 * length(line(), "map length", false), depth));
            case '~':
                return new Reply.SetReply(items(length(line(), "set length", false), depth));
            case '>':
                return new Reply.Push(items(length(line(), "push length", false), depth));
            case '|':
                items(2 * length(line(), "attribute length", false), depth); // annotations only
                return read(depth);
            case '_':
                if (line().length != 0) throw malformed("null '_' followed by data");
                return Reply.Null.INSTANCE;
            case ',':
                return new Reply.DoubleReply(decimal(line()));
            case '#': {
                byte[] b = line();
                if (b.length == 1 && b[0] == 't') return new Reply.Bool(true);
                if (b.length == 1 && b[0] == 'f') return new Reply.Bool(false);
                throw malformed("boolean must be #t or #f, got '#" + text(b) + "'");
            }
            case '(': {
                String s = text(line());
                if (!s.matches("-?[0-9]+")) throw malformed("big number '" + s + "' is not an integer");
                return new Reply.BigNumber(s);
            }
            default:
                throw malformed(String.format("unknown reply type byte %s (0x%02x) at offset %d",
                        printable(type), type, offset - 1));
        }
    }

    private List<Reply> items(long n, int depth) throws IOException {
        List<Reply> items = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) items.add(read(depth + 1));
        return items;
    }

    /** One CRLF-terminated line, without the CRLF. */
    private byte[] line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        while (true) {
            int c = next();
            if (c == '\r') {
                int lf = next();
                if (lf != '\n') throw malformed(String.format("expected LF after CR at offset %d, got %s",
                        offset - 1, printable(lf)));
                return b.toByteArray();
            }
            if (c == '\n') throw malformed("bare LF at offset " + (offset - 1));
            if (b.size() >= maxLength) throw malformed("line longer than the limit of " + maxLength + " bytes");
            b.write(c);
        }
    }

    /** A bulk payload of n bytes and its CRLF, read in chunks. */
    private byte[] bulk(long n) throws IOException {
        byte[] data;
        if (n <= CHUNK) {
            data = readFully((int) n);
        } else {
            ByteArrayOutputStream b = new ByteArrayOutputStream(CHUNK);
            for (long left = n; left > 0; ) {
                byte[] chunk = readFully((int) Math.min(left, CHUNK));
                b.write(chunk);
                left -= chunk.length;
            }
            data = b.toByteArray();
        }
        int cr = next();
        int lf = next();
        if (cr != '\r' || lf != '\n') {
            throw malformed(String.format("expected CRLF after %d bytes of data at offset %d, got %s %s",
                    n, offset - 2, printable(cr), printable(lf)));
        }
        return data;
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        offset += b.length;
        if (b.length < n) throw new EOFException("connection closed in the middle of a reply (offset " + offset + ")");
        return b;
    }

    private int next() throws IOException {
        int c = in.read();
        if (c < 0) throw new EOFException("connection closed in the middle of a reply (offset " + offset + ")");
        offset++;
        return c;
    }

    /** A length or count: -1 (when {@code nullable}) or 0..maxLength. */
    private long length(byte[] line, String what, boolean nullable) throws IOException {
        if (line.length == 1 && line[0] == '?') throw malformed("streamed RESP3 " + what + " ('?') is not supported");
        long n = integer(line, what);
        if (n == -1 && nullable) return -1;
        if (n < 0) throw malformed(what + " " + n + " is negative");
        if (n > maxLength) throw malformed(what + " " + n + " is over the limit of " + maxLength);
        return n;
    }

    /** A signed decimal long, strictly (no '+', no blanks); on every reply's hot path, so no regex. */
    private long integer(byte[] line, String what) throws IOException {
        int i = line.length > 0 && line[0] == '-' ? 1 : 0;
        if (line.length == i || line.length - i > 19) throw malformed(what + " '" + text(line) + "' is not a number");
        long v = 0;
        for (int j = i; j < line.length; j++) {
            int d = line[j] - '0';
            if (d < 0 || d > 9) throw malformed(what + " '" + text(line) + "' is not a number");
            v = v * 10 - d; // accumulate negatively: reaches Long.MIN_VALUE without overflow
            if (v > 0) throw malformed(what + " '" + text(line) + "' is out of range");
        }
        if (i == 1) return v;
        if (v == Long.MIN_VALUE) throw malformed(what + " '" + text(line) + "' is out of range");
        return -v;
    }

    private double decimal(byte[] line) throws IOException {
        String s = text(line);
        switch (s) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "-nan":
                return Double.NaN;
            default:
                // Only decimal notation; Java would also take "Infinity", "1d" or hex.
                if (!s.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?|[-+]?[0-9]+\\.")) {
                    throw malformed("double '" + s + "' is not a number");
                }
                return Double.parseDouble(s);
        }
    }

    private MalformedReplyException malformed(String message) {
        return new MalformedReplyException("malformed RESP: " + message);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String printable(int c) {
        if (c < 0) return "end of stream";
        if (c == '\r') return "'\\r'";
        if (c == '\n') return "'\\n'";
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }
}
