package dev.txnharness.reports.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Parses "60s", "2m", "500ms", "1h", "2d" (picocli converter); ranges are checked by {@link Ranges}. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
    /** "60s", "2m", "500ms"…: the words of {@code --time}; throws picocli's TypeConversionException for anything else. */
    public static Duration parse(String s) {
        return new Durations().convert(s);
    }

    @Override
    public Duration convert(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
            if (v.endsWith("h")) return Duration.ofMinutes(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
            if (v.endsWith("d")) return Duration.ofMinutes(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1440));
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is too long a duration");
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a duration (use e.g. 500ms, 30s, 2m)");
        }
    }

    static String format(Duration d) {
        if (d.getSeconds() >= Long.MAX_VALUE / 1000 || d.getSeconds() <= Long.MIN_VALUE / 1000) return d.getSeconds() + "s";
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
