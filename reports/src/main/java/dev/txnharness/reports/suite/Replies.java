package dev.txnharness.reports.suite;

import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.scenario.ReplyText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The recording boundary: a reply as the target sent it ({@code engine.protocol.Reply}) becomes
 * the history's {@link Reply}, which the model compares with {@code equals}.
 */
public final class Replies {
    private Replies() {}

    /** The history reply for a wire reply; RESP3-only types become their text as a bulk string. */
    public static Reply of(dev.txnharness.engine.protocol.Reply r) {
        if (r instanceof dev.txnharness.engine.protocol.Reply.Simple s) return new Reply.Simple(s.value());
        if (r instanceof dev.txnharness.engine.protocol.Reply.Err e) return new Reply.Error(e.message());
        if (r instanceof dev.txnharness.engine.protocol.Reply.Int i) return new Reply.Int(i.value());
        if (r instanceof dev.txnharness.engine.protocol.Reply.Bulk b) return new Reply.Bulk(new String(b.value(), StandardCharsets.UTF_8));
        if (r instanceof dev.txnharness.engine.protocol.Reply.NullBulk || r instanceof dev.txnharness.engine.protocol.Reply.Null) return Reply.NIL;
        if (r instanceof dev.txnharness.engine.protocol.Reply.NullArray) return Reply.NIL_ARRAY;
        if (r instanceof dev.txnharness.engine.protocol.Reply.Array a) {
            List<Reply> items = new ArrayList<>(a.items().size());
            for (dev.txnharness.engine.protocol.Reply x : a.items()) items.add(of(x));
            return new Reply.Array(items);
        }
        return new Reply.Bulk(ReplyText.render(r));
    }

    /** A short one-line rendering for bars, tables and explanations. */
    public static String text(Reply r) {
        if (r == null) return "?";
        if (r instanceof Reply.Simple s) return s.value();
        if (r instanceof Reply.Error e) return "(error) " + e.message();
        if (r instanceof Reply.Int i) return "(integer) " + i.value();
        if (r instanceof Reply.Bulk b) return '"' + b.value() + '"';
        if (r instanceof Reply.NullBulk) return "(nil)";
        if (r instanceof Reply.NullArray) return "(nil array)";
        Reply.Array a = (Reply.Array) r;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.items().size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(text(a.items().get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * The reply as {@code redis-cli --no-raw} prints it (RESP2), without the final newline: what a
     * replay script compares a server's answer with.
     */
    public static String cli(Reply r) {
        StringBuilder sb = new StringBuilder();
        cli(r, "", sb);
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    // redis-cli.c cliFormatReplyTTY: nested arrays indent by the index width + 2
    private static void cli(Reply r, String prefix, StringBuilder out) {
        if (r instanceof Reply.Simple s) out.append(s.value()).append('\n');
        else if (r instanceof Reply.Error e) out.append("(error) ").append(e.message()).append('\n');
        else if (r instanceof Reply.Int i) out.append("(integer) ").append(i.value()).append('\n');
        else if (r instanceof Reply.Bulk b) out.append(repr(b.value())).append('\n');
        else if (r instanceof Reply.NullBulk || r instanceof Reply.NullArray) out.append("(nil)\n");
        else {
            List<Reply> items = ((Reply.Array) r).items();
            if (items.isEmpty()) {
                out.append("(empty array)\n");
                return;
            }
            int idxlen = String.valueOf(items.size()).length();
            String inner = prefix + " ".repeat(idxlen + 2);
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : prefix).append(String.format("%" + idxlen + "d) ", i + 1));
                cli(items.get(i), inner, out);
            }
        }
    }

    /** sds.c sdscatrepr: how redis-cli quotes a bulk string. */
    static String repr(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> sb.append('\\').append((char) c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append('"').toString();
    }
}
