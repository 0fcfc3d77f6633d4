package dev.txnharness.engine.keyspace;

import java.nio.charset.StandardCharsets;

/** Redis's number parsing and formatting rules (util.c string2l, string2ld, ld2string). */
public final class Numbers {
    private Numbers() {}

    /**
     * Parses a long the way Redis's string2ll does: optional minus, no plus, no leading zeros, no
     * spaces, within 64-bit range. Returns null when the bytes are not such a number.
     */
    public static Long parseLong(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) return null;
        if (n == 1 && b[0] == '0') return 0L;
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) return null;
        }
        if (b[i] < '1' || b[i] > '9') return null;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            // accumulate negatively to reach Long.MIN_VALUE
            if (v < (Long.MIN_VALUE + d) / 10) return null;
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) return null;
            return -v;
        }
        return v;
    }

    /**
     * Parses a double the way Redis's getDoubleFromObject/string2d does for scores: strtod syntax,
     * including inf/-inf/+inf; no leading/trailing space; NaN refused. Returns null when invalid.
     */
    public static Double parseDouble(byte[] b) {
        if (b.length == 0) return null;
        String s = new String(b, StandardCharsets.US_ASCII);
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) return null;
        String l = s.toLowerCase();
        switch (l) {
            case "inf", "+inf", "infinity", "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Double.NEGATIVE_INFINITY;
            default:
        }
        if (l.contains("nan") || l.endsWith("d") || l.endsWith("f")) return null;
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) return null;
            return d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Formats a double as Redis 7.0 does in replies: C's {@code %.17g} (17 significant digits,
     * trailing zeros dropped, exponent form below 1e-4 or from 1e17), and inf / -inf.
     */
    public static String formatDouble(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        java.math.BigDecimal bd = new java.math.BigDecimal(d).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        digits = digits.replaceFirst("0+$", "");
        if (digits.isEmpty()) digits = "0";
        StringBuilder out = new StringBuilder();
        if (bd.signum() < 0) out.append('-');
        if (exp < -4 || exp >= 17) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
            out.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) out.append('0');
            out.append(a);
        } else if (exp < 0) {
            out.append("0.");
            for (int i = -1; i > exp; i--) out.append('0');
            out.append(digits);
        } else if (digits.length() <= exp + 1) {
            out.append(digits);
            for (int i = digits.length(); i <= exp; i++) out.append('0');
        } else {
            out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return out.toString();
    }

    public static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
