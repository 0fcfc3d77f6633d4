package dev.txnharness.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A reply as Redis sends it: one value per RESP type. Replies are immutable values; a Redis error is
 * a {@link Err} value, never an exception.
 *
 * <p>The engine builds replies in their RESP2/RESP3-neutral form ({@link NullBulk}, {@link
 * NullArray}, {@link MapReply}, {@link SetReply}, {@link DoubleReply}); {@link RespWriter} renders
 * them for the connection's protocol exactly as Redis 7.0 does (a null is {@code $-1} or {@code *-1}
 * in RESP2 and {@code _} in RESP3, a map is a flat array in RESP2, and so on). A reply decoded from
 * the wire ({@link RespReader}) uses whichever type was on the wire, including {@link Null}.
 */
public sealed interface Reply {

    /** {@code +OK}. */
    Simple OK = new Simple("OK");
    /** {@code +QUEUED}. */
    Simple QUEUED = new Simple("QUEUED");
    /** {@code +PONG}. */
    Simple PONG = new Simple("PONG");

    /** A simple string ({@code +text}). */
    record Simple(String value) implements Reply {}

    /** An error ({@code -CODE message}); {@code message} holds everything after the dash. */
    record Err(String message) implements Reply {
        /** The error code: the first word ({@code ERR}, {@code WRONGTYPE}, {@code EXECABORT} ...). */
        public String code() {
            int sp = message.indexOf(' ');
            return sp < 0 ? message : message.substring(0, sp);
        }
    }

    /** An integer ({@code :n}). */
    record Int(long value) implements Reply {
        private static final Int[] SMALL = new Int[1025];

        static {
            for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Int(i - 1);
        }

        /** A cached instance for small values. */
        public static Int of(long v) {
            return v >= -1 && v < SMALL.length - 1 ? SMALL[(int) v + 1] : new Int(v);
        }
    }

    /** A bulk string ({@code $len bytes}); the array is owned by the reply and never changed. */
    record Bulk(byte[] value) implements Reply {
        public static Bulk of(String s) {
            return new Bulk(s.getBytes(StandardCharsets.UTF_8));
        }

        public String utf8() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bulk[" + utf8() + "]";
        }
    }

    /** A verbatim string (RESP3 {@code =}); rendered as a bulk string in RESP2. */
    record Verbatim(String format, byte[] value) implements Reply {
        @Override
        public boolean equals(Object o) {
            return o instanceof Verbatim v && format.equals(v.format) && Arrays.equals(value, v.value);
        }

        @Override
        public int hashCode() {
            return format.hashCode() * 31 + Arrays.hashCode(value);
        }
    }

    /** The absent bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    record NullBulk() implements Reply {
        public static final NullBulk INSTANCE = new NullBulk();
    }

    /** The absent array (aborted EXEC, BLPOP timeout): {@code *-1} in RESP2, {@code _} in RESP3. */
    record NullArray() implements Reply {
        public static final NullArray INSTANCE = new NullArray();
    }

    /** The RESP3 null ({@code _}) as read from the wire. */
    record Null() implements Reply {
        public static final Null INSTANCE = new Null();
    }

    /** An array ({@code *n}). */
    record Array(List<Reply> items) implements Reply {
        public static final Array EMPTY = new Array(List.of());

        public static Array of(Reply... items) {
            return new Array(List.of(items));
        }
    }

    /** A map (RESP3 {@code %n}); in RESP2 a flat array of key, value, key, value. */
    record MapReply(List<Reply> keysAndValues) implements Reply {}

    /** A set (RESP3 {@code ~n}); in RESP2 an array. */
    record SetReply(List<Reply> items) implements Reply {}

    /** A double (RESP3 {@code ,d}); in RESP2 a bulk string of the same text. */
    record DoubleReply(double value) implements Reply {}

    /** A boolean (RESP3 {@code #t} / {@code #f}); in RESP2 the integer 1 / 0. */
    record Bool(boolean value) implements Reply {}

    /** A big number (RESP3 {@code (n}); in RESP2 a bulk string. */
    record BigNumber(String value) implements Reply {}

    /** A push (RESP3 {@code >n}); in RESP2 an array. */
    record Push(List<Reply> items) implements Reply {}

    /** Whether this is an error reply. */
    default boolean isError() {
        return this instanceof Err;
    }
}
