package dev.txnharness.stress;

import dev.txnharness.engine.protocol.Reply;

/**
 * Turns engine replies into the small numbers and strings that jcstress outcomes are made of. A
 * reply of an unexpected shape becomes a value no {@code @Outcome} names, so the catch-all
 * FORBIDDEN reports it instead of it being silently read as something else.
 */
public final class Replies {
    /** What {@link #exec} answers for an aborted EXEC (the null array). */
    public static final int ABORTED = -1;
    /** What the readers answer for a reply of an unexpected type. */
    public static final int UNEXPECTED = -100;

    private Replies() {}

    /** A GET's reply as a number: the integer it holds, 0 for nil, {@link #UNEXPECTED} otherwise. */
    public static int number(Reply r) {
        if (r instanceof Reply.NullBulk) return 0;
        if (r instanceof Reply.Int i) return (int) i.value();
        if (r instanceof Reply.Bulk b) {
            try {
                return Integer.parseInt(b.utf8());
            } catch (NumberFormatException e) {
                return UNEXPECTED;
            }
        }
        return UNEXPECTED;
    }

    /** A GET's reply as text: its value, "nil" for nil, "?type" otherwise. */
    public static String text(Reply r) {
        if (r instanceof Reply.NullBulk) return "nil";
        if (r instanceof Reply.Bulk b) return b.utf8();
        if (r instanceof Reply.Int i) return Long.toString(i.value());
        return "?" + r.getClass().getSimpleName();
    }

    /**
     * An EXEC's reply: {@link #ABORTED} for the null array (a watched key was touched), else the
     * number read from the reply of the queued command at {@code index} (see {@link #number}).
     */
    public static int exec(Reply r, int index) {
        if (r instanceof Reply.NullArray) return ABORTED;
        if (r instanceof Reply.Array a && index < a.items().size()) return number(a.items().get(index));
        return UNEXPECTED;
    }

    /** 1 if the EXEC ran its queue, 0 if it answered the null array, {@link #UNEXPECTED} otherwise. */
    public static int committed(Reply r) {
        if (r instanceof Reply.NullArray) return 0;
        if (r instanceof Reply.Array) return 1;
        return UNEXPECTED;
    }
}
