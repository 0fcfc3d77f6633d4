package dev.txnharness.engine.protocol;

import dev.txnharness.engine.keyspace.Numbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link Reply} as RESP2 or RESP3 bytes exactly as Redis 7.0 does (networking.c
 * addReply*): nulls, maps, sets, doubles and booleans each take the form of the connection's
 * protocol. Simple strings and errors are Latin-1, so any byte a command echoes comes back as sent.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespWriter() {}

    /** The reply's bytes for the given protocol (2 or 3). */
    public static byte[] toBytes(Reply r, int protocol) {
        ByteBuf buf = Unpooled.buffer(64);
        write(r, protocol, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** Appends the reply's bytes for the given protocol (2 or 3) to {@code out}. */
    public static void write(Reply r, int protocol, ByteBuf out) {
        boolean resp3 = protocol >= 3;
        if (r == Reply.OK) {
            out.writeBytes(OK);
        } else if (r == Reply.QUEUED) {
            out.writeBytes(QUEUED);
        } else if (r instanceof Reply.Simple s) {
            line(out, '+', s.value());
        } else if (r instanceof Reply.Err e) {
            line(out, '-', e.message());
        } else if (r instanceof Reply.Int i) {
            out.writeByte(':');
            writeLong(out, i.value());
            out.writeBytes(CRLF);
        } else if (r instanceof Reply.Bulk b) {
            bulk(out, b.value());
        } else if (r instanceof Reply.NullBulk || r instanceof Reply.Null) {
            out.writeBytes(resp3 ? NULL3 : NULL_BULK);
        } else if (r instanceof Reply.NullArray) {
            out.writeBytes(resp3 ? NULL3 : NULL_ARRAY);
        } else if (r instanceof Reply.Array a) {
            aggregate(out, '*', a.items(), 1, protocol);
        } else if (r instanceof Reply.MapReply m) {
            if (resp3) aggregate(out, '%', m.keysAndValues(), 2, protocol);
            else aggregate(out, '*', m.keysAndValues(), 1, protocol);
        } else if (r instanceof Reply.SetReply s) {
            aggregate(out, resp3 ? '~' : '*', s.items(), 1, protocol);
        } else if (r instanceof Reply.Push p) {
            aggregate(out, resp3 ? '>' : '*', p.items(), 1, protocol);
        } else if (r instanceof Reply.DoubleReply d) {
            String text = Numbers.formatDouble(d.value());
            if (resp3) line(out, ',', text);
            else bulk(out, text.getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof Reply.Bool b) {
            if (resp3) line(out, '#', b.value() ? "t" : "f");
            else line(out, ':', b.value() ? "1" : "0");
        } else if (r instanceof Reply.BigNumber n) {
            if (resp3) line(out, '(', n.value());
            else bulk(out, n.value().getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof Reply.Verbatim v) {
            if (resp3) {
                byte[] fmt = v.format().getBytes(StandardCharsets.US_ASCII);
                out.writeByte('=');
                writeLong(out, fmt.length + 1 + v.value().length);
                out.writeBytes(CRLF);
                out.writeBytes(fmt).writeByte(':').writeBytes(v.value()).writeBytes(CRLF);
            } else {
                bulk(out, v.value());
            }
        } else {
            throw new IllegalArgumentException("unknown reply " + r);
        }
    }

    private static void aggregate(ByteBuf out, char type, List<Reply> items, int per, int protocol) {
        out.writeByte(type);
        writeLong(out, items.size() / per);
        out.writeBytes(CRLF);
        for (Reply item : items) write(item, protocol, out);
    }

    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    private static void bulk(ByteBuf out, byte[] b) {
        out.writeByte('$');
        writeLong(out, b.length);
        out.writeBytes(CRLF);
        out.writeBytes(b);
        out.writeBytes(CRLF);
    }

    /** Writes a long in decimal ASCII without allocating. */
    static void writeLong(ByteBuf out, long v) {
        if (v == Long.MIN_VALUE) {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(end);
    }
}
