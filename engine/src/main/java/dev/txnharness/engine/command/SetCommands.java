package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.keyspace.SetValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Set commands (t_set.c). SPOP takes the first member in the set's order (intsets: smallest). */
final class SetCommands {
    private SetCommands() {}

    private static final List<String> W = List.of("@write", "@set"), R = List.of("@read", "@set");

    static void register(CommandTable t) {
        t.add("sadd", -3, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard(SetCommands::sadd));
        t.add("srem", -3, WRITE | FAST, 1, 1, 1, W, guard(SetCommands::srem));
        t.add("scard", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            SetValue s = read(c, a[1], SetValue.class);
            return integer(s == null ? 0 : s.members().size());
        }));
        t.add("sismember", 3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            SetValue s = read(c, a[1], SetValue.class);
            return s != null && s.members().contains(key(a, 2)) ? ONE : ZERO;
        }));
        t.add("smismember", -3, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            SetValue s = read(c, a[1], SetValue.class);
            List<Reply> out = new ArrayList<>();
            for (int j = 2; j < a.length; j++) out.add(s != null && s.members().contains(key(a, j)) ? ONE : ZERO);
            return new Reply.Array(out);
        }));
        t.add("smembers", 2, READONLY, 1, 1, 1, R, guard((c, a) -> new Reply.SetReply(members(read(c, a[1], SetValue.class)))));
        t.add("spop", -2, WRITE | FAST, 1, 1, 1, W, guard(SetCommands::spop));
        t.add("smove", 4, WRITE | FAST, 1, 2, 1, W, guard(SetCommands::smove));
    }

    /** Members in the order Redis answers them: ascending numbers for an intset, insertion order otherwise. */
    static List<Reply> members(SetValue s) {
        List<Reply> out = new ArrayList<>();
        if (s == null) return out;
        if (s.encoding().equals("intset")) {
            TreeMap<Long, Key> sorted = new TreeMap<>();
            for (Key m : s.members()) sorted.put(Numbers.parseLong(m.bytes()), m);
            for (Key m : sorted.values()) out.add(bulk(m.bytes()));
        } else {
            for (Key m : s.members()) out.add(bulk(m.bytes()));
        }
        return out;
    }

    private static Reply sadd(Client c, byte[][] a) {
        Db db = c.db();
        Key k = key(a, 1);
        SetValue s = typed(db.lookupWrite(k), SetValue.class);
        if (s == null) {
            s = new SetValue();
            db.add(k, s);
        }
        long added = 0;
        for (int j = 2; j < a.length; j++) {
            Key m = key(a, j);
            if (s.members().add(m)) {
                s.noteAdd(m);
                added++;
            }
        }
        if (added > 0) touch(c, k);
        return integer(added);
    }

    private static Reply srem(Client c, byte[][] a) {
        Key k = key(a, 1);
        SetValue s = typed(c.db().lookupWrite(k), SetValue.class);
        if (s == null) {
            unchanged(c, k);
            return ZERO;
        }
        long removed = 0;
        for (int j = 2; j < a.length; j++) {
            if (s.members().remove(key(a, j))) removed++;
        }
        if (removed > 0) {
            if (s.members().isEmpty()) c.db().delete(k);
            touch(c, k);
        } else {
            unchanged(c, k);
        }
        return integer(removed);
    }

    private static Reply spop(Client c, byte[][] a) {
        if (a.length > 3) return Errors.SYNTAX;
        long count = -1;
        if (a.length == 3) {
            count = longArg(a[2], "ERR value is out of range, must be positive");
            if (count < 0) return Errors.err("value is out of range, must be positive");
        }
        Key k = key(a, 1);
        SetValue s = typed(c.db().lookupWrite(k), SetValue.class);
        if (s == null) return count == -1 ? Reply.NullBulk.INSTANCE : new Reply.SetReply(List.of());
        if (count == 0) return new Reply.SetReply(List.of());
        List<Reply> popped = new ArrayList<>();
        List<Reply> order = members(s);
        for (Reply r : order) {
            if (count == -1 ? popped.size() == 1 : popped.size() >= count) break;
            s.members().remove(new Key(((Reply.Bulk) r).value()));
            popped.add(r);
        }
        if (s.members().isEmpty()) c.db().delete(k);
        touch(c, k);
        return count == -1 ? popped.get(0) : new Reply.SetReply(popped);
    }

    private static Reply smove(Client c, byte[][] a) {
        Db db = c.db();
        Key src = key(a, 1), dst = key(a, 2), m = key(a, 3);
        SetValue from = typed(db.lookupWrite(src), SetValue.class);
        SetValue to = typed(db.lookupWrite(dst), SetValue.class);
        if (from == null) return ZERO;
        if (from == to) return from.members().contains(m) ? ONE : ZERO;
        if (!from.members().remove(m)) return ZERO;
        if (from.members().isEmpty()) db.delete(src);
        touch(c, src);
        if (to == null) {
            to = new SetValue();
            db.add(dst, to);
        }
        if (to.members().add(m)) to.noteAdd(m);
        touch(c, dst);
        return ONE;
    }

}
