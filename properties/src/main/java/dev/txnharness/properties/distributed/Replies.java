package dev.txnharness.properties.distributed;

import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading replies as text and lists. */
final class Replies {
    private Replies() {}

    static String text(Reply r) {
        if (r instanceof Reply.Bulk b) return b.utf8();
        if (r instanceof Reply.Verbatim v) return new String(v.value(), StandardCharsets.UTF_8);
        if (r instanceof Reply.Simple s) return s.value();
        if (r instanceof Reply.Int i) return Long.toString(i.value());
        return "";
    }

    static List<Reply> items(Reply r) {
        return r instanceof Reply.Array a ? a.items() : List.of();
    }

    static List<String> strings(Reply r) {
        List<String> out = new ArrayList<>();
        for (Reply i : items(r)) out.add(text(i));
        return out;
    }

    /** The value of {@code field:} in INFO text, or "". */
    static String field(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1).trim();
        }
        return "";
    }
}
