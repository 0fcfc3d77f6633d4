package dev.txnharness.engine.aof;

import dev.txnharness.engine.Engine.Logged;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders one append as the bytes Redis 7.0 would put in its AOF (feedAppendOnlyFile,
 * catAppendOnlyGenericCommand): each command a RESP multibulk, a {@code SELECT} before a command
 * whose database differs from the last one written, and for a transaction {@code MULTI} (after the
 * SELECT of its first command) … {@code EXEC}. Remembers the selected database across appends;
 * {@link #commit} makes the new one current once the bytes are surely written.
 */
final class AofEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    /** The database the file's reader is in after the last committed append; -1 before any. */
    private int selectedDb = -1;
    private int pendingDb = -1;

    /** The bytes for these commands; {@code transaction} wraps them in MULTI … EXEC. */
    byte[] encode(List<Logged> commands, boolean transaction, long nowMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * commands.size() + 32);
        int db = selectedDb;
        if (transaction && !commands.isEmpty()) {
            db = select(out, db, commands.get(0).db());
            command(out, MULTI);
        }
        for (Logged l : commands) {
            db = select(out, db, l.db());
            command(out, Propagation.rewrite(l.argv(), nowMillis));
        }
        if (transaction && !commands.isEmpty()) command(out, EXEC);
        pendingDb = db;
        return out.toByteArray();
    }

    /** The bytes of the last {@link #encode} reached the file. */
    void commit() {
        selectedDb = pendingDb;
    }

    /** Forgets the selected database (a new file, or after a failed write): the next append selects. */
    void reset() {
        selectedDb = -1;
    }

    private static int select(ByteArrayOutputStream out, int current, int db) {
        if (db == current) return current;
        command(out, new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII),
            Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
        return db;
    }

    /** One command as a RESP multibulk: {@code *<argc>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument. */
    static void command(ByteArrayOutputStream out, byte[][] argv) {
        out.write('*');
        out.writeBytes(Integer.toString(argv.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(CRLF);
        for (byte[] a : argv) {
            out.write('$');
            out.writeBytes(Integer.toString(a.length).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
            out.writeBytes(a);
            out.writeBytes(CRLF);
        }
    }
}
