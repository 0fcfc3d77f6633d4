package dev.txnharness.engine.resp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Cuts requests out of a connection's input exactly as Redis 7.0 does (networking.c
 * processInputBuffer, processMultibulkBuffer, processInlineBuffer), keeping its quirks, because
 * what a client sees on a bad frame is part of what the harness compares:
 *
 * <ul>
 *   <li>a request starting with {@code *} is a multibulk ({@code *N\r\n$len\r\nbytes\r\n...});
 *       any other is an inline line, split as {@link SplitArgs}; empty requests ({@code *0},
 *       {@code *-1}, any {@code *} with a count of 0 or less, a blank line) are skipped;
 *   <li>header lines end at {@code \r}, and the byte after it is skipped unread, as is the pair
 *       after a bulk's data (Redis never checks them);
 *   <li>the search for a line's end stops at a NUL byte, as C's strchr does, so a NUL in a header
 *       or inline line makes the parser wait (until the 64 KB limit trips), as Redis does;
 *   <li>numbers are read as util.c string2ll reads them: no sign but {@code -}, no leading zero,
 *       at most 20 characters.
 * </ul>
 *
 * <p>Errors, with the limits from {@link ServerConfig}: {@code invalid multibulk length},
 * {@code invalid bulk length}, {@code expected '$', got 'x'}, {@code too big mbulk count string},
 * {@code too big bulk count string}, {@code too big inline request}, {@code unbalanced quotes in
 * request}. The parser never allocates by a declared length alone: a bulk under 32 KB is copied
 * out once all of it has arrived; a bigger one (Redis's PROTO_MBULK_BIG_ARG) is moved, as it
 * arrives, into an array that doubles up to its declared length, so reading it is linear in its
 * size (each byte copied at most three times), the input buffer stays small, and memory follows
 * what arrived. The argument array grows as arguments arrive.
 *
 * <p>Stateful across calls (a request may arrive in pieces); one per connection; not thread-safe.
 */
public final class RequestParser {
    private static final int REQ_UNKNOWN = 0;
    private static final int REQ_INLINE = 1;
    private static final int REQ_MULTIBULK = 2;
    /** util.c LONG_STR_SIZE: a number string this long or longer is not a number. */
    private static final int LONG_STR_SIZE = 21;
    /** ULLONG_MAX / 10, string2ll's overflow bound. */
    private static final long ULLONG_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    /** Redis's first argv allocation for a multibulk, grown by doubling (networking.c). */
    private static final int INITIAL_ARGV = 1024;
    /** PROTO_MBULK_BIG_ARG: from this length on, a bulk is read into its own array as it arrives. */
    static final int BIG_ARG = 32 * 1024;
    /** Largest byte array a JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long maxBulkLength;
    private final long maxMultibulkLength;
    private final int maxInlineSize;

    private int reqType = REQ_UNKNOWN;
    /** Arguments of the current multibulk still to read (c->multibulklen). */
    private long multibulkLen;
    /** Length of the bulk being read, or -1 before its header (c->bulklen). */
    private long bulkLen = -1;
    private byte[][] argv;
    private int argc;
    /** The big bulk being filled, and how much of it has arrived. */
    private byte[] big;
    private int bigFilled;
    /** string2ll's result. */
    private long parsed;

    /** A parser with the limits of {@code config}. */
    public RequestParser(ServerConfig config) {
        this(config.protoMaxBulkLen(), config.maxMultibulkLength(), config.maxInlineSize());
    }

    /** A parser with these limits (proto-max-bulk-len, the multibulk count, PROTO_INLINE_MAX_SIZE). */
    public RequestParser(long maxBulkLength, long maxMultibulkLength, int maxInlineSize) {
        this.maxBulkLength = maxBulkLength;
        this.maxMultibulkLength = maxMultibulkLength;
        this.maxInlineSize = maxInlineSize;
    }

    /**
     * The next complete request in {@code in} (its bytes consumed), or null when more input is
     * needed (what was read so far is kept, in {@code in} or in the parser). Never returns an empty
     * request. After a {@link ProtocolError} the connection must be closed; the parser is spent.
     */
    public byte[][] next(ByteBuf in) throws ProtocolError {
        while (in.isReadable()) {
            if (reqType == REQ_UNKNOWN) reqType = in.getByte(in.readerIndex()) == '*' ? REQ_MULTIBULK : REQ_INLINE;
            byte[][] request = reqType == REQ_INLINE ? inline(in) : multibulk(in);
            if (request == null) return null;
            reset();
            if (request.length > 0) return request;
        }
        return null;
    }

    /**
     * The bytes of a big bulk already moved out of the input (they count towards
     * client-query-buffer-limit, as they sit in Redis's query buffer).
     */
    public long bufferedBytes() {
        return bigFilled;
    }

    /** The memory held for a big bulk being read: what arrived, rounded up by doubling. */
    int heldBytes() {
        return big == null ? 0 : big.length;
    }

    /** Whether part of a request has been read (a request is open across reads). */
    public boolean inRequest() {
        return reqType != REQ_UNKNOWN;
    }

    private void reset() {
        reqType = REQ_UNKNOWN;
        multibulkLen = 0;
        bulkLen = -1;
        argv = null;
        argc = 0;
        big = null;
        bigFilled = 0;
    }

    /** processInlineBuffer. */
    private byte[][] inline(ByteBuf in) throws ProtocolError {
        int newline = find(in, (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > maxInlineSize) throw new ProtocolError("too big inline request");
            return null;
        }
        int start = in.readerIndex();
        int lineLength = newline;
        int linefeedChars = 1;
        if (newline != 0 && in.getByte(start + newline - 1) == '\r') {
            lineLength--;
            linefeedChars++;
        }
        byte[] line = new byte[lineLength];
        in.getBytes(start, line);
        byte[][] args = SplitArgs.split(line);
        if (args == null) throw new ProtocolError("unbalanced quotes in request");
        in.skipBytes(lineLength + linefeedChars);
        return args;
    }

    /** processMultibulkBuffer. */
    private byte[][] multibulk(ByteBuf in) throws ProtocolError {
        if (multibulkLen == 0) {
            int newline = find(in, (byte) '\r');
            if (newline < 0) {
                if (in.readableBytes() > maxInlineSize) throw new ProtocolError("too big mbulk count string");
                return null;
            }
            if (newline > in.readableBytes() - 2) return null; // the \n has not arrived yet
            // the line starts with '*': that is how the request type was chosen
            if (!string2ll(in, in.readerIndex() + 1, newline - 1) || parsed > maxMultibulkLength) {
                throw new ProtocolError("invalid multibulk length");
            }
            in.skipBytes(newline + 2);
            if (parsed <= 0) return new byte[0][];
            multibulkLen = parsed;
            argv = new byte[(int) Math.min(multibulkLen, INITIAL_ARGV)][];
            argc = 0;
        }
        while (multibulkLen > 0) {
            if (bulkLen == -1) {
                int newline = find(in, (byte) '\r');
                if (newline < 0) {
                    if (in.readableBytes() > maxInlineSize) throw new ProtocolError("too big bulk count string");
                    return null;
                }
                if (newline > in.readableBytes() - 2) return null;
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    // addReplyErrorFormat turns CR and LF into spaces; other bytes go out as they are
                    char shown = first == '\r' || first == '\n' ? ' ' : (char) (first & 0xff);
                    throw new ProtocolError("expected '$', got '" + shown + "'");
                }
                if (!string2ll(in, in.readerIndex() + 1, newline - 1) || parsed < 0 || parsed > maxBulkLength
                        || parsed > MAX_ARRAY) {
                    throw new ProtocolError("invalid bulk length");
                }
                in.skipBytes(newline + 2);
                bulkLen = parsed;
            }
            byte[] arg;
            if (bulkLen >= BIG_ARG) {
                // A big bulk is moved out of the input buffer as it arrives, into an array that
                // doubles up to the declared length (its limit was checked above): each byte is
                // copied at most twice more, and memory follows what arrived, not what was declared.
                int n = (int) Math.min(in.readableBytes(), bulkLen - bigFilled);
                if (big == null || bigFilled + n > big.length) {
                    long want = Math.max(Math.max(BIG_ARG, bigFilled + (long) n), big == null ? 0 : 2L * big.length);
                    int size = (int) Math.min(bulkLen, want);
                    big = big == null ? new byte[size] : Arrays.copyOf(big, size);
                }
                in.readBytes(big, bigFilled, n);
                bigFilled += n;
                if (bigFilled < bulkLen || in.readableBytes() < 2) return null;
                arg = big;
                big = null;
                bigFilled = 0;
            } else {
                // Wait for the whole bulk and the two bytes after it, holding only what has arrived.
                if (in.readableBytes() < bulkLen + 2) return null;
                arg = new byte[(int) bulkLen];
                in.readBytes(arg);
            }
            in.skipBytes(2);
            if (argc == argv.length) {
                long grown = Math.min((long) argv.length * 2, (long) argc + multibulkLen);
                argv = Arrays.copyOf(argv, (int) Math.min(grown, Integer.MAX_VALUE - 8));
            }
            argv[argc++] = arg;
            bulkLen = -1;
            multibulkLen--;
        }
        return argc == argv.length ? argv : Arrays.copyOf(argv, argc);
    }

    /**
     * Offset from the reader index of the first {@code target}, or -1 when there is none before
     * the end or before a NUL byte (strchr on the query buffer, a C string).
     */
    private static int find(ByteBuf in, byte target) {
        // ByteBuf.indexOf is Netty's word-at-a-time search: much faster than a per-byte callback
        int from = in.readerIndex();
        int i = in.indexOf(from, in.writerIndex(), target);
        if (i < 0 || in.indexOf(from, i, (byte) 0) >= 0) return -1;
        return i - from;
    }

    /** util.c string2ll over {@code len} bytes at {@code from}; the value goes to {@link #parsed}. */
    private boolean string2ll(ByteBuf b, int from, int len) {
        if (len <= 0 || len >= LONG_STR_SIZE) return false;
        int p = from;
        int end = from + len;
        if (len == 1 && b.getByte(p) == '0') {
            parsed = 0;
            return true;
        }
        boolean negative = false;
        if (b.getByte(p) == '-') {
            negative = true;
            if (++p == end) return false;
        }
        int c = b.getByte(p);
        if (c < '1' || c > '9') return false; // no leading zero, no '+'
        long v = c - '0'; // read as unsigned, as Redis does, then range-checked below
        for (p++; p < end; p++) {
            c = b.getByte(p);
            if (c < '0' || c > '9') return false;
            if (Long.compareUnsigned(v, ULLONG_MAX_DIV_10) > 0) return false;
            v *= 10;
            if (Long.compareUnsigned(v, -1L - (c - '0')) > 0) return false;
            v += c - '0';
        }
        if (negative) {
            if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) return false; // below LLONG_MIN
            parsed = -v;
        } else {
            if (v < 0) return false; // above LLONG_MAX
            parsed = v;
        }
        return true;
    }
}
