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
import dev.txnharness.engine.keyspace.ZSetValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Sorted-set commands (t_zset.c): ZADD with its flags, ZINCRBY, ZREM, ZCARD, ZSCORE, ZRANGE by index. */
final class ZSetCommands {
    private ZSetCommands() {}

    private static final List<String> W = List.of("@write", "@sortedset"), R = List.of("@read", "@sortedset");

    static void register(CommandTable t) {
        List<String> blocking = List.of("@write", "@sortedset", "@fast", "@blocking");
        t.add("bzpopmin", -3, WRITE | FAST | BLOCKING | NO_SCRIPT, 1, -2, 1, blocking, guard((c, a) -> bzpop(c, a, false)));
        t.add("bzpopmax", -3, WRITE | FAST | BLOCKING | NO_SCRIPT, 1, -2, 1, blocking, guard((c, a) -> bzpop(c, a, true)));
        t.add("zadd", -4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> zadd(c, a, false)));
        t.add("zincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard((c, a) -> zadd(c, new byte[][] {a[0], a[1], a[2], a[3]}, true)));
        t.add("zrem", -3, WRITE | FAST, 1, 1, 1, W, guard(ZSetCommands::zrem));
        t.add("zcard", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            ZSetValue z = read(c, a[1], ZSetValue.class);
            return integer(z == null ? 0 : z.size());
        }));
        t.add("zscore", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            ZSetValue z = read(c, a[1], ZSetValue.class);
            Double s = z == null ? null : z.score(key(a, 2));
            return s == null ? Reply.NullBulk.INSTANCE : new Reply.DoubleReply(s);
        }));
        t.add("zrange", -4, READONLY, 1, 1, 1, R, guard(ZSetCommands::zrange));
        t.add("zrank", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            ZSetValue z = read(c, a[1], ZSetValue.class);
            Double s = z == null ? null : z.score(key(a, 2));
            if (s == null) return Reply.NullBulk.INSTANCE;
            return integer(z.ordered().headSet(new ZSetValue.Entry(key(a, 2), s)).size());
        }));
    }

    /**
     * BZPOPMIN / BZPOPMAX key [key ...] timeout: pops the lowest (highest) member of the first
     * non-empty sorted set as [key, member, score]; otherwise blocks, except inside EXEC, where it
     * answers the null array at once.
     */
    private static Reply bzpop(Client c, byte[][] a, boolean max) {
        long timeout = ListCommands.timeoutArg(a[a.length - 1]);
        Db db = c.db();
        List<Key> keys = new ArrayList<>();
        for (int j = 1; j < a.length - 1; j++) {
            Key k = key(a, j);
            ZSetValue z = typed(db.lookupWrite(k), ZSetValue.class);
            if (z == null || z.size() == 0) {
                if (!keys.contains(k)) keys.add(k);
                continue;
            }
            ZSetValue.Entry e = max ? z.ordered().last() : z.ordered().first();
            z.remove(e.member());
            if (z.size() == 0) db.delete(k);
            touch(c, k);
            return Reply.Array.of(bulk(k.bytes()), bulk(e.member().bytes()), new Reply.DoubleReply(e.score()));
        }
        if (c.multiState().denyBlocking()) return Reply.NullArray.INSTANCE;
        c.engine().blockForKeysAndRetry(c, keys, timeout == 0 ? 0 : db.keyspace().now() + timeout, a);
        return null;
    }

    private static final int NX = 1, XX = 2, GT = 4, LT = 8, CH = 16, INCR = 32;

    /** zaddGenericCommand (ZINCRBY is ZADD INCR). Only a real change signals. */
    private static Reply zadd(Client c, byte[][] a, boolean zincrby) {
        int flags = zincrby ? INCR : 0;
        int j = 2;
        if (!zincrby) {
            for (; j < a.length; j++) {
                if (is(a[j], "nx")) flags |= NX;
                else if (is(a[j], "xx")) flags |= XX;
                else if (is(a[j], "gt")) flags |= GT;
                else if (is(a[j], "lt")) flags |= LT;
                else if (is(a[j], "ch")) flags |= CH;
                else if (is(a[j], "incr")) flags |= INCR;
                else break;
            }
        }
        int elements = a.length - j;
        if (elements % 2 != 0 || elements == 0) return Errors.SYNTAX;
        elements /= 2;
        if ((flags & NX) != 0 && (flags & XX) != 0) {
            return Errors.err("XX and NX options at the same time are not compatible");
        }
        if (((flags & GT) != 0 && (flags & NX) != 0) || ((flags & LT) != 0 && (flags & NX) != 0)
                || ((flags & GT) != 0 && (flags & LT) != 0)) {
            return Errors.err("GT, LT, and/or NX options at the same time are not compatible");
        }
        if ((flags & INCR) != 0 && elements > 1) {
            return Errors.err("INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int i = 0; i < elements; i++) scores[i] = doubleArg(a[j + i * 2]);

        Db db = c.db();
        Key k = key(a, 1);
        ZSetValue z = typed(db.lookupWrite(k), ZSetValue.class);
        if (z == null) {
            if ((flags & XX) != 0) return (flags & INCR) != 0 ? Reply.NullBulk.INSTANCE : ZERO;
            z = new ZSetValue();
            db.add(k, z);
        }
        long added = 0, updated = 0, processed = 0;
        Double result = null;
        for (int i = 0; i < elements; i++) {
            Key m = new Key(a[j + i * 2 + 1]);
            double score = scores[i];
            Double cur = z.score(m);
            if (cur != null) {
                if ((flags & NX) != 0) continue;
                double nscore = score;
                if ((flags & INCR) != 0) {
                    nscore = cur + score;
                    if (Double.isNaN(nscore)) {
                        if (z.size() == 0) db.delete(k);
                        return Errors.err("resulting score is not a number (NaN)");
                    }
                }
                if (((flags & GT) != 0 && nscore <= cur) || ((flags & LT) != 0 && nscore >= cur)) continue;
                result = nscore;
                processed++;
                if (nscore != cur) {
                    z.put(m, nscore);
                    updated++;
                }
            } else {
                if ((flags & XX) != 0) continue;
                z.put(m, score);
                result = score;
                added++;
                processed++;
            }
        }
        if (z.size() == 0) db.delete(k);
        if (added + updated > 0) touch(c, k);
        if ((flags & INCR) != 0) return processed > 0 ? new Reply.DoubleReply(result) : Reply.NullBulk.INSTANCE;
        return integer((flags & CH) != 0 ? added + updated : added);
    }

    private static Reply zrem(Client c, byte[][] a) {
        Key k = key(a, 1);
        ZSetValue z = typed(c.db().lookupWrite(k), ZSetValue.class);
        if (z == null) return ZERO;
        long deleted = 0;
        for (int j = 2; j < a.length; j++) if (z.remove(key(a, j))) deleted++;
        if (deleted > 0) {
            if (z.size() == 0) c.db().delete(k);
            touch(c, k);
        }
        return integer(deleted);
    }

    /** ZRANGE key start stop [REV] [WITHSCORES] (by index). */
    private static Reply zrange(Client c, byte[][] a) {
        boolean withScores = false, rev = false;
        for (int j = 4; j < a.length; j++) {
            if (is(a[j], "withscores")) withScores = true;
            else if (is(a[j], "rev")) rev = true;
            else if (is(a[j], "byscore") || is(a[j], "bylex") || is(a[j], "limit")) {
                return Errors.err("the reference engine implements ZRANGE by index only");
            } else return Errors.SYNTAX;
        }
        long start = longArg(a[2]), end = longArg(a[3]);
        ZSetValue z = read(c, a[1], ZSetValue.class);
        if (z == null) return Reply.Array.EMPTY;
        long[] r = range(start, end, z.size());
        if (r == null) return Reply.Array.EMPTY;
        List<ZSetValue.Entry> all = new ArrayList<>(rev ? z.ordered().descendingSet() : z.ordered());
        List<Reply> out = new ArrayList<>();
        boolean resp3 = c.protocol() >= 3;
        for (long i = r[0]; i <= r[1]; i++) {
            ZSetValue.Entry e = all.get((int) i);
            if (withScores && resp3) {
                out.add(Reply.Array.of(bulk(e.member().bytes()), new Reply.DoubleReply(e.score())));
            } else {
                out.add(bulk(e.member().bytes()));
                if (withScores) out.add(new Reply.DoubleReply(e.score()));
            }
        }
        return new Reply.Array(out);
    }
}
