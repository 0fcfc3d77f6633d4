package dev.txnharness.engine.command;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;

/**
 * Argument parsing and small helpers shared by the command families (Redis's
 * getLongLongFromObjectOrReply, checkType ...). A parse failure is thrown as {@link Fail}, which
 * {@link #guard} turns into the error reply, so command code reads top-down like Redis's.
 */
final class Args {
    private Args() {}

    /** An error reply raised from deep inside a command. */
    static final class Fail extends RuntimeException {
        final Reply.Err reply;

        Fail(Reply.Err reply) {
            super(reply.message(), null, false, false);
            this.reply = reply;
        }
    }

    /** Wraps a proc so that a {@link Fail} becomes its error reply. */
    static Command.Proc guard(Command.Proc p) {
        return (c, a) -> {
            try {
                return p.run(c, a);
            } catch (Fail f) {
                return f.reply;
            }
        };
    }

    static Fail fail(Reply.Err e) {
        return new Fail(e);
    }

    static Fail fail(String errText) {
        return new Fail(Errors.err(errText));
    }

    static Key key(byte[][] a, int i) {
        return new Key(a[i]);
    }

    static boolean is(byte[] arg, String word) {
        if (arg.length != word.length()) return false;
        for (int i = 0; i < arg.length; i++) {
            int ch = arg[i] & 0xff;
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            if (ch != Character.toLowerCase(word.charAt(i))) return false;
        }
        return true;
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** getLongLongFromObjectOrReply. */
    static long longArg(byte[] b) {
        Long v = Numbers.parseLong(b);
        if (v == null) throw fail(Errors.NOT_INTEGER);
        return v;
    }

    /** getLongLongFromObjectOrReply with a custom message. */
    static long longArg(byte[] b, String msg) {
        Long v = Numbers.parseLong(b);
        if (v == null) throw fail(new Reply.Err(msg));
        return v;
    }

    /** getIntFromObjectOrReply. */
    static int intArg(byte[] b) {
        long v = longArg(b);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw fail(Errors.NOT_INTEGER);
        return (int) v;
    }

    /** getDoubleFromObjectOrReply (scores). */
    static double doubleArg(byte[] b) {
        Double d = Numbers.parseDouble(b);
        if (d == null) throw fail(Errors.NOT_FLOAT);
        return d;
    }

    /** checkType: the value is of the class or absent, else WRONGTYPE. */
    static <T extends RedisValue> T typed(RedisValue v, Class<T> type) {
        if (v == null) return null;
        if (!type.isInstance(v)) throw fail(Errors.WRONGTYPE);
        return type.cast(v);
    }

    static <T extends RedisValue> T read(Client c, byte[] key, Class<T> type) {
        return typed(c.db().lookupRead(new Key(key)), type);
    }

    static <T extends RedisValue> T write(Client c, byte[] key, Class<T> type) {
        return typed(c.db().lookupWrite(new Key(key)), type);
    }

    /** signalModifiedKey in the client's database. */
    static void touch(Client c, Key key) {
        Db db = c.db();
        db.keyspace().signalModifiedKey(db, key);
    }

    /** A write that changed nothing: no touch, unless the engine has {@link Fault#NO_OP_WRITE_TOUCHES}. */
    static void unchanged(Client c, Key key) {
        if (c.engine().has(Fault.NO_OP_WRITE_TOUCHES)) touch(c, key);
    }

    static Reply.Bulk bulk(byte[] b) {
        return new Reply.Bulk(b);
    }

    static Reply bulkOrNull(byte[] b) {
        return b == null ? Reply.NullBulk.INSTANCE : new Reply.Bulk(b);
    }

    static Reply.Int integer(long v) {
        return Reply.Int.of(v);
    }

    static final Reply.Int ZERO = Reply.Int.of(0), ONE = Reply.Int.of(1);

    /** Redis's range normalisation for LRANGE/ZRANGE/GETRANGE: returns {start, end} or null if empty. */
    static long[] range(long start, long end, long len) {
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) return null;
        if (end >= len) end = len - 1;
        return new long[] {start, end};
    }
}
