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
import dev.txnharness.engine.keyspace.Keyspace;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands (db.c, expire.c, object.c). */
final class KeyCommands {
    private KeyCommands() {}

    private static final List<String> W = List.of("@keyspace", "@write"), R = List.of("@keyspace", "@read");
    private static final Reply.Err SAME_OBJECT = Errors.err("source and destination objects are the same");

    static void register(CommandTable t) {
        t.add("del", -2, WRITE, 1, -1, 1, W, guard(KeyCommands::del));
        t.add("unlink", -2, WRITE | FAST, 1, -1, 1, W, guard(KeyCommands::del));
        t.add("exists", -2, READONLY | FAST, 1, -1, 1, R, guard((c, a) -> {
            long n = 0;
            for (int j = 1; j < a.length; j++) if (c.db().lookupRead(key(a, j)) != null) n++;
            return integer(n);
        }));
        t.add("touch", -2, READONLY | FAST, 1, -1, 1, R, guard((c, a) -> {
            long n = 0;
            for (int j = 1; j < a.length; j++) if (c.db().lookupRead(key(a, j)) != null) n++;
            return integer(n);
        }));
        t.add("type", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            RedisValue v = c.db().lookupRead(key(a, 1));
            return new Reply.Simple(v == null ? "none" : v.type());
        }));
        t.add("rename", 3, WRITE, 1, 2, 1, W, guard((c, a) -> rename(c, a, false)));
        t.add("renamenx", 3, WRITE | FAST, 1, 2, 1, W, guard((c, a) -> rename(c, a, true)));
        t.add("copy", -3, WRITE | DENYOOM, 1, 2, 1, W, guard(KeyCommands::copy));
        t.add("move", 3, WRITE | FAST, 1, 1, 1, W, guard(KeyCommands::move));
        t.add("expire", -3, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> expire(c, a, false, 1000)));
        t.add("pexpire", -3, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> expire(c, a, false, 1)));
        t.add("expireat", -3, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> expire(c, a, true, 1000)));
        t.add("pexpireat", -3, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> expire(c, a, true, 1)));
        t.add("ttl", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> ttl(c, a, true, false)));
        t.add("pttl", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> ttl(c, a, false, false)));
        t.add("expiretime", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> ttl(c, a, true, true)));
        t.add("pexpiretime", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> ttl(c, a, false, true)));
        t.add("persist", 2, WRITE | FAST, 1, 1, 1, W, guard((c, a) -> {
            Key k = key(a, 1);
            if (c.db().lookupWrite(k) == null) return ZERO;
            if (!c.db().removeExpire(k)) return ZERO;
            if (!c.engine().has(Fault.TTL_CHANGE_DOES_NOT_TOUCH)) touch(c, k);
            return ONE;
        }));
        t.add("keys", 2, READONLY, 0, 0, 0, List.of("@keyspace", "@read", "@slow", "@dangerous"), guard(KeyCommands::keys));
        t.add("dbsize", 1, READONLY | FAST, 0, 0, 0, R, (c, a) -> integer(c.db().size()));
        t.add("randomkey", 1, READONLY, 0, 0, 0, R, guard((c, a) -> {
            // the first live key in the table's order: any key is a valid answer
            for (Key k : List.copyOf(c.db().keysView())) {
                if (c.db().lookupRead(k) != null) return bulk(k.bytes());
            }
            return Reply.NullBulk.INSTANCE;
        }));
        Command object = new Command("object", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        object.sub(new Command("encoding", 3, READONLY, 2, 2, 1, R, guard((c, a) -> {
            RedisValue v = c.db().lookupRead(key(a, 2));
            return v == null ? Reply.NullBulk.INSTANCE : bulk(v.encoding().getBytes());
        })));
        object.sub(new Command("refcount", 3, READONLY, 2, 2, 1, R, guard((c, a) ->
                c.db().lookupRead(key(a, 2)) == null ? Reply.NullBulk.INSTANCE : ONE)));
        object.sub(new Command("idletime", 3, READONLY, 2, 2, 1, R, guard((c, a) ->
                c.db().lookupRead(key(a, 2)) == null ? Reply.NullBulk.INSTANCE : ZERO)));
        object.sub(new Command("freq", 3, READONLY, 2, 2, 1, R, guard((c, a) -> c.db().lookupRead(key(a, 2)) == null
                ? Reply.NullBulk.INSTANCE
                : Errors.err("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."))));
        object.sub(new Command("help", 2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> help("OBJECT",
                "ENCODING <key>", "    Return the kind of internal representation used in order to store the value", "    associated with a <key>.",
                "FREQ <key>", "    Return the access frequency index of the <key>. The returned integer is", "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>", "    Return the idle time of the <key>, that is the approximated number of", "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>", "    Return the number of references of the value associated with the specified", "    <key>.")));
        t.add(object);
    }

    /** The reply of a container command's HELP subcommand, as addReplyHelp builds it. */
    static Reply help(String cmd, String... lines) {
        List<Reply> out = new ArrayList<>();
        out.add(new Reply.Simple(cmd + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (String l : lines) out.add(new Reply.Simple(l));
        out.add(new Reply.Simple("HELP"));
        out.add(new Reply.Simple("    Print this help."));
        return new Reply.Array(out);
    }

    private static Reply del(Client c, byte[][] a) {
        long n = 0;
        for (int j = 1; j < a.length; j++) {
            Key k = key(a, j);
            c.db().expireIfNeeded(k);
            if (c.db().delete(k)) {
                if (!c.engine().has(Fault.DEL_DOES_NOT_TOUCH)) touch(c, k);
                n++;
            } else {
                unchanged(c, k);
            }
        }
        return integer(n);
    }

    private static Reply rename(Client c, byte[][] a, boolean nx) {
        Db db = c.db();
        Key src = key(a, 1), dst = key(a, 2);
        RedisValue o = db.lookupWrite(src);
        if (o == null) return Errors.NO_SUCH_KEY;
        if (src.equals(dst)) return nx ? ZERO : Reply.OK;
        long expire = db.getExpire(src);
        if (db.lookupWrite(dst) != null) {
            if (nx) return ZERO;
            db.delete(dst);
        }
        db.add(dst, o);
        if (expire != -1) db.setExpire(dst, expire);
        db.delete(src);
        touch(c, src);
        if (!c.engine().has(Fault.RENAME_DOES_NOT_TOUCH_DESTINATION)) touch(c, dst);
        return nx ? ONE : Reply.OK;
    }

    private static Db dbArg(Client c, byte[] arg) {
        int id = intArg(arg);
        Keyspace ks = c.db().keyspace();
        if (id < 0 || id >= ks.size()) throw fail(Errors.DB_OUT_OF_RANGE);
        return ks.db(id);
    }

    private static Reply move(Client c, byte[][] a) {
        Db src = c.db();
        Db dst = dbArg(c, a[2]);
        if (src == dst) return SAME_OBJECT;
        Key k = key(a, 1);
        RedisValue o = src.lookupWrite(k);
        if (o == null) return ZERO;
        long expire = src.getExpire(k);
        if (dst.lookupWrite(k) != null) return ZERO;
        dst.add(k, o);
        if (expire != -1) dst.setExpire(k, expire);
        src.delete(k);
        src.keyspace().signalModifiedKey(src, k);
        dst.keyspace().signalModifiedKey(dst, k);
        return ONE;
    }

    private static Reply copy(Client c, byte[][] a) {
        Db src = c.db(), dst = src;
        boolean replace = false;
        for (int j = 3; j < a.length; j++) {
            if (is(a[j], "replace")) replace = true;
            else if (is(a[j], "db") && j < a.length - 1) dst = dbArg(c, a[++j]);
            else return Errors.SYNTAX;
        }
        Key k = key(a, 1), nk = key(a, 2);
        if (src == dst && k.equals(nk)) return SAME_OBJECT;
        RedisValue o = src.lookupRead(k);
        if (o == null) return ZERO;
        long expire = src.getExpire(k);
        boolean delete = false;
        if (dst.lookupWrite(nk) != null) {
            if (!replace) return ZERO;
            delete = true;
        }
        if (delete) dst.delete(nk);
        dst.add(nk, o.copy());
        if (expire != -1) dst.setExpire(nk, expire);
        dst.keyspace().signalModifiedKey(dst, nk);
        return ONE;
    }

    private static final int NX = 1, XX = 2, GT = 4, LT = 8;

    /** expireGenericCommand. */
    private static Reply expire(Client c, byte[][] a, boolean absolute, long unit) {
        int flags = 0;
        for (int j = 3; j < a.length; j++) {
            if (is(a[j], "nx")) flags |= NX;
            else if (is(a[j], "xx")) flags |= XX;
            else if (is(a[j], "gt")) flags |= GT;
            else if (is(a[j], "lt")) flags |= LT;
            else return Errors.err("Unsupported option " + str(a[j]));
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            return Errors.err("NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            return Errors.err("GT and LT options at the same time are not compatible");
        }
        long when = longArg(a[2]);
        String name = Args.str(a[0]).toLowerCase(java.util.Locale.ROOT);
        Reply.Err bad = Errors.err("invalid expire time in '" + name + "' command");
        if (unit == 1000) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) return bad;
            when *= 1000;
        }
        long base = absolute ? 0 : c.db().keyspace().now();
        if (when > Long.MAX_VALUE - base) return bad;
        when += base;
        Db db = c.db();
        Key k = key(a, 1);
        if (db.lookupWrite(k) == null) return ZERO;
        if (flags != 0) {
            long current = db.getExpire(k);
            if ((flags & NX) != 0 && current != -1) return ZERO;
            if ((flags & XX) != 0 && current == -1) return ZERO;
            if ((flags & GT) != 0 && (when <= current || current == -1)) return ZERO;
            if ((flags & LT) != 0 && current != -1 && when >= current) return ZERO;
        }
        if (when <= db.keyspace().now()) {
            db.delete(k);
            touch(c, k);
            return ONE;
        }
        db.setExpire(k, when);
        if (!c.engine().has(Fault.TTL_CHANGE_DOES_NOT_TOUCH)) touch(c, k);
        return ONE;
    }

    private static Reply ttl(Client c, byte[][] a, boolean seconds, boolean absolute) {
        Db db = c.db();
        Key k = key(a, 1);
        if (db.lookupRead(k) == null) return integer(-2);
        long expire = db.getExpire(k);
        if (expire == -1) return integer(-1);
        if (absolute) return integer(seconds ? expire / 1000 : expire);
        long ttl = expire - db.keyspace().now();
        if (ttl < 0) ttl = 0;
        return integer(seconds ? (ttl + 500) / 1000 : ttl);
    }

    private static Reply keys(Client c, byte[][] a) {
        byte[] pattern = a[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<Reply> out = new ArrayList<>();
        for (Key k : c.db().keysView()) {
            if (c.db().isExpired(k)) continue;
            if (all || Glob.matches(pattern, k.bytes())) out.add(bulk(k.bytes()));
        }
        return new Reply.Array(out);
    }
}
