package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.BLOCKING;
import static dev.txnharness.engine.command.Command.DENYOOM;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.StreamValue;
import dev.txnharness.engine.keyspace.StreamValue.Group;
import dev.txnharness.engine.keyspace.StreamValue.Id;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A subset of the stream commands (t_stream.c) with Redis 7.0's replies and errors: XADD (no
 * trimming), XLEN, XRANGE, XREVRANGE, XREAD and XREADGROUP (COUNT, BLOCK, NOACK; never blocking
 * inside EXEC), XACK, XGROUP CREATE (MKSTREAM) / DESTROY. A blocked XREAD waits for the IDs its
 * {@code $} stood for when it blocked.
 */
final class StreamCommands {
    private StreamCommands() {}

    private static final List<String> W = List.of("@write", "@stream"), R = List.of("@read", "@stream");
    private static final Reply.Err INVALID_ID = Errors.err("Invalid stream ID specified as stream command argument");

    static void register(CommandTable t) {
        t.add("xadd", -5, WRITE | DENYOOM | FAST, 1, 1, 1, W, guard(StreamCommands::xadd));
        t.add("xlen", 2, READONLY | FAST, 1, 1, 1, R, guard((c, a) -> {
            StreamValue s = read(c, a[1], StreamValue.class);
            return integer(s == null ? 0 : s.entries().size());
        }));
        t.add("xrange", -4, READONLY, 1, 1, 1, R, guard((c, a) -> range(c, a, false)));
        t.add("xrevrange", -4, READONLY, 1, 1, 1, R, guard((c, a) -> range(c, a, true)));
        t.add("xread", -4, READONLY | BLOCKING, 0, 0, 0, List.of("@read", "@stream", "@slow", "@blocking"),
                guard((c, a) -> xread(c, a, false)));
        t.add("xreadgroup", -7, WRITE | BLOCKING, 0, 0, 0, List.of("@write", "@stream", "@slow", "@blocking"),
                guard((c, a) -> xread(c, a, true)));
        t.add("xack", -4, WRITE | FAST, 1, 1, 1, W, guard(StreamCommands::xack));
        t.add(xgroup());
    }

