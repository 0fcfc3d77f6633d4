package dev.txnharness.engine.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream (t_stream.c): entries by ID, the last ID given out, and consumer groups with their
 * pending entries. Only what the engine's stream commands need: no trimming, no deletion.
 */
public final class StreamValue implements RedisValue {

    /** A stream entry ID, {@code ms-seq}, ordered as unsigned numbers. */
    public record Id(long ms, long seq) implements Comparable<Id> {
        public static final Id MIN = new Id(0, 0);
        public static final Id MAX = new Id(-1L, -1L);

        @Override
        public int compareTo(Id o) {
            int c = Long.compareUnsigned(ms, o.ms);
            return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
        }

        /** The next ID, or null after the largest. */
        public Id next() {
            if (seq != -1L) return new Id(ms, seq + 1);
            return ms == -1L ? null : new Id(ms + 1, 0);
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }

        public byte[] bytes() {
            return toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** An entry delivered to a consumer and not yet acknowledged (streamNACK). */
    public static final class Pending {
        public String consumer;
        public long deliveryTime;
        public long deliveryCount;

        Pending(String consumer, long deliveryTime) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = 1;
        }
    }

    /** A consumer group (streamCG): what it has delivered, and what is pending, per consumer. */
    public static final class Group {
        public Id lastDelivered;
        public final TreeMap<Id, Pending> pending = new TreeMap<>();
        /** Consumer name → the time it was last seen. */
        public final LinkedHashMap<String, Long> consumers = new LinkedHashMap<>();

        Group(Id lastDelivered) {
            this.lastDelivered = lastDelivered;
        }

        /** Records an entry as delivered to a consumer, pending its XACK. */
        public void deliver(Id id, String consumer, long now) {
            pending.put(id, new Pending(consumer, now));
        }
    }

    private final TreeMap<Id, byte[][]> entries = new TreeMap<>();
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    private Id lastId = Id.MIN;

    public TreeMap<Id, byte[][]> entries() {
        return entries;
    }

    public Id lastId() {
        return lastId;
    }

    /** Appends an entry; the ID must be greater than {@link #lastId()}. */
    public void add(Id id, byte[][] fields) {
        if (id.compareTo(lastId) <= 0) throw new IllegalArgumentException(id + " is not after " + lastId);
        entries.put(id, fields);
        lastId = id;
    }

    public Map<String, Group> groups() {
        return groups;
    }

    /** Creates a group; false when one of that name exists. */
    public boolean createGroup(String name, Id lastDelivered) {
        return groups.putIfAbsent(name, new Group(lastDelivered)) == null;
    }

    @Override
    public String type() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public RedisValue copy() {
        StreamValue s = new StreamValue();
        s.entries.putAll(entries);
        s.lastId = lastId;
        for (var e : groups.entrySet()) {
            Group g = new Group(e.getValue().lastDelivered);
            for (var p : e.getValue().pending.entrySet()) {
                Pending q = new Pending(p.getValue().consumer, p.getValue().deliveryTime);
                q.deliveryCount = p.getValue().deliveryCount;
                g.pending.put(p.getKey(), q);
            }
            g.consumers.putAll(e.getValue().consumers);
            s.groups.put(e.getKey(), g);
        }
        return s;
    }
}
