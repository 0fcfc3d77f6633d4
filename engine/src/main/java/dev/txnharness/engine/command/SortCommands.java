package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.HashValue;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.ListValue;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.keyspace.SetValue;
import dev.txnharness.engine.keyspace.StringValue;
import dev.txnharness.engine.keyspace.ZSetValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (sort.c): BY pattern (a pattern without {@code *} means "do not sort"), LIMIT,
 * GET patterns ({@code #}, {@code key*}, {@code hash*->field}), ASC/DESC, ALPHA and STORE. STORE
 * writes a list, or, when the result is empty, deletes the destination, signalling it only when
 * it existed — exactly where Redis signals, which is what WATCH sees.
 */
final class SortCommands {
    private SortCommands() {}

    private static final List<String> CAT = List.of("@write", "@set", "@sortedset", "@list", "@slow", "@dangerous");

    static void register(CommandTable t) {
        t.add("sort", -2, WRITE | DENYOOM, 1, 1, 1, CAT, guard((c, a) -> sort(c, a, false)));
        t.add("sort_ro", -2, READONLY, 1, 1, 1, List.of("@read", "@set", "@sortedset", "@list", "@slow", "@dangerous"),
                guard((c, a) -> sort(c, a, true)));
    }

    /** One element being sorted and the value it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] cmp;

        Item(byte[] element) {
            this.element = element;
        }
    }

    private static Reply sort(Client c, byte[][] a, boolean readOnly) {
        boolean desc = false, alpha = false, dontsort = false;
        long limitStart = 0, limitCount = -1;
        byte[] sortBy = null;
        Key store = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < a.length; j++) {
            int left = a.length - j - 1;
            if (is(a[j], "asc")) {
                desc = false;
            } else if (is(a[j], "desc")) {
                desc = true;
            } else if (is(a[j], "alpha")) {
                alpha = true;
            } else if (is(a[j], "limit") && left >= 2) {
                limitStart = longArg(a[j + 1]);
                limitCount = longArg(a[j + 2]);
                j += 2;
            } else if (is(a[j], "store") && left >= 1 && !readOnly) {
                store = key(a, ++j);
            } else if (is(a[j], "by") && left >= 1) {
                sortBy = a[++j];
                // a BY pattern without '*' means "do not sort" (the classic SORT ... BY nosort)
                if (indexOf(sortBy, (byte) '*', 0) < 0) dontsort = true;
            } else if (is(a[j], "get") && left >= 1) {
                gets.add(a[++j]);
            } else {
                return Errors.SYNTAX;
            }
        }
        Db db = c.db();
        RedisValue value = db.lookupRead(key(a, 1));
        if (value != null && !(value instanceof ListValue || value instanceof SetValue || value instanceof ZSetValue)) {
            return Errors.WRONGTYPE;
        }
        // A set has no order of its own: sorted anyway when the result is stored, for determinism.
        if (dontsort && value instanceof SetValue && store != null) {
            dontsort = false;
            alpha = true;
            sortBy = null;
        }
        List<Item> items = new ArrayList<>();
        if (value instanceof ListValue l) {
            for (byte[] e : l.items()) items.add(new Item(e));
        } else if (value instanceof SetValue s) {
            for (Key m : s.members()) items.add(new Item(m.bytes()));
        } else if (value instanceof ZSetValue z) {
            for (ZSetValue.Entry e : z.ordered()) items.add(new Item(e.member().bytes()));
        }
        if (dontsort && desc) Collections.reverse(items); // unsorted, but read from the other end
        if (!dontsort) {
            for (Item it : items) {
                byte[] by = sortBy == null ? it.element : lookupByPattern(db, sortBy, it.element);
                if (alpha) {
                    it.cmp = by;
                } else if (by != null) {
                    Double d = Numbers.parseDouble(by);
                    if (d == null || d.isNaN()) return Errors.err("One or more scores can't be converted into double");
                    it.score = d;
                }
            }
            Comparator<Item> order = alpha ? SortCommands::compareAlpha : SortCommands::compareScore;
            items.sort(desc ? order.reversed() : order);
        }
        int n = items.size();
        long start = limitStart < 0 ? 0 : limitStart;
        long end = limitCount < 0 ? n - 1 : start + limitCount - 1;
        if (start >= n) {
            start = n - 1;
            end = n - 2;
        }
        if (end >= n) end = n - 1;
        List<Item> out = start > end ? List.of() : items.subList((int) start, (int) end + 1);

        if (store == null) {
            List<Reply> reply = new ArrayList<>();
            for (Item it : out) {
                if (gets.isEmpty()) reply.add(bulk(it.element));
                for (byte[] g : gets) reply.add(bulkOrNull(lookupByPattern(db, g, it.element)));
            }
            return new Reply.Array(reply);
        }
        ListValue result = new ListValue();
        for (Item it : out) {
            if (gets.isEmpty()) result.items().add(it.element);
            for (byte[] g : gets) {
                byte[] v = lookupByPattern(db, g, it.element);
                result.items().add(v == null ? new byte[0] : v);
            }
        }
        if (result.size() > 0) {
            db.setKey(store, result, false);
            touch(c, store);
        } else if (db.delete(store)) {
            touch(c, store);
        }
        return integer(result.size());
    }

    private static int compareScore(Item x, Item y) {
        int cmp = Double.compare(x.score, y.score);
        if (x.score == y.score) cmp = 0; // -0.0 and 0.0 are one score
        return cmp != 0 ? cmp : Arrays.compareUnsigned(x.element, y.element);
    }

    private static int compareAlpha(Item x, Item y) {
        if (x.cmp == null || y.cmp == null) { // a missing BY value sorts first
            return x.cmp == y.cmp ? 0 : x.cmp == null ? -1 : 1;
        }
        return Arrays.compareUnsigned(x.cmp, y.cmp);
    }

    /**
     * lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is
     * replaced by the element, and {@code ->field} after it reads a hash field. Null when the key
     * is missing or of another type, or the pattern has no {@code *}.
     */
    static byte[] lookupByPattern(Db db, byte[] pattern, byte[] element) {
        if (pattern.length == 1 && pattern[0] == '#') return element;
        int star = indexOf(pattern, (byte) '*', 0);
        if (star < 0) return null;
        int arrow = -1;
        for (int i = star + 1; i + 2 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int keyEnd = arrow < 0 ? pattern.length : arrow;
        byte[] name = new byte[keyEnd - 1 + element.length];
        System.arraycopy(pattern, 0, name, 0, star);
        System.arraycopy(element, 0, name, star, element.length);
        System.arraycopy(pattern, star + 1, name, star + element.length, keyEnd - star - 1);
        RedisValue v = db.lookupRead(new Key(name));
        if (arrow < 0) return v instanceof StringValue s ? s.bytes() : null;
        if (!(v instanceof HashValue h)) return null;
        return h.map().get(new Key(Arrays.copyOfRange(pattern, arrow + 2, pattern.length)));
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}