    /** streamGenericParseIDOrReply: "-", "+", "ms" (seq = {@code missingSeq}) or "ms-seq". */
    static Id parseId(byte[] arg, long missingSeq) {
        String s = str(arg);
        if (s.equals("-")) return Id.MIN;
        if (s.equals("+")) return Id.MAX;
        int dash = s.indexOf('-');
        try {
            if (dash < 0) return new Id(Long.parseUnsignedLong(s), missingSeq);
            return new Id(Long.parseUnsignedLong(s.substring(0, dash)), Long.parseUnsignedLong(s.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw fail(INVALID_ID);
        }
    }

    private static Reply xadd(Client c, byte[][] a) {
        int j = 2;
        boolean noMkStream = false;
        if (is(a[j], "nomkstream")) {
            noMkStream = true;
            j++;
        }
        int idAt = j;
        byte[] idArg = a[j++];
        if (j >= a.length || (a.length - j) % 2 != 0) return Errors.err("wrong number of arguments for 'xadd' command");
        Db db = c.db();
        Key k = key(a, 1);
        StreamValue s = typed(db.lookupWrite(k), StreamValue.class);
        Id id = null;
        boolean autoSeq = false;
        String idText = str(idArg);
        if (!idText.equals("*")) {
            if (idText.endsWith("-*")) {
                autoSeq = true;
                idText = idText.substring(0, idText.length() - 2);
            }
            id = parseId(idText.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0);
            if (!autoSeq && id.equals(Id.MIN)) return Errors.err("The ID specified in XADD must be greater than 0-0");
        }
        if (s == null) {
            if (noMkStream) return Reply.NullBulk.INSTANCE;
            s = new StreamValue();
            db.add(k, s);
        }
        Id last = s.lastId();
        if (id == null) { // "*": the time, or one more than the last ID when the clock is behind it
            long now = db.keyspace().now();
            id = Long.compareUnsigned(now, last.ms()) > 0 ? new Id(now, 0) : last.next();
        } else if (autoSeq) {
            int cmp = Long.compareUnsigned(id.ms(), last.ms());
            id = cmp > 0 ? new Id(id.ms(), id.ms() == 0 ? 1 : 0) : cmp == 0 ? last.next() : null;
        }
        if (id == null || id.compareTo(last) <= 0) {
            return Errors.err("The ID specified in XADD is equal or smaller than the target stream top item");
        }
        s.add(id, Arrays.copyOfRange(a, j, a.length));
        // logged with the ID given out, as Redis propagates it: a replay must not pick another
        a[idAt] = id.bytes();
        touch(c, k);
        db.keyspace().signalKeyAsReady(db, k); // xaddCommand signals every add, not only a new key
        return bulk(id.bytes());
    }

    /** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]; "(" excludes. */
    private static Reply range(Client c, byte[][] a, boolean rev) {
        byte[] lo = rev ? a[3] : a[2], hi = rev ? a[2] : a[3];
        long count = -1;
        if (a.length == 6 && is(a[4], "count")) {
            count = longArg(a[5]);
            if (count < 0) count = 0;
        } else if (a.length != 4) {
            return Errors.SYNTAX;
        }
        Id start = bound(lo, 0, true), end = bound(hi, -1L, false);
        StreamValue s = read(c, a[1], StreamValue.class);
        if (s == null || count == 0 || start == null || end == null || start.compareTo(end) > 0) return Reply.Array.EMPTY;
        NavigableMap<Id, byte[][]> m = s.entries().subMap(start, true, end, true);
        return entries(rev ? m.descendingMap() : m, count);
    }

    /** A range bound; "(" makes it exclusive (null when nothing lies beyond it). */
    private static Id bound(byte[] arg, long missingSeq, boolean start) {
        if (arg.length > 1 && arg[0] == '(') {
            Id id = parseId(Arrays.copyOfRange(arg, 1, arg.length), missingSeq);
            if (id.equals(Id.MIN) && !start || id.equals(Id.MAX) && start) return null;
            return start ? id.next() : new Id(id.seq() == 0 ? id.ms() - 1 : id.ms(), id.seq() - 1);
        }
        return parseId(arg, missingSeq);
    }

    private static Reply entries(Map<Id, byte[][]> m, long count) {
        List<Reply> out = new ArrayList<>();
        for (var e : m.entrySet()) {
            if (count >= 0 && out.size() >= count) break;
            out.add(entry(e.getKey(), e.getValue()));
        }
        return new Reply.Array(out);
    }

    private static Reply entry(Id id, byte[][] fields) {
        if (fields == null) return Reply.Array.of(bulk(id.bytes()), Reply.NullArray.INSTANCE);
        List<Reply> fv = new ArrayList<>(fields.length);
        for (byte[] f : fields) fv.add(bulk(f));
        return Reply.Array.of(bulk(id.bytes()), new Reply.Array(fv));
    }

    /**
     * XREAD [COUNT n] [BLOCK ms] STREAMS key ... id ... and XREADGROUP GROUP g consumer [COUNT n]
     * [BLOCK ms] [NOACK] STREAMS key ... id ...: xreadCommand.
     */
    private static Reply xread(Client c, byte[][] a, boolean group) {
        String name = group ? "xreadgroup" : "xread";
        long timeout = -1, count = 0;
        int streamsArg = 0, streams = 0;
        byte[] groupName = null, consumer = null;
        boolean noAck = false;
        for (int i = 1; i < a.length; i++) {
            int more = a.length - i - 1;
            if (is(a[i], "block") && more > 0) {
                Long t = dev.txnharness.engine.keyspace.Numbers.parseLong(a[++i]);
                if (t == null) return Errors.err("timeout is not an integer or out of range");
                if (t < 0) return Errors.err("timeout is negative");
                timeout = t;
            } else if (is(a[i], "count") && more > 0) {
                count = Math.max(0, longArg(a[++i]));
            } else if (is(a[i], "streams") && more > 0) {
                streamsArg = i + 1;
                streams = a.length - streamsArg;
                if (streams % 2 != 0) {
                    return Errors.err("Unbalanced '" + name + "' list of streams: for each stream key an ID or '"
                            + (group ? '>' : '$') + "' must be specified.");
                }
                streams /= 2;
                break;
            } else if (is(a[i], "group") && more >= 2) {
                if (!group) return Errors.err("The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                groupName = a[i + 1];
                consumer = a[i + 2];
                i += 2;
            } else if (is(a[i], "noack")) {
                if (!group) return Errors.err("The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                noAck = true;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (streamsArg == 0) return Errors.SYNTAX;
        if (group && groupName == null) return Errors.err("Missing GROUP option for XREADGROUP");

        Db db = c.db();
        StreamValue[] values = new StreamValue[streams];
        Group[] groups = new Group[streams];
        Id[] after = new Id[streams];
        boolean[] fresh = new boolean[streams]; // ">": entries never delivered to the group
        for (int i = 0; i < streams; i++) {
            byte[] keyArg = a[streamsArg + i], idArg = a[streamsArg + streams + i];
            values[i] = typed(db.lookupRead(new Key(keyArg)), StreamValue.class);
            if (group) {
                groups[i] = values[i] == null ? null : values[i].groups().get(str(groupName));
                if (groups[i] == null) {
                    return new Reply.Err("NOGROUP No such key '" + str(keyArg) + "' or consumer group '" + str(groupName)
                            + "' in XREADGROUP with GROUP option");
                }
            }
            String id = str(idArg);
            if (id.equals("$")) {
                if (group) {
                    return Errors.err("The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
                }
                after[i] = values[i] == null ? Id.MIN : values[i].lastId();
            } else if (id.equals(">")) {
                if (!group) return Errors.err("The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
                fresh[i] = true;
                after[i] = groups[i].lastDelivered;
            } else {
                after[i] = parseId(idArg, 0);
            }
        }

        long now = db.keyspace().now();
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Reply served;
            if (group && !fresh[i]) { // the consumer's own history, even when empty
                served = history(values[i], groups[i], str(consumer), after[i], count);
            } else {
                if (values[i] == null || values[i].lastId().compareTo(after[i]) <= 0) continue;
                NavigableMap<Id, byte[][]> m = values[i].entries().tailMap(after[i], false);
                List<Reply> got = new ArrayList<>();
                for (var e : m.entrySet()) {
                    if (count > 0 && got.size() >= count) break;
                    got.add(entry(e.getKey(), e.getValue()));
                    if (group) {
                        groups[i].lastDelivered = e.getKey();
                        if (!noAck) groups[i].deliver(e.getKey(), str(consumer), now);
                    }
                }
                if (got.isEmpty()) continue;
                served = new Reply.Array(got);
            }
            if (group) {
                groups[i].consumers.put(str(consumer), now);
                c.engine().incrDirty();
            }
            out.add(bulk(a[streamsArg + i]));
            out.add(served);
        }
        if (!out.isEmpty()) {
            if (c.protocol() == 3) return new Reply.MapReply(out);
            List<Reply> pairs = new ArrayList<>();
            for (int i = 0; i < out.size(); i += 2) pairs.add(Reply.Array.of(out.get(i), out.get(i + 1)));
            return new Reply.Array(pairs);
        }
        if (timeout < 0 || c.multiState().denyBlocking()) return Reply.NullArray.INSTANCE;
        // Block, waiting for what "$" meant now, not for whatever it means when a key is ready.
        byte[][] retry = a.clone();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            if (!fresh[i]) retry[streamsArg + streams + i] = after[i].bytes();
            Key k = new Key(a[streamsArg + i]);
            if (!keys.contains(k)) keys.add(k);
        }
        c.engine().blockForKeysAndRetry(c, keys, timeout == 0 ? 0 : now + timeout, retry);
        return null;
    }

    /** The entries pending for one consumer after an ID (deleted ones as [id, nil]). */
    private static Reply history(StreamValue s, Group g, String consumer, Id after, long count) {
        List<Reply> got = new ArrayList<>();
        for (var p : g.pending.tailMap(after, false).entrySet()) {
            if (!p.getValue().consumer.equals(consumer)) continue;
            if (count > 0 && got.size() >= count) break;
            got.add(entry(p.getKey(), s.entries().get(p.getKey())));
            p.getValue().deliveryCount++;
        }
        return new Reply.Array(got);
    }

    private static Reply xack(Client c, byte[][] a) {
        List<Id> ids = new ArrayList<>();
        for (int j = 3; j < a.length; j++) ids.add(parseId(a[j], 0)); // all valid, or none acknowledged
        StreamValue s = read(c, a[1], StreamValue.class);
        Group g = s == null ? null : s.groups().get(str(a[2]));
        if (g == null) return ZERO;
        long acked = 0;
        for (Id id : ids) if (g.pending.remove(id) != null) acked++;
        if (acked > 0) c.engine().incrDirty();
        return integer(acked);
    }

    private static Command xgroup() {
        Command xgroup = new Command("xgroup", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        xgroup.sub(new Command("create", -5, WRITE | DENYOOM, 2, 2, 1, W, guard(StreamCommands::xgroupCreate)));
        xgroup.sub(new Command("destroy", 4, WRITE, 2, 2, 1, W, guard((c, a) -> {
            StreamValue s = typed(c.db().lookupWrite(key(a, 2)), StreamValue.class);
            if (s == null) return xgroupNoKey();
            if (s.groups().remove(str(a[3])) == null) return ZERO;
            c.engine().incrDirty();
            return ONE;
        })));
        xgroup.sub(new Command("help", 2, 0, 0, 0, 0, List.of("@slow", "@stream"), (c, a) -> KeyCommands.help("XGROUP",
                "CREATE <key> <groupname> <id|$> [option]", "    Create a new consumer group. Options are:",
                "    * MKSTREAM", "      Create the empty stream if it does not exist.",
                "DESTROY <key> <groupname>", "    Remove the specified group.")));
        return xgroup;
    }

    private static Reply.Err xgroupNoKey() {
        return Errors.err("The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
    }

    /** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]. */
    private static Reply xgroupCreate(Client c, byte[][] a) {
        boolean mkStream = false;
        for (int j = 5; j < a.length; j++) {
            if (is(a[j], "mkstream")) {
                mkStream = true;
            } else if (is(a[j], "entriesread") && j + 1 < a.length) {
                longArg(a[++j]);
            } else {
                return Errors.SYNTAX;
            }
        }
        Db db = c.db();
        Key k = key(a, 2);
        StreamValue s = typed(db.lookupWrite(k), StreamValue.class);
        Id id = str(a[4]).equals("$") ? null : parseId(a[4], 0);
        if (s == null) {
            if (!mkStream) return xgroupNoKey();
            s = new StreamValue();
            db.add(k, s);
            touch(c, k);
        }
        if (!s.createGroup(str(a[3]), id == null ? s.lastId() : id)) {
            return new Reply.Err("BUSYGROUP Consumer Group name already exists");
        }
        c.engine().incrDirty();
        return Reply.OK;
    }
}
