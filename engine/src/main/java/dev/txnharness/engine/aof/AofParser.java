package dev.txnharness.engine.aof;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP multibulk commands from an AOF, strictly, and tells a torn tail from corruption.
 *
 * <p>A file cut anywhere is a prefix of a good file, so running out of bytes in the middle of a
 * command is {@link Torn}. A byte that no good file could have at that place (a missing {@code *}
 * or {@code $}, a non-digit in a length, a bad CRLF) is {@link Corrupt}, wherever it is: corrupt
 * bytes are never skipped. A declared length longer than the rest of the file is torn (the file
 * may have been cut inside that argument), and is never allocated.
 */
final class AofParser {
    /** The input ended inside a command that starts at {@code commandStart}. */
    static final class Torn extends Exception {
        final long commandStart;

        Torn(long commandStart, String what) {
            super(what, null, false, false);
            this.commandStart = commandStart;
        }
    }

    /** A byte at {@code offset} cannot be part of a good AOF. */
    static final class Corrupt extends Exception {
        final long offset;

        Corrupt(long offset, String what) {
            super(what, null, false, false);
            this.offset = offset;
        }
    }

    private final InputStream in;
    private final long end;
    private long offset;
    private long commandStart;

    /** Reads {@code in} (buffer it) up to {@code end} bytes, its size. */
    AofParser(InputStream in, long end) {
        this.in = in;
        this.end = end;
    }

    /** Bytes consumed: after {@link #next} returns, the end of that command. */
    long offset() {
        return offset;
    }

    /** The next command; null at the end of the input, when it falls between two commands. */
    byte[][] next() throws IOException, Torn, Corrupt {
        commandStart = offset;
        if (offset >= end) return null;
        int b = read();
        if (b != '*') {
            throw new Corrupt(offset - 1, b == 'R' && offset == 1
                    ? "an RDB preamble ('REDIS…'): this engine reads pure-command AOFs only (aof-use-rdb-preamble no)"
                    : "expected '*' (a command), found " + describe(b));
        }
        long argc = number("the argument count");
        if (argc < 1) throw new Corrupt(commandStart, "a command with " + argc + " arguments");
        if (argc > end - offset) throw new Torn(commandStart, "an argument count larger than the rest of the file");
        List<byte[]> argv = new ArrayList<>((int) Math.min(argc, 64));
        for (long i = 0; i < argc; i++) {
            b = read();
            if (b != '$') throw new Corrupt(offset - 1, "expected '$' (an argument), found " + describe(b));
            long len = number("an argument length");
            if (len > end - offset - 2) {
                throw new Torn(commandStart, "an argument of " + len + " bytes, more than the file has left");
            }
            byte[] arg = in.readNBytes((int) len);
            offset += arg.length;
            if (arg.length < len) throw new Torn(commandStart, "the file ends inside an argument");
            crlf();
            argv.add(arg);
        }
        return argv.toArray(new byte[0][]);
    }

    /** Where the command being read (or the last one returned) starts. */
    long commandStart() {
        return commandStart;
    }

    /** Decimal digits then CRLF. */
    private long number(String what) throws IOException, Torn, Corrupt {
        long n = 0;
        int digits = 0;
        while (true) {
            int b = read();
            if (b == '\r' && digits > 0) break;
            if (b < '0' || b > '9' || digits == 18) {
                throw new Corrupt(offset - 1, "a bad byte in " + what + ": " + describe(b));
            }
            n = n * 10 + (b - '0');
            digits++;
        }
        int b = read();
        if (b != '\n') throw new Corrupt(offset - 1, "expected '\\n' after '\\r', found " + describe(b));
        return n;
    }

    private void crlf() throws IOException, Torn, Corrupt {
        int b = read();
        if (b != '\r') throw new Corrupt(offset - 1, "expected '\\r' after an argument, found " + describe(b));
        b = read();
        if (b != '\n') throw new Corrupt(offset - 1, "expected '\\n' after an argument, found " + describe(b));
    }

    /** One byte; the end of the input here is a torn tail. */
    private int read() throws IOException, Torn {
        if (offset >= end) throw new Torn(commandStart, "the file ends inside a command");
        int b = in.read();
        if (b < 0) throw new Torn(commandStart, "the file ends inside a command");
        offset++;
        return b;
    }

    private static String describe(int b) {
        if (b >= 0x20 && b < 0x7f) return "'" + (char) b + "'";
        return String.format("byte 0x%02x", b);
    }
}
