package dev.txnharness.engine.command;

/** Redis's glob-style matcher (util.c stringmatchlen): * ? [abc] [^a] [a-z] and \ escapes. */
final class Glob {
    private Glob() {}

    static boolean matches(byte[] p, byte[] s) {
        return match(p, 0, s, 0, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) return false; // Redis also bounds nesting
        while (pi < p.length && si < s.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') pi++;
                    if (pi + 1 == p.length) return true;
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) return true;
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) pi++;
                    boolean hit = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (p[pi] == s[si]) hit = true;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int a = p[pi] & 0xff, b = p[pi + 2] & 0xff, x = s[si] & 0xff;
                            if (a > b) { int t = a; a = b; b = t; }
                            if (x >= a && x <= b) hit = true;
                            pi += 2;
                        } else if (p[pi] == s[si]) {
                            hit = true;
                        }
                        pi++;
                    }
                    if (pi >= p.length) pi = p.length - 1; // unterminated [ : Redis treats the end as ]
                    if (not) hit = !hit;
                    if (!hit) return false;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) pi++;
                    if (p[pi] != s[si]) return false;
                    si++;
                }
                default -> {
                    if (c != s[si]) return false;
                    si++;
                }
            }
            pi++;
        }
        while (pi < p.length && p[pi] == '*') pi++;
        return pi == p.length && si == s.length;
    }
}
