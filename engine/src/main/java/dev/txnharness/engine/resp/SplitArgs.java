package dev.txnharness.engine.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request line into arguments exactly as Redis's sds.c {@code sdssplitargs} does:
 * blanks separate arguments; {@code "double quotes"} take the escapes {@code \n \r \t \b \a \xHH}
 * and a backslash before any other byte; {@code 'single quotes'} take only {@code \'}; a quote may
 * start in the middle of an argument ({@code a"b c"} is {@code ab c}); a closing quote must be
 * followed by a blank or the end of the line, or the line is unbalanced.
 *
 * <p>The line is read as a C string, as Redis reads it: a NUL byte ends it. (The request parser
 * never hands over a line with a NUL, since Redis's strchr never finds the newline past one.)
 */
final class SplitArgs {
    private SplitArgs() {}

    /** The arguments (none for a blank line), or null when the quotes are unbalanced. */
    static byte[][] split(byte[] line) {
        List<byte[]> args = new ArrayList<>();
        int p = 0;
        while (true) {
            while (at(line, p) != 0 && isspace(at(line, p))) p++;
            if (at(line, p) == 0) return args.toArray(new byte[0][]);
            boolean inq = false; // in "double quotes"
            boolean insq = false; // in 'single quotes'
            boolean done = false;
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            while (!done) {
                int c = at(line, p);
                if (inq) {
                    if (c == '\\' && at(line, p + 1) == 'x' && isHex(at(line, p + 2)) && isHex(at(line, p + 3))) {
                        current.write(Character.digit(at(line, p + 2), 16) * 16 + Character.digit(at(line, p + 3), 16));
                        p += 3;
                    } else if (c == '\\' && at(line, p + 1) != 0) {
                        p++;
                        current.write(switch (at(line, p)) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> at(line, p);
                        });
                    } else if (c == '"') {
                        // the closing quote must be followed by a blank or nothing at all
                        if (at(line, p + 1) != 0 && !isspace(at(line, p + 1))) return null;
                        done = true;
                    } else if (c == 0) {
                        return null; // unterminated quotes
                    } else {
                        current.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && at(line, p + 1) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (at(line, p + 1) != 0 && !isspace(at(line, p + 1))) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    // Only these end an unquoted argument; \v and \f, though blanks to skip, do not.
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> current.write(c);
                    }
                }
                if (at(line, p) != 0) p++;
            }
            args.add(current.toByteArray());
        }
    }

    /** The byte at i as 0..255, or 0 (the C string's terminator) past the end. */
    private static int at(byte[] line, int i) {
        return i < line.length ? line[i] & 0xff : 0;
    }

    /** C's isspace in the "C" locale, the one Redis runs its parsing in. */
    private static boolean isspace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == 0x0c || c == '\r';
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
