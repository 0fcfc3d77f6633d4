package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.BLOCKING;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.NO_SCRIPT;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.ListValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** List commands (t_list.c), including BLPOP/BRPOP, which never block inside EXEC. */
final class ListCommands {
    private ListCommands() {}

    private static final List<String> W = List.of("@write", "@list"), R = List.of("@read", "@list");

    static void register(CommandTable t) {
        t.add("lpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> push(c, a, false, false)));
        t.add("rpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> push(c, a, true, false)));
        t.add("lpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> push(c, a, false, true)));
        t.add("rpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> push(c, a, true, true)));
        t.add("lpop", -2, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> pop(c, a, false)));
        t.add("rpop", -2, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> pop(c, a, true)));
        t.add("llen", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            ListValue l = read(c, a[1], ListValue.class);
            return integer(l == null ? 0 : l.size());
        }));
        t.add("lrange", 4, READONLY, 1, 1, 1, R, guard(ListCommands::lrange));
        t.add("lindex", 3, READONLY, 1, 1, 1, R, guard((c, a) -> {
            long idx = longArg(a[2]);
            ListValue l = read(c, a[1], ListValue.class);
            if (l == null) return Reply.NullBulk.INSTANCE;
            if (idx < 0) idx += l.size();
            if (idx < 0 || idx >= l.size()) return Reply.NullBulk.INSTANCE;
            return bulk(l.items().get((int) idx));
        }));
        t.add("lset", 4, WRITE | DENYOOM, 1, 1, 1, W, guard(ListCommands::lset));
        t.add("lrem", 4, WRITE, 1, 1, 1, W, guard(ListCommands::lrem));
        t.add("ltrim", 4, WRITE, 1, 1, 1, W, guard(ListCommands::ltrim));
        t.add("blpop", -3, WRITE | BLOCKING | NO_SCRIPT, 1, -2, 1, List.of("@write", "@list", "@slow", "@blocking"),
                guard((c, a) -> bpop(c, a, false)));
        t.add("brpop", -3, WRITE | BLOCKING | NO_SCRIPT, 1, -2, 1, List.of("@write", "@list", "@slow", "@blocking"),
                guard((c, a) -> bpop(c, a, true)));
        t.add("lmove", 5, WRITE | DENYOOM, 1, 2, 1, W, guard((c, a) -> lmove(c, a, a[3], a[4], -1)));
        t.add("rpoplpush", 3, WRITE | DENYOOM, 1, 2, 1, W, guard((c, a) -> lmove(c, a, RIGHT, LEFT, -1)));
        t.add("blmove", 6, WRITE | DENYOOM | BLOCKING | NO_SCRIPT, 1, 2, 1, List.of("@write", "@list", "@slow", "@blocking"),
                guard((c, a) -> lmove(c, a, a[3], a[4], timeoutArg(a[5]))));
        t.add("brpoplpush", 4, WRITE | DENYOOM | BLOCKING | NO_SCRIPT, 1, 2, 1, List.of("@write", "@list", "@slow", "@blocking"),
                guard((c, a) -> lmove(c, a, RIGHT, LEFT, timeoutArg(a[3]))));
    }

    private static final byte[] LEFT = {'l', 'e', 'f', 't'}, RIGHT = {'r', 'i', 'g', 'h', 't'};

    private static boolean side(byte[] where) {
        if (is(where, "left")) return false;
        if (is(where, "right")) return true;
        throw fail(Errors.SYNTAX);
    }

    /**
     * LMOVE / RPOPLPUSH, and BLMOVE / BRPOPLPUSH ({@code timeout} >= 0): pops from the source's
     * end, pushes to the destination's (lmoveGenericCommand). The blocking forms block on an empty
     * source, except inside EXEC, where they answer nil at once.
     */
    static Reply lmove(Client c, byte[][] a, byte[] from, byte[] to, long timeout) {
        boolean fromRight = side(from), toRight = side(to);
        Db db = c.db();
        Key src = key(a, 1), dst = key(a, 2);
        ListValue sl = typed(db.lookupWrite(src), ListValue.class);
        if (sl == null || sl.size() == 0) {
            if (timeout < 0 || c.multiState().denyBlocking()) return Reply.NullBulk.INSTANCE;
            c.engine().blockForKeysAndRetry(c, List.of(src), timeout == 0 ? 0 : db.keyspace().now() + timeout, a);
            return null;
        }
        ListValue dl = typed(db.lookupWrite(dst), ListValue.class);
        byte[] v = fromRight ? sl.items().remove(sl.size() - 1) : sl.items().remove(0);
        if (dl == null) {
            dl = src.equals(dst) ? sl : new ListValue();
            if (dl != sl) db.add(dst, dl);
        }
        if (toRight) dl.items().add(v);
        else dl.items().add(0, v);
        touch(c, dst);
        if (sl.size() == 0) db.delete(src);
        touch(c, src);
        return bulk(v);
    }

    private static Reply push(Client c, byte[][] a, boolean right, boolean onlyIfExists) {
        Db db = c.db();
        Key k = key(a, 1);
        ListValue l = typed(db.lookupWrite(k), ListValue.class);
        if (l == null) {
            if (onlyIfExists) return ZERO;
            l = new ListValue();
            db.add(k, l);
        }
        for (int j = 2; j < a.length; j++) {
            if (right) l.items().add(a[j]);
            else l.items().add(0, a[j]);
        }
        db.keyspace().signalKeyAsReady(db, k);
        touch(c, k);
        return integer(l.size());
    }

