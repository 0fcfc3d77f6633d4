package dev.txnharness.properties.scenario;

import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-line text form of a {@link Reply} that people can read and diff, and that parses back to
 * the same reply. It follows the RESP type markers:
 *
 * <pre>
 *   +OK                      simple string (quoted as +"..." when it has , ] } " or spaces at an end)
 *   -ERR no such key         error (same quoting rule inside brackets)
 *   :42                      integer
 *   "text"                   bulk string (escapes: \" \\ \r \n \t \xNN)
 *   $-1   *-1   _            null bulk, null array, RESP3 null
 *   [:1, "a", +OK]           array ([] when empty)
 *   {"k": "v"}               RESP3 map        ~["a"]   RESP3 set     >["x"]  push
 *   ,1.5   #t   (123         RESP3 double, boolean, big number
 *   =txt:"..."               RESP3 verbatim string
 * </pre>
 *
 * At the top of a line, a simple string or error runs to the end of the line unquoted, unless it
 * has spaces at an end (the unknown-command error does): then it is quoted too.
 */
public final class ReplyText {
    private ReplyText() {}

    /** The reply's text form. */
    public static String render(Reply r) {
        StringBuilder sb = new StringBuilder();
        render(r, sb, true);
        return sb.toString();
    }

    private static void render(Reply r, StringBuilder sb, boolean top) {
        if (r instanceof Reply.Simple s) {
            sb.append('+').append(plain(s.value(), top) ? s.value() : quote(s.value().getBytes(StandardCharsets.ISO_8859_1)));
        } else if (r instanceof Reply.Err e) {
            sb.append('-').append(plain(e.message(), top) ? e.message() : quote(e.message().getBytes(StandardCharsets.ISO_8859_1)));
        } else if (r instanceof Reply.Int i) {
            sb.append(':').append(i.value());
        } else if (r instanceof Reply.Bulk b) {
            sb.append(quote(b.value()));
        } else if (r instanceof Reply.NullBulk) {
            sb.append("$-1");
        } else if (r instanceof Reply.NullArray) {
            sb.append("*-1");
        } else if (r instanceof Reply.Null) {
            sb.append('_');
        } else if (r instanceof Reply.Array a) {
            list(a.items(), sb, "[", "]");
        } else if (r instanceof Reply.SetReply s) {
            list(s.items(), sb, "~[", "]");
        } else if (r instanceof Reply.Push p) {
            list(p.items(), sb, ">[", "]");
        } else if (r instanceof Reply.MapReply m) {
            sb.append('{');
            List<Reply> kv = m.keysAndValues();
            for (int i = 0; i < kv.size(); i += 2) {
                if (i > 0) sb.append(", ");
                render(kv.get(i), sb, false);
                sb.append(": ");
                render(kv.get(i + 1), sb, false);
            }
            sb.append('}');
        } else if (r instanceof Reply.DoubleReply d) {
            sb.append(',').append(Numbers.formatDouble(d.value()));
        } else if (r instanceof Reply.Bool b) {
            sb.append(b.value() ? "#t" : "#f");
        } else if (r instanceof Reply.BigNumber n) {
            sb.append('(').append(n.value());
        } else if (r instanceof Reply.Verbatim v) {
            sb.append('=').append(v.format()).append(':').append(quote(v.value()));
        } else {
            throw new IllegalArgumentException("unknown reply " + r);
        }
    }

    private static void list(List<Reply> items, StringBuilder sb, String open, String close) {
        sb.append(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(", ");
            render(items.get(i), sb, false);
        }
        sb.append(close);
    }

    /**
     * Whether the text can stand unquoted: no spaces at its ends (editors strip them), no control
     * or non-ASCII bytes, no leading quote, and inside brackets no , ] or }.
     */
    private static boolean plain(String s, boolean top) {
        if (s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ' || s.charAt(0) == '"') return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;
            if (!top && (c == ',' || c == ']' || c == '}')) return false;
        }
        return true;
    }

    /** A double-quoted, escaped form of bytes. */
    public static String quote(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\x%02x", c));
                    else sb.append((char) c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Parses the text form back into a reply. */
    public static Reply parse(String text) {
        Parser p = new Parser(text.trim());
        Reply r = p.value(true);
        p.skipSpaces();
        if (p.i != p.s.length()) throw p.error("unexpected text after the reply");
        return r;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at column " + (i + 1) + " of: " + s);
        }

        void skipSpaces() {
            while (i < s.length() && s.charAt(i) == ' ') i++;
        }

        Reply value(boolean top) {
            skipSpaces();
            if (i >= s.length()) throw error("a reply was expected");
            char c = s.charAt(i);
            switch (c) {
                case '+': i++; return new Reply.Simple(word(top));
                case '-': i++; return new Reply.Err(word(top));
                case ':': i++; return Reply.Int.of(Long.parseLong(token()));
                case '"': return new Reply.Bulk(quoted());
                case '$': expect("$-1"); return Reply.NullBulk.INSTANCE;
                case '*': expect("*-1"); return Reply.NullArray.INSTANCE;
                case '_': i++; return Reply.Null.INSTANCE;
                case '[': i++; return new Reply.Array(items(']'));
                case '~': i++; expect("["); return new Reply.SetReply(items(']'));
                case '>': i++; expect("["); return new Reply.Push(items(']'));
                case '{': {
                    i++;
                    List<Reply> kv = new ArrayList<>();
                    skipSpaces();
                    if (peek('}')) { i++; return new Reply.MapReply(kv); }
                    while (true) {
                        kv.add(value(false));
                        skipSpaces();
                        expect(":");
                        kv.add(value(false));
                        skipSpaces();
                        if (peek('}')) { i++; return new Reply.MapReply(kv); }
                        expect(",");
                    }
                }
                case ',': {
                    i++;
                    String t = token();
                    double d = t.equals("inf") ? Double.POSITIVE_INFINITY : t.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(t);
                    return new Reply.DoubleReply(d);
                }
                case '#': i++; { String t = token(); if (!t.equals("t") && !t.equals("f")) throw error("#t or #f"); return new Reply.Bool(t.equals("t")); }
                case '(': i++; return new Reply.BigNumber(token());
                case '=': {
                    i++;
                    int colon = s.indexOf(':', i);
                    if (colon < 0) throw error("verbatim format");
                    String fmt = s.substring(i, colon);
                    i = colon + 1;
                    return new Reply.Verbatim(fmt, quoted());
                }
                default: throw error("unknown reply marker '" + c + "'");
            }
        }

        boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(String t) {
            if (!s.startsWith(t, i)) throw error("'" + t + "' expected");
            i += t.length();
        }

        List<Reply> items(char close) {
            List<Reply> out = new ArrayList<>();
            skipSpaces();
            if (peek(close)) { i++; return out; }
            while (true) {
                out.add(value(false));
                skipSpaces();
                if (peek(close)) { i++; return out; }
                expect(",");
            }
        }

        /** A simple string / error body: to the end at the top, else quoted or up to , ] }. */
        String word(boolean top) {
            if (peek('"')) return new String(quoted(), StandardCharsets.ISO_8859_1);
            if (top) {
                String w = s.substring(i);
                i = s.length();
                return w;
            }
            int start = i;
            while (i < s.length() && ",]}".indexOf(s.charAt(i)) < 0) i++;
            return s.substring(start, i).stripTrailing();
        }

        String token() {
            int start = i;
            while (i < s.length() && ",]}: ".indexOf(s.charAt(i)) < 0) i++;
            if (start == i) throw error("a value was expected");
            return s.substring(start, i);
        }

        byte[] quoted() {
            expect("\"");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return out.toByteArray();
                if (c == '\\') {
                    if (i >= s.length()) throw error("dangling escape");
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'r' -> out.write('\r');
                        case 'n' -> out.write('\n');
                        case 't' -> out.write('\t');
                        case 'x' -> {
                            out.write(Integer.parseInt(s.substring(i, i + 2), 16));
                            i += 2;
                        }
                        default -> out.write(e);
                    }
                } else {
                    byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                }
            }
        }
    }
}
