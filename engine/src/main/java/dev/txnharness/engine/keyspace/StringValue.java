package dev.txnharness.engine.keyspace;

import java.nio.charset.StandardCharsets;

/** A string. Immutable: a write replaces the value. */
public final class StringValue implements RedisValue {
    /** Redis 7.0 OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    private static final int EMBSTR_LIMIT = 44;

    private final byte[] bytes;
    /** True once the value was built in place (APPEND, SETRANGE): Redis then keeps it raw. */
    private final boolean raw;

    public StringValue(byte[] bytes) {
        this(bytes, false);
    }

    public StringValue(byte[] bytes, boolean raw) {
        this.bytes = bytes;
        this.raw = raw;
    }

    public static StringValue of(long v) {
        return new StringValue(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public String encoding() {
        if (bytes.length <= 20 && Numbers.parseLong(bytes) != null) return "int";
        if (raw || bytes.length > EMBSTR_LIMIT) return "raw";
        return "embstr";
    }

    @Override
    public RedisValue copy() {
        return this;
    }
}
