package dev.txnharness.reports.report;

import dev.txnharness.properties.history.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How the report prints a history {@link Reply}: a short one-line form for bars, tables and
 * explanations, and the exact text {@code redis-cli --no-raw} prints, which a replay script
 * compares a server's answer with. (The wire-to-history conversion is properties'
 * {@code history.Replies.fromWire}.)
 */
public final class ReplyFormat {
    private ReplyFormat() {}

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
