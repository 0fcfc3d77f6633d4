package dev.txnharness.engine.resp;

import java.util.List;

/**
 * Raw requests and the exact bytes Redis 7.0.15 answers to them, each checked on a real
 * redis-server by {@link RedisWireConformanceTest} and on the engine by {@link
 * EngineWireConformanceTest}. Strings are Latin-1: one char per byte.
 */
final class WireCases {
    private WireCases() {}

    /**
     * One exchange: send {@code request} in one write, expect exactly {@code reply}; then the
     * server has closed the connection ({@code closes}) or it still answers PING.
     */
    record Case(String name, String request, String reply, boolean closes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String MB_LEN = "-ERR Protocol error: invalid multibulk length\r\n";
    private static final String BULK_LEN = "-ERR Protocol error: invalid bulk length\r\n";
    private static final String QUOTES = "-ERR Protocol error: unbalanced quotes in request\r\n";

    /** Frames Redis refuses: the error, then the connection closes. */
    static List<Case> protocolErrors() {
        return List.of(
                close("invalid multibulk length (not a number)", "*x\r\n", MB_LEN),
                close("invalid multibulk length (leading zero)", "*01\r\n", MB_LEN),
                close("invalid multibulk length (plus sign)", "*+1\r\n", MB_LEN),
                close("invalid multibulk length (minus zero)", "*-0\r\n", MB_LEN),
                close("invalid multibulk length (empty)", "*\r\n", MB_LEN),
                close("invalid multibulk length (INT_MAX + 1)", "*2147483648\r\n", MB_LEN),
                close("invalid multibulk length (below LLONG_MIN)", "*-9223372036854775809\r\nPING\r\n", MB_LEN),
                close("invalid bulk length (not a number)", "*1\r\n$x\r\n", BULK_LEN),
                close("invalid bulk length (negative)", "*1\r\n$-1\r\n", BULK_LEN),
                close("invalid bulk length (empty)", "*1\r\n$\r\n", BULK_LEN),
                close("invalid bulk length (leading zero)", "*1\r\n$01\r\n", BULK_LEN),
                close("invalid bulk length (proto-max-bulk-len + 1)", "*1\r\n$536870913\r\n", BULK_LEN),
                close("invalid bulk length (2^31, refused before any data)", "*1\r\n$2147483648\r\n", BULK_LEN),
                close("expected '$', got 'x'", "*1\r\nx4\r\nPING\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n"),
                close("expected '$' (a CR is shown as a space)", "*1\r\n\r\r\n", "-ERR Protocol error: expected '$', got ' '\r\n"),
                close("expected '$' (an LF is shown as a space)", "*1\r\n\n\r\n", "-ERR Protocol error: expected '$', got ' '\r\n"),
                close("expected '$' (a byte above 127 goes out as it is)", "*1\r\n\u00e9\r\n",
                        "-ERR Protocol error: expected '$', got '\u00e9'\r\n"),
                close("too big mbulk count string (65537 bytes without CR)", "*" + "1".repeat(65536),
                        "-ERR Protocol error: too big mbulk count string\r\n"),
                close("too big bulk count string (65537 bytes without CR)", "*1\r\n$" + "1".repeat(65536),
                        "-ERR Protocol error: too big bulk count string\r\n"),
                close("too big inline request (65537 bytes without LF)", "x".repeat(65537),
                        "-ERR Protocol error: too big inline request\r\n"),
                close("unbalanced quotes in request (double)", "ECHO \"a\r\n", QUOTES),
                close("unbalanced quotes in request (single)", "ECHO 'a\r\n", QUOTES),
                close("unbalanced quotes in request (closing quote followed by a letter)", "ECHO \"a\"b\r\n", QUOTES),
                close("unbalanced quotes in request (escaped closing quote)", "ECHO \"a\\\"\r\n", QUOTES),
                close("replies to the commands before a bad frame come first", "PING\r\n*x\r\nPING\r\n",
                        "+PONG\r\n" + MB_LEN),
                close("QUIT answers OK and closes; later commands do not run", "PING\r\nQUIT\r\nPING\r\n",
                        "+PONG\r\n+OK\r\n"));
    }

    /** Frames Redis accepts, some of them odd: the replies, and the connection stays open. */
    static List<Case> accepted() {
        return List.of(
                open("PING inline", "PING\r\n", "+PONG\r\n"),
                open("PING inline (LF only)", "PING\n", "+PONG\r\n"),
                open("PING inline (blanks around)", "  PING\t \r\n", "+PONG\r\n"),
                open("PING inline (form feed before)", "\fPING\r\n", "+PONG\r\n"),
                open("PING multibulk", "*1\r\n$4\r\nPING\r\n", "+PONG\r\n"),
                open("empty multibulks are skipped (*0, *-1, *-5)", "*0\r\n*-1\r\n*-5\r\nPING\r\n", "+PONG\r\n"),
                open("empty multibulk (LLONG_MIN) is skipped", "*-9223372036854775808\r\nPING\r\n", "+PONG\r\n"),
                open("blank inline lines are skipped", "\r\n\n \r\nPING\r\n", "+PONG\r\n"),
                open("the two bytes after a bulk are not checked", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
                        "+PONG\r\n+PONG\r\n"),
                open("the byte after a header's CR is not checked", "*1\rX$4\r\nPING\r\n", "+PONG\r\n"),
                open("a bulk is binary-safe", "*2\r\n$4\r\nECHO\r\n$5\r\na\r\n\u0000b\r\n", "$5\r\na\r\n\u0000b\r\n"),
                open("an empty bulk", "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "$0\r\n\r\n"),
                open("inline: quotes join parts of an argument", "ECHO a\"b c\"\r\n", "$4\r\nab c\r\n"),
                open("inline: an empty quoted argument is an argument", "ECHO \"\"\r\n", "$0\r\n\r\n"),
                open("inline: escapes in double quotes", "ECHO \"\\x41\\n\\t\\q\"\r\n", "$4\r\nA\n\tq\r\n"),
                open("inline: \\x with one hex digit is not an escape", "ECHO \"\\x4g\"\r\n", "$3\r\nx4g\r\n"),
                open("inline: an escaped quote in single quotes", "ECHO 'it\\'s'\r\n", "$4\r\nit's\r\n"),
                open("inline: other backslashes in single quotes stay", "ECHO 'a\\\\b'\r\n", "$4\r\na\\\\b\r\n"),
                open("inline: a tab separates arguments", "ECHO\ta\r\n", "$1\r\na\r\n"),
                open("inline: a CR inside the line separates arguments", "PING\rx\n", "$1\r\nx\r\n"),
                open("inline: a vertical tab is part of an unquoted argument", "ECHO a\u000bb\r\n", "$3\r\na\u000bb\r\n"),
                open("inline: a byte above 127 is not a blank", "ECHO \u00a0x\r\n", "$2\r\n\u00a0x\r\n"),
                open("inline: CR CR LF ends the line", "ECHO x\r\r\n", "$1\r\nx\r\n"),
                open("unknown inline command (a form feed ends no argument)", "PING\f\r\n",
                        "-ERR unknown command 'PING\f', with args beginning with: \r\n"),
                open("MULTI and EXEC pipelined, inline and multibulk", "MULTI\r\n*1\r\n$4\r\nEXEC\r\n", "+OK\r\n*0\r\n"),
                open("WATCH inside MULTI is refused, EXEC still runs", "MULTI\r\nWATCH x\r\nEXEC\r\n",
                        "+OK\r\n-ERR WATCH inside MULTI is not allowed\r\n*0\r\n"));
    }

    private static Case close(String name, String request, String reply) {
        return new Case(name, request, reply, true);
    }

    private static Case open(String name, String request, String reply) {
        return new Case(name, request, reply, false);
    }
}
