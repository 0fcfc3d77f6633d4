package dev.txnharness.engine.keyspace;

import java.util.ArrayList;

/** A list: elements in order, head first. */
public final class ListValue implements RedisValue {
    private final ArrayList<byte[]> items;

    public ListValue() {
        this.items = new ArrayList<>();
    }

    private ListValue(ArrayList<byte[]> items) {
        this.items = items;
    }

    public ArrayList<byte[]> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist"; // Redis 7.0 stores every list as a quicklist (listpack lists came in 7.2)
    }

    @Override
    public RedisValue copy() {
        return new ListValue(new ArrayList<>(items));
    }
}
