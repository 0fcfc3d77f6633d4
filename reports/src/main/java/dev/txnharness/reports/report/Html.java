package dev.txnharness.reports.report;

/** HTML escaping. */
final class Html {
    private Html() {}

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (r != null && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (r != null) sb.append(r);
                else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