    /** LPOP/RPOP key [count]. */
    private static Reply pop(Client c, byte[][] a, boolean right) {
        if (a.length > 3) return Errors.err("wrong number of arguments for '" + (right ? "rpop" : "lpop") + "' command");
        long count = -1;
        if (a.length == 3) {
            count = longArg(a[2], "ERR value is out of range, must be positive");
            if (count < 0) return Errors.err("value is out of range, must be positive");
        }
        Db db = c.db();
        Key k = key(a, 1);
        ListValue l = typed(db.lookupWrite(k), ListValue.class);
        if (l == null) return count == -1 ? Reply.NullBulk.INSTANCE : Reply.NullArray.INSTANCE;
        if (count == 0) return Reply.Array.EMPTY;
        Reply out;
        if (count == -1) {
            out = bulk(right ? l.items().remove(l.size() - 1) : l.items().remove(0));
        } else {
            List<Reply> items = new ArrayList<>();
            for (long i = 0; i < count && l.size() > 0; i++) {
                items.add(bulk(right ? l.items().remove(l.size() - 1) : l.items().remove(0)));
            }
            out = new Reply.Array(items);
        }
        if (l.size() == 0) db.delete(k);
        touch(c, k);
        return out;
    }

    private static Reply lrange(Client c, byte[][] a) {
        long start = longArg(a[2]), end = longArg(a[3]);
        ListValue l = read(c, a[1], ListValue.class);
        if (l == null) return Reply.Array.EMPTY;
        long[] r = range(start, end, l.size());
        if (r == null) return Reply.Array.EMPTY;
        List<Reply> out = new ArrayList<>((int) (r[1] - r[0] + 1));
        for (long i = r[0]; i <= r[1]; i++) out.add(bulk(l.items().get((int) i)));
        return new Reply.Array(out);
    }

    private static Reply lset(Client c, byte[][] a) {
        long idx = longArg(a[2]);
        Key k = key(a, 1);
        ListValue l = typed(c.db().lookupWrite(k), ListValue.class);
        if (l == null) return Errors.NO_SUCH_KEY;
        if (idx < 0) idx += l.size();
        if (idx < 0 || idx >= l.size()) return Errors.OUT_OF_RANGE;
        l.items().set((int) idx, a[3]);
        touch(c, k);
        return Reply.OK;
    }

    private static Reply lrem(Client c, byte[][] a) {
        long count = longArg(a[2]);
        Key k = key(a, 1);
        ListValue l = typed(c.db().lookupWrite(k), ListValue.class);
        if (l == null) return ZERO;
        List<byte[]> items = l.items();
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < items.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(items.get(i), a[3])) {
                    items.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = items.size() - 1; i >= 0 && removed < -count; i--) {
                if (Arrays.equals(items.get(i), a[3])) {
                    items.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            if (l.size() == 0) c.db().delete(k);
            touch(c, k);
        }
        return integer(removed);
    }

    /** LTRIM: signals even when nothing is trimmed, as Redis does. */
    private static Reply ltrim(Client c, byte[][] a) {
        long start = longArg(a[2]), end = longArg(a[3]);
        Key k = key(a, 1);
        ListValue l = typed(c.db().lookupWrite(k), ListValue.class);
        if (l == null) return Reply.OK;
        long[] r = range(start, end, l.size());
        List<byte[]> keep = r == null ? List.of() : new ArrayList<>(l.items().subList((int) r[0], (int) r[1] + 1));
        l.items().clear();
        l.items().addAll(keep);
        if (l.size() == 0) c.db().delete(k);
        touch(c, k);
        return Reply.OK;
    }

    /**
     * BLPOP/BRPOP key [key ...] timeout: pops from the first non-empty list; otherwise blocks,
     * except inside EXEC, where it answers the null array at once.
     */
    private static Reply bpop(Client c, byte[][] a, boolean right) {
        long timeout = timeoutArg(a[a.length - 1]);
        Db db = c.db();
        for (int j = 1; j < a.length - 1; j++) {
            Key k = key(a, j);
            ListValue l = typed(db.lookupWrite(k), ListValue.class);
            if (l == null || l.size() == 0) continue;
            byte[] v = right ? l.items().remove(l.size() - 1) : l.items().remove(0);
            if (l.size() == 0) db.delete(k);
            touch(c, k);
            return Reply.Array.of(bulk(k.bytes()), bulk(v));
        }
        if (c.multiState().denyBlocking()) return Reply.NullArray.INSTANCE;
        List<Key> keys = new ArrayList<>();
        for (int j = 1; j < a.length - 1; j++) {
            Key k = key(a, j);
            if (!keys.contains(k)) keys.add(k);
        }
        long deadline = timeout == 0 ? 0 : db.keyspace().now() + timeout;
        c.engine().blockForKeys(c, keys, right, deadline);
        return null;
    }

    /** getTimeoutFromObjectOrReply: seconds as a float, to milliseconds. */
    static long timeoutArg(byte[] arg) {
        BigDecimal secs;
        try {
            String s = Args.str(arg);
            if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
                throw new NumberFormatException();
            }
            secs = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw fail("timeout is not a float or out of range");
        }
        if (secs.signum() < 0) throw fail("timeout is negative");
        BigDecimal ms = secs.multiply(BigDecimal.valueOf(1000));
        if (ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) throw fail("timeout is out of range");
        long v = ms.longValue();
        if (v == 0 && ms.signum() > 0) v = 1;
        return v;
    }
}
