package dev.txnharness.engine.keyspace;

/**
 * A value stored under a key. Each subtype is one Redis data type; {@link #type()} is the name TYPE
 * answers and {@link #encoding()} the one OBJECT ENCODING answers (Redis 7.0's thresholds).
 * Values are mutable and only ever touched under the engine's lock.
 */
public sealed interface RedisValue permits StringValue, ListValue, HashValue, SetValue, ZSetValue, StreamValue {
    /** The TYPE name: string, list, hash, set, zset, stream. */
    String type();

    /** The OBJECT ENCODING name. */
    String encoding();

    /** A deep copy (COPY). */
    RedisValue copy();
}
