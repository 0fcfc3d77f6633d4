package dev.txnharness.engine.aof;

import java.util.Locale;

/** When the AOF is fsynced (Redis's {@code appendfsync}). */
public enum Fsync {
    /** After every write, before the command's reply can reach its client. */
    ALWAYS,
    /** About once a second, from a background thread: a power loss can cost that second. */
    EVERYSEC,
    /** Never by us; the operating system flushes when it likes. */
    NO;

    /** The policy for Redis's config value ({@code always}, {@code everysec}, {@code no}). */
    public static Fsync parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "everysec" -> EVERYSEC;
            case "no" -> NO;
            default -> throw new IllegalArgumentException(
                    "appendfsync must be always, everysec or no, got '" + value + "'");
        };
    }

    /** The config value, as Redis spells it. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
