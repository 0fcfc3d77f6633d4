package dev.txnharness.engine.keyspace;

import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeSet;

/** A sorted set: members with scores, ordered by (score, member bytes) as Redis orders them. */
public final class ZSetValue implements RedisValue {
    /** zset-max-listpack-entries and zset-max-listpack-value defaults. */
    private static final int MAX_LISTPACK_ENTRIES = 128, MAX_LISTPACK_VALUE = 64;

    /** One member and its score. */
    public record Entry(Key member, double score) {}

    private static final Comparator<Entry> ORDER =
            Comparator.comparingDouble(Entry::score).thenComparing(Entry::member);

    private final HashMap<Key, Double> scores = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>(ORDER);
    private boolean skiplist;

    public Double score(Key member) {
        return scores.get(member);
    }

    public int size() {
        return scores.size();
    }

    /** Sets the member's score; returns whether the member is new. */
    public boolean put(Key member, double score) {
        Double old = scores.put(member, score);
        if (old != null) ordered.remove(new Entry(member, old));
        ordered.add(new Entry(member, score));
        if (member.bytes().length > MAX_LISTPACK_VALUE || scores.size() > MAX_LISTPACK_ENTRIES) skiplist = true;
        return old == null;
    }

    /** Removes the member; returns whether it was there. */
    public boolean remove(Key member) {
        Double old = scores.remove(member);
        if (old == null) return false;
        ordered.remove(new Entry(member, old));
        return true;
    }

    /** Members in ascending order. */
    public TreeSet<Entry> ordered() {
        return ordered;
    }

    @Override
    public String type() {
        return "zset";
    }

    @Override
    public String encoding() {
        return skiplist ? "skiplist" : "listpack";
    }

    @Override
    public RedisValue copy() {
        ZSetValue z = new ZSetValue();
        for (Entry e : ordered) z.put(e.member(), e.score());
        z.skiplist = skiplist;
        return z;
    }
}
