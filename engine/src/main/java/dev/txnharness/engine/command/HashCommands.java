package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.HashValue;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hash commands (t_hash.c). */
final class HashCommands {
    private HashCommands() {}

    private static final List<String> W = List.of("@write", "@hash"), R = List.of("@read", "@hash");

    static void register(CommandTable t) {
        t.add("hset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> hset(c, a, false)));
        t.add("hmset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> hset(c, a, true)));
        t.add("hsetnx", 4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard(HashCommands::hsetnx));
        t.add("hget", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            return bulkOrNull(h == null ? null : h.map().get(key(a, 2)));
        }));
        t.add("hmget", -3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            List<Reply> out = new ArrayList<>();
            for (int j = 2; j < a.length; j++) out.add(bulkOrNull(h == null ? null : h.map().get(key(a, j))));
            return new Reply.Array(out);
        }));
        t.add("hdel", -3, WRITE | FAST, 1, 1, 1, W, guard(HashCommands::hdel));
        t.add("hlen", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            return integer(h == null ? 0 : h.map().size());
        }));
        t.add("hstrlen", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            byte[] v = h == null ? null : h.map().get(key(a, 2));
            return integer(v == null ? 0 : v.length);
        }));
        t.add("hexists", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            return h != null && h.map().containsKey(key(a, 2)) ? ONE : ZERO;
        }));
        t.add("hincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard(HashCommands::hincrby));
        t.add("hgetall", 2, READONLY, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            List<Reply> out = new ArrayList<>();
            if (h != null) {
                for (Map.Entry<Key, byte[]> e : h.map().entrySet()) {
                    out.add(bulk(e.getKey().bytes()));
                    out.add(bulk(e.getValue()));
                }
            }
            return new Reply.MapReply(out);
        }));
        t.add("hkeys", 2, READONLY, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            List<Reply> out = new ArrayList<>();
            if (h != null) for (Key f : h.map().keySet()) out.add(bulk(f.bytes()));
            return new Reply.Array(out);
        }));
        t.add("hvals", 2, READONLY, 1, 1, 1, R, guard((c, a) -> {
            HashValue h = read(c, a[1], HashValue.class);
            List<Reply> out = new ArrayList<>();
            if (h != null) for (byte[] v : h.map().values()) out.add(bulk(v));
            return new Reply.Array(out);
        }));
    }

    private static HashValue lookupOrCreate(Client c, Key k) {
        Db db = c.db();
        HashValue h = typed(db.lookupWrite(k), HashValue.class);
        if (h == null) {
            h = new HashValue();
            db.add(k, h);
        }
        return h;
    }

    /** HSET/HMSET: always a modification, even when every field already had its value. */
    private static Reply hset(Client c, byte[][] a, boolean hmset) {
        if (a.length % 2 == 1) {
            return Errors.err("wrong number of arguments for '" + (hmset ? "hmset" : "hset") + "' command");
        }
        Key k = key(a, 1);
        HashValue h = lookupOrCreate(c, k);
        long created = 0;
        for (int j = 2; j < a.length; j += 2) {
            if (h.map().put(key(a, j), a[j + 1]) == null) created++;
            h.noteWrite(a[j], a[j + 1]);
        }
        touch(c, k);
        return hmset ? Reply.OK : integer(created);
    }

    private static Reply hsetnx(Client c, byte[][] a) {
        Key k = key(a, 1);
        HashValue existing = typed(c.db().lookupWrite(k), HashValue.class);
        if (existing != null && existing.map().containsKey(key(a, 2))) return ZERO;
        HashValue h = lookupOrCreate(c, k);
        h.map().put(key(a, 2), a[3]);
        h.noteWrite(a[2], a[3]);
        touch(c, k);
        return ONE;
    }

    private static Reply hdel(Client c, byte[][] a) {
        Key k = key(a, 1);
        HashValue h = typed(c.db().lookupWrite(k), HashValue.class);
        if (h == null) {
            unchanged(c, k);
            return ZERO;
        }
        long deleted = 0;
        for (int j = 2; j < a.length; j++) {
            if (h.map().remove(key(a, j)) != null) deleted++;
        }
        if (deleted > 0) {
            if (h.map().isEmpty()) c.db().delete(k);
            touch(c, k);
        } else {
            unchanged(c, k);
        }
        return integer(deleted);
    }

    private static Reply hincrby(Client c, byte[][] a) {
        long incr = longArg(a[3]);
        Key k = key(a, 1);
        HashValue existing = typed(c.db().lookupWrite(k), HashValue.class);
        long value = 0;
        byte[] cur = existing == null ? null : existing.map().get(key(a, 2));
        if (cur != null) {
            Long v = Numbers.parseLong(cur);
            if (v == null) return Errors.err("hash value is not an integer");
            value = v;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            return Errors.OVERFLOW;
        }
        value += incr;
        HashValue h = lookupOrCreate(c, k);
        byte[] nv = Numbers.ascii(value);
        h.map().put(key(a, 2), nv);
        h.noteWrite(a[2], nv);
        touch(c, k);
        return integer(value);
    }
}
