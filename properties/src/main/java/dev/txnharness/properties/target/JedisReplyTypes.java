package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

/**
 * Types what Jedis decoded (bytes, a Long, a List, null) as the Redis reply the command documents,
 * for one connection: Jedis cannot tell {@code +OK} from {@code $2 OK}, nor {@code $-1} from {@code
 * *-1}, so the type comes from the command, as Jedis's typed API assumes it. A status reply for the
 * commands below (and QUEUED for a command queued inside MULTI); a null array for an aborted EXEC and
 * a timed-out blocking pop; otherwise a bulk string or a null bulk. An EXEC's items are typed by the
 * commands that were queued. Bytes are bytes (never {@code [B@…}); a RESP3 map (Jedis's list of
 * {@link KeyValue}) stays a map.
 */
final class JedisReplyTypes {
    /** Commands whose non-null string reply is a status reply in Redis 7.0 (subcommands: "CONFIG SET"). */
    private static final Set<String> STATUS = Set.of("SET", "SETEX", "PSETEX", "MSET", "MULTI", "WATCH", "UNWATCH",
            "DISCARD", "FLUSHDB", "FLUSHALL", "SELECT", "SWAPDB", "RENAME", "LSET", "LTRIM", "HMSET", "TYPE", "RESTORE",
            "AUTH", "QUIT", "RESET", "SAVE", "BGSAVE", "BGREWRITEAOF", "READONLY", "READWRITE", "ASKING", "MIGRATE",
            "CONFIG SET", "CONFIG RESETSTAT", "CONFIG REWRITE", "CLIENT SETNAME", "CLIENT KILL", "CLIENT PAUSE",
            "CLIENT UNPAUSE", "CLIENT REPLY", "CLIENT NO-EVICT", "SCRIPT FLUSH", "SCRIPT KILL", "FUNCTION FLUSH",
            "FUNCTION DELETE", "FUNCTION RESTORE", "FUNCTION KILL", "XGROUP CREATE", "XGROUP SETID", "ACL SETUSER",
            "ACL SAVE", "ACL LOAD", "MODULE LOAD", "MODULE UNLOAD", "REPLICAOF", "SLAVEOF", "SHUTDOWN", "FAILOVER");
    /** Commands whose null reply is a null array in RESP2. */
    private static final Set<String> NULL_ARRAY = Set.of("EXEC", "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX", "BLMPOP",
            "BZMPOP", "XREAD", "XREADGROUP");
    private static final byte[] QUEUED = "QUEUED".getBytes(StandardCharsets.US_ASCII);

    /** The commands sent and not yet answered, oldest first. */
    private final Deque<byte[][]> pending = new ArrayDeque<>();
    /** The commands queued since MULTI (null: not in MULTI). */
    private List<byte[][]> queued;

    /** Records a command sent on the connection. */
    void sent(byte[][] argv) {
        pending.add(argv);
    }

    /** Types the reply of the oldest pending command (a {@link JedisDataException} is an error reply). */
    Reply received(Object o) {
        byte[][] argv = pending.isEmpty() ? new byte[][] {new byte[0]} : pending.poll();
        String name = word(argv, 0);
        if (queued != null && !name.equals("EXEC") && !name.equals("DISCARD") && !name.equals("MULTI")
                && !name.equals("WATCH") && o instanceof byte[] b && Arrays.equals(b, QUEUED)) {
            queued.add(argv);
            return Reply.QUEUED;
        }
        Reply r = typed(argv, o);
        switch (name) {
            case "MULTI" -> {
                if (queued == null && r instanceof Reply.Simple) queued = new ArrayList<>();
            }
            case "EXEC", "DISCARD" -> {
                if (queued != null && r instanceof Reply.Array a && name.equals("EXEC")) r = execItems(a.items());
                queued = null;
            }
            case "RESET" -> queued = null;
            default -> {}
        }
        return r;
    }

    private Reply execItems(List<Reply> items) {
        if (items.size() != queued.size()) return new Reply.Array(items);
        List<Reply> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(retype(queued.get(i), items.get(i)));
        return new Reply.Array(out);
    }

    /** An EXEC item was typed as a bulk string or null bulk; its command says what it is. */
    private static Reply retype(byte[][] argv, Reply item) {
        if (item instanceof Reply.Bulk b && isStatus(argv)) return new Reply.Simple(new String(b.value(), StandardCharsets.ISO_8859_1));
        if (item instanceof Reply.NullBulk && nullIsArray(argv)) return Reply.NullArray.INSTANCE;
        return item;
    }

    /** Whether the command's null reply is a null array: those of NULL_ARRAY, and LPOP / RPOP with a count. */
    private static boolean nullIsArray(byte[][] argv) {
        String name = word(argv, 0);
        return NULL_ARRAY.contains(name) || (name.equals("LPOP") || name.equals("RPOP")) && argv.length == 3;
    }

    private static Reply typed(byte[][] argv, Object o) {
        if (o == null) return nullIsArray(argv) ? Reply.NullArray.INSTANCE : Reply.NullBulk.INSTANCE;
        if (o instanceof byte[] b) return isStatus(argv) ? new Reply.Simple(new String(b, StandardCharsets.ISO_8859_1)) : new Reply.Bulk(b);
        return convert(o);
    }

    /** Jedis's objects as replies, with no knowledge of the command (aggregate items, RESP3 types). */
    private static Reply convert(Object o) {
        if (o == null) return Reply.NullBulk.INSTANCE;
        if (o instanceof byte[] b) return new Reply.Bulk(b);
        if (o instanceof Long l) return Reply.Int.of(l);
        if (o instanceof Double d) return new Reply.DoubleReply(d);
        if (o instanceof Boolean b) return new Reply.Bool(b);
        if (o instanceof JedisDataException e) return new Reply.Err(e.getMessage());
        if (o instanceof List<?> list) {
            boolean map = !list.isEmpty() && list.stream().allMatch(x -> x instanceof KeyValue<?, ?>);
            List<Reply> items = new ArrayList<>(list.size() * (map ? 2 : 1));
            for (Object x : list) {
                if (x instanceof KeyValue<?, ?> kv && map) {
                    items.add(convert(kv.getKey()));
                    items.add(convert(kv.getValue()));
                } else {
                    items.add(convert(x));
                }
            }
            return map ? new Reply.MapReply(items) : new Reply.Array(items);
        }
        return new Reply.Bulk(String.valueOf(o).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the command answers a status reply: SET without GET, PING without a message, the list above. */
    private static boolean isStatus(byte[][] argv) {
        String name = word(argv, 0);
        if (name.equals("PING")) return argv.length == 1;
        if (name.equals("SET")) {
            for (int i = 3; i < argv.length; i++) if (word(argv, i).equals("GET")) return false;
            return true;
        }
        if (name.equals("DEBUG")) return true; // every DEBUG subcommand the harness sends answers +OK
        return STATUS.contains(name) || argv.length > 1 && STATUS.contains(name + " " + word(argv, 1));
    }

    private static String word(byte[][] argv, int i) {
        return i < argv.length ? new String(argv[i], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT) : "";
    }
}
