package dev.txnharness.engine.keyspace;

import java.util.LinkedHashSet;

/** A set of members. */
public final class SetValue implements RedisValue {
    /** set-max-intset-entries default. */
    private static final int MAX_INTSET_ENTRIES = 512;

    private final LinkedHashSet<Key> members;
    private boolean hashtable;

    public SetValue() {
        this.members = new LinkedHashSet<>();
    }

    private SetValue(LinkedHashSet<Key> members, boolean hashtable) {
        this.members = members;
        this.hashtable = hashtable;
    }

    public LinkedHashSet<Key> members() {
        return members;
    }

    /** Records an added member, converting the encoding as Redis does (never back). */
    public void noteAdd(Key member) {
        if (Numbers.parseLong(member.bytes()) == null || members.size() > MAX_INTSET_ENTRIES) hashtable = true;
    }

    @Override
    public String type() {
        return "set";
    }

    @Override
    public String encoding() {
        return hashtable ? "hashtable" : "intset";
    }

    @Override
    public RedisValue copy() {
        return new SetValue(new LinkedHashSet<>(members), hashtable);
    }
}
