package dev.txnharness.engine.aof;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.HashValue;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.ListValue;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.keyspace.SetValue;
import dev.txnharness.engine.keyspace.StringValue;
import dev.txnharness.engine.keyspace.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Engines on a fixed manual clock, the whole keyspace as text, AOF bytes as readable text. */
final class AofTestSupport {
    /** 2026-01-01T00:00:00Z, the instant every engine here starts at. */
    static final long T0 = 1_767_225_600_000L;

    private AofTestSupport() {}

    static Engine engine(Set<Fault> faults) {
        return Engine.builder().clock(new ManualClock(T0)).faults(faults).build();
    }

    static Engine engine() {
        return engine(Set.of());
    }

    /**
     * Every key of every database with its type, value and expiry time, in a fixed order: two
     * engines hold the same data exactly when their dumps are equal. Reads without expiring
     * anything (the tests keep their clocks before every TTL).
     */
    static String dump(Engine engine) {
        return engine.locked(() -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < engine.keyspace().size(); i++) {
                Db db = engine.keyspace().db(i);
                List<Key> keys = new ArrayList<>();
                keys.addAll(db.keysView());
                if (keys.isEmpty()) continue;
                keys.sort(Comparator.comparing(AofTestSupport::text));
                sb.append("db").append(i).append(":\n");
                for (Key k : keys) {
                    RedisValue v = db.lookupRead(k);
                    sb.append("  ").append(text(k)).append(" = ").append(render(v));
                    long ttl = db.getExpire(k);
                    if (ttl >= 0) sb.append(" pxat ").append(ttl);
                    sb.append('\n');
                }
            }
            return sb.toString();
        });
    }

    private static String render(RedisValue v) {
        if (v instanceof StringValue s) return "string " + text(s.bytes());
        if (v instanceof ListValue l) {
            List<String> items = new ArrayList<>();
            for (byte[] b : l.items()) items.add(text(b));
            return "list " + items;
        }
        if (v instanceof HashValue h) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<Key, byte[]> e : h.map().entrySet()) items.add(text(e.getKey()) + "=" + text(e.getValue()));
            return "hash " + items;
        }
        if (v instanceof SetValue s) {
            List<String> items = new ArrayList<>();
            for (Key m : s.members()) items.add(text(m));
            return "set " + items;
        }
        if (v instanceof ZSetValue z) {
            List<String> items = new ArrayList<>();
            for (ZSetValue.Entry e : z.ordered()) items.add(text(e.member()) + ":" + e.score());
            return "zset " + items;
        }
        return String.valueOf(v);
    }

    static String text(Key k) {
        return text(k.bytes());
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** AOF bytes with CRLF shown as '|', so a whole file fits on one readable line. */
    static String show(byte[] aof) {
        return new String(aof, StandardCharsets.ISO_8859_1).replace("\r\n", "|");
    }

    /** Commands as Redis writes them to the AOF, given as words ("SET a 1"), shown as {@link #show} does. */
    static String resp(String... commands) {
        StringBuilder sb = new StringBuilder();
        for (String c : commands) {
            String[] words = c.split(" ");
            sb.append('*').append(words.length).append('|');
            for (String w : words) sb.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append('|').append(w).append('|');
        }
        return sb.toString();
    }
}
