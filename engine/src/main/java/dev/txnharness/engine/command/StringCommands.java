package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.keyspace.StringValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** String commands (t_string.c). */
final class StringCommands {
    private StringCommands() {}

    /** proto-max-bulk-len: the largest string a command may build. */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private static final List<String> W = List.of("@write", "@string"), R = List.of("@read", "@string");

    static void register(CommandTable t) {
        t.add("get", 2, READONLY | FAST, 1, 1, 1, R, guard(StringCommands::get));
        t.add("set", -3, WRITE | DENYOOM, 1, 1, 1, W, guard(StringCommands::set));
        t.add("setnx", 3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) ->
                setGeneric(c, "setnx", a[1], a[2], null, 0, NX, ONE, ZERO)));
        t.add("setex", 4, WRITE | DENYOOM, 1, 1, 1, W, guard((c, a) -> setGeneric(c, "setex", a[1], a[3], a[2], 1000, EX, null, null)));
        t.add("psetex", 4, WRITE | DENYOOM, 1, 1, 1, W, guard((c, a) -> setGeneric(c, "psetex", a[1], a[3], a[2], 1, PX, null, null)));
        t.add("getset", 3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> setGeneric(c, "getset", a[1], a[2], null, 0, GET, null, null)));
        t.add("getdel", 2, WRITE | FAST, 1, 1, 1, W, guard(StringCommands::getdel));
        t.add("mget", -2, READONLY | FAST, 1, -1, 1, R, guard(StringCommands::mget));
        t.add("mset", -3, WRITE | DENYOOM, 1, -1, 2, W, guard((c, a) -> mset(c, a, false)));
        t.add("msetnx", -3, WRITE | DENYOOM, 1, -1, 2, W, guard((c, a) -> mset(c, a, true)));
        t.add("append", 3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard(StringCommands::append));
        t.add("strlen", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            StringValue s = read(c, a[1], StringValue.class);
            return integer(s == null ? 0 : s.bytes().length);
        }));
        t.add("incr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> incrDecr(c, a[1], 1)));
        t.add("decr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> incrDecr(c, a[1], -1)));
        t.add("incrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> incrDecr(c, a[1], longArg(a[2]))));
        t.add("decrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> {
            long incr = longArg(a[2]);
            if (incr == Long.MIN_VALUE) return Errors.err("decrement would overflow");
            return incrDecr(c, a[1], -incr);
        }));
        t.add("getrange", 4, READONLY, 1, 1, 1, R, guard(StringCommands::getrange));
        t.add("setrange", 4, WRITE | DENYOOM, 1, 1, 1, W, guard(StringCommands::setrange));
    }

    private static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, EX = 16, PX = 32, EXAT = 64, PXAT = 128;

    private static Reply get(Client c, byte[][] a) {
        StringValue s = read(c, a[1], StringValue.class);
        return s == null ? Reply.NullBulk.INSTANCE : bulk(s.bytes());
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL]. */
    private static Reply set(Client c, byte[][] a) {
        int flags = 0;
        byte[] expire = null;
        long unit = 0;
        for (int j = 3; j < a.length; j++) {
            byte[] opt = a[j];
            boolean next = j < a.length - 1;
            if (is(opt, "nx") && (flags & XX) == 0) flags |= NX;
            else if (is(opt, "xx") && (flags & NX) == 0) flags |= XX;
            else if (is(opt, "get")) flags |= GET;
            else if (is(opt, "keepttl") && (flags & (EX | PX | EXAT | PXAT)) == 0) flags |= KEEPTTL;
            else if (is(opt, "ex") && (flags & (KEEPTTL | PX | EXAT | PXAT)) == 0 && next) {
                flags |= EX; unit = 1000; expire = a[++j];
            } else if (is(opt, "px") && (flags & (KEEPTTL | EX | EXAT | PXAT)) == 0 && next) {
                flags |= PX; unit = 1; expire = a[++j];
            } else if (is(opt, "exat") && (flags & (KEEPTTL | EX | PX | PXAT)) == 0 && next) {
                flags |= EXAT; unit = 1000; expire = a[++j];
            } else if (is(opt, "pxat") && (flags & (KEEPTTL | EX | PX | EXAT)) == 0 && next) {
                flags |= PXAT; unit = 1; expire = a[++j];
            } else {
                return Errors.SYNTAX;
            }
        }
        return setGeneric(c, "set", a[1], a[2], expire, unit, flags, null, null);
    }

    /** setGenericCommand. */
    private static Reply setGeneric(Client c, String name, byte[] keyBytes, byte[] val, byte[] expire, long unit, int flags,
                                    Reply okReply, Reply abortReply) {
        Db db = c.db();
        long when = 0;
        if (expire != null) when = expireMillis(c, name, expire, unit, flags);
        Key key = new Key(keyBytes);
        Reply old = null;
        if ((flags & GET) != 0) {
            StringValue s = typed(db.lookupRead(key), StringValue.class);
            old = s == null ? Reply.NullBulk.INSTANCE : bulk(s.bytes());
        }
        boolean found = db.lookupWrite(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) != 0) return old;
            return abortReply != null ? abortReply : Reply.NullBulk.INSTANCE;
        }
        db.setKey(key, new StringValue(val), (flags & KEEPTTL) != 0);
        if (expire != null) db.setExpire(key, when);
        touch(c, key);
        if ((flags & GET) != 0) return old;
        return okReply != null ? okReply : Reply.OK;
    }

    /** getExpireMillisecondsOrReply: the absolute expiry time in ms. */
    private static long expireMillis(Client c, String name, byte[] arg, long unit, int flags) {
        long ms = longArg(arg);
        String bad = "invalid expire time in '" + name + "' command";
        if (ms <= 0 || (unit == 1000 && ms > Long.MAX_VALUE / 1000)) throw fail(bad);
        ms *= unit;
        if ((flags & (EX | PX)) != 0) {
            long now = c.db().keyspace().now();
            if (ms > Long.MAX_VALUE - now) throw fail(bad);
            ms += now;
        }
        if (ms <= 0) throw fail(bad);
        return ms;
    }

    private static Reply getdel(Client c, byte[][] a) {
        Key key = key(a, 1);
        StringValue s = typed(c.db().lookupRead(key), StringValue.class);
        if (s == null) return Reply.NullBulk.INSTANCE;
        c.db().delete(key);
        touch(c, key);
        return bulk(s.bytes());
    }

    private static Reply mget(Client c, byte[][] a) {
        List<Reply> out = new ArrayList<>(a.length - 1);
        for (int j = 1; j < a.length; j++) {
            RedisValue v = c.db().lookupRead(key(a, j));
            out.add(v instanceof StringValue s ? bulk(s.bytes()) : Reply.NullBulk.INSTANCE);
        }
        return new Reply.Array(out);
    }

    private static Reply mset(Client c, byte[][] a, boolean nx) {
        if (a.length % 2 == 0) return Errors.err("wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
        if (nx) {
            for (int j = 1; j < a.length; j += 2) {
                if (c.db().lookupWrite(key(a, j)) != null) return ZERO;
            }
        }
        for (int j = 1; j < a.length; j += 2) {
            Key k = key(a, j);
            c.db().setKey(k, new StringValue(a[j + 1]), false);
            touch(c, k);
        }
        return nx ? ONE : Reply.OK;
    }

    private static Reply append(Client c, byte[][] a) {
        Key key = key(a, 1);
        StringValue s = typed(c.db().lookupWrite(key), StringValue.class);
        byte[] out;
        if (s == null) {
            out = a[2];
            c.db().add(key, new StringValue(out));
        } else {
            byte[] old = s.bytes();
            if ((long) old.length + a[2].length > MAX_STRING) {
                return Errors.err("string exceeds maximum allowed size (proto-max-bulk-len)");
            }
            out = new byte[old.length + a[2].length];
            System.arraycopy(old, 0, out, 0, old.length);
            System.arraycopy(a[2], 0, out, old.length, a[2].length);
            c.db().setKey(key, new StringValue(out, true), true);
        }
        touch(c, key);
        return integer(out.length);
    }

    /** incrDecrCommand: the TTL stays. */
    private static Reply incrDecr(Client c, byte[] keyBytes, long incr) {
        Key key = new Key(keyBytes);
        StringValue s = typed(c.db().lookupWrite(key), StringValue.class);
        long value = 0;
        if (s != null) {
            Long v = Numbers.parseLong(s.bytes());
            if (v == null) return Errors.NOT_INTEGER;
            value = v;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            return Errors.OVERFLOW;
        }
        value += incr;
        c.db().setKey(key, StringValue.of(value), true);
        if (!c.engine().has(Fault.INCR_DOES_NOT_TOUCH)) touch(c, key);
        return integer(value);
    }

    private static Reply getrange(Client c, byte[][] a) {
        long start = longArg(a[2]), end = longArg(a[3]);
        StringValue s = read(c, a[1], StringValue.class);
        if (s == null) return bulk(new byte[0]);
        byte[] b = s.bytes();
        if (start < 0 && end < 0 && start > end) return bulk(new byte[0]);
        long len = b.length;
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) return bulk(new byte[0]);
        byte[] out = new byte[(int) (end - start + 1)];
        System.arraycopy(b, (int) start, out, 0, out.length);
        return bulk(out);
    }

    private static Reply setrange(Client c, byte[][] a) {
        long offset = longArg(a[2]);
        if (offset < 0) return Errors.err("offset is out of range");
        byte[] val = a[3];
        Key key = key(a, 1);
        StringValue s = typed(c.db().lookupWrite(key), StringValue.class);
        if (s == null) {
            if (val.length == 0) return ZERO;
            if (offset + val.length > MAX_STRING) return Errors.err("string exceeds maximum allowed size (proto-max-bulk-len)");
            byte[] out = new byte[(int) offset + val.length];
            System.arraycopy(val, 0, out, (int) offset, val.length);
            c.db().add(key, new StringValue(out, true));
            touch(c, key);
            return integer(out.length);
        }
        byte[] old = s.bytes();
        if (val.length == 0) return integer(old.length);
        if (offset + val.length > MAX_STRING) return Errors.err("string exceeds maximum allowed size (proto-max-bulk-len)");
        byte[] out = new byte[(int) Math.max(old.length, offset + val.length)];
        System.arraycopy(old, 0, out, 0, old.length);
        System.arraycopy(val, 0, out, (int) offset, val.length);
        c.db().setKey(key, new StringValue(out, true), true);
        touch(c, key);
        return integer(out.length);
    }
}
