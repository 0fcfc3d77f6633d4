package dev.txnharness.engine.aof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites a command into the form Redis 7.0 propagates to its AOF, so that replaying the file
 * later gives the same state: relative expiry times become absolute ({@code EXPIRE k 10} →
 * {@code PEXPIREAT k <ms>}, {@code SET k v EX 10} / {@code SETEX} → {@code SET k v PXAT <ms>}),
 * an expiry already in the past becomes {@code DEL}, {@code SET … GET} loses its GET, {@code
 * GETDEL} is {@code DEL}, a one-key {@code BLPOP} / {@code BRPOP} that was served is {@code LPOP} /
 * {@code RPOP}. Anything else is written as the client sent it, byte for byte (Redis keeps the
 * client's argv too).
 *
 * <p>Not rewritten, unlike Redis (replay is deterministic in this engine, so the state is the
 * same, only the bytes differ): {@code INCRBYFLOAT} (Redis: {@code SET k v KEEPTTL}), {@code
 * HINCRBYFLOAT} (Redis: {@code HSET}), {@code SPOP} (Redis: {@code SREM}; this engine pops the
 * first member), BLPOP/BRPOP over several keys (Redis names the key served).
 */
final class Propagation {
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] SET = ascii("SET");
    private static final byte[] PXAT = ascii("PXAT");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] LPOP = ascii("LPOP");
    private static final byte[] RPOP = ascii("RPOP");

    private Propagation() {}

    /**
     * The argv to write for a command that ran at {@code nowMillis} (the engine's command time,
     * frozen for a whole EXEC).
     */
    static byte[][] rewrite(byte[][] argv, long nowMillis) {
        String name = lower(argv[0]);
        try {
            return switch (name) {
                case "expire" -> expire(argv, nowMillis + Math.multiplyExact(parse(argv[2]), 1000L), nowMillis, false);
                case "pexpire" -> expire(argv, nowMillis + parse(argv[2]), nowMillis, false);
                case "expireat" -> expire(argv, Math.multiplyExact(parse(argv[2]), 1000L), nowMillis, false);
                case "pexpireat" -> expire(argv, parse(argv[2]), nowMillis, true);
                case "set" -> set(argv, nowMillis);
                case "setex" -> setWithPxat(argv[1], argv[3], nowMillis + Math.multiplyExact(parse(argv[2]), 1000L));
                case "psetex" -> setWithPxat(argv[1], argv[3], nowMillis + parse(argv[2]));
                case "getdel" -> new byte[][] {DEL, argv[1]};
                case "blpop" -> argv.length == 3 ? new byte[][] {LPOP, argv[1]} : argv;
                case "brpop" -> argv.length == 3 ? new byte[][] {RPOP, argv[1]} : argv;
                default -> argv;
            };
        } catch (RuntimeException e) {
            return argv; // the command ran, so its arguments parsed; keep them if ours do not
        }
    }

    /** expireGenericCommand: PEXPIREAT with the absolute time, or DEL when it is already past. */
    private static byte[][] expire(byte[][] argv, long when, long now, boolean alreadyPexpireat) {
        if (when <= now) return new byte[][] {DEL, argv[1]};
        if (alreadyPexpireat) return argv;
        byte[][] out = argv.clone();
        out[0] = PEXPIREAT;
        out[2] = ascii(Long.toString(when));
        return out;
    }

    /** setGenericCommand: EX / PX / EXAT become PXAT; GET is dropped when no expiry is given. */
    private static byte[][] set(byte[][] argv, long now) {
        Long when = null;
        boolean pxat = false;
        boolean get = false;
        for (int j = 3; j < argv.length; j++) {
            String opt = lower(argv[j]);
            switch (opt) {
                case "ex" -> when = now + Math.multiplyExact(parse(argv[++j]), 1000L);
                case "px" -> when = now + parse(argv[++j]);
                case "exat" -> when = Math.multiplyExact(parse(argv[++j]), 1000L);
                case "pxat" -> {
                    when = parse(argv[++j]);
                    pxat = true;
                }
                case "get" -> get = true;
                default -> { } // NX, XX, KEEPTTL: the write happened, replay needs no condition
            }
        }
        if (when != null && !pxat) return setWithPxat(argv[1], argv[2], when);
        if (get && when == null) {
            List<byte[]> out = new ArrayList<>(Arrays.asList(argv).subList(0, 3));
            for (int j = 3; j < argv.length; j++) if (!lower(argv[j]).equals("get")) out.add(argv[j]);
            return out.toArray(new byte[0][]);
        }
        return argv;
    }

    private static byte[][] setWithPxat(byte[] key, byte[] value, long when) {
        return new byte[][] {SET, key, value, PXAT, ascii(Long.toString(when))};
    }

    private static long parse(byte[] b) {
        return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
