package dev.txnharness.engine.aof;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.command.Command;
import dev.txnharness.engine.protocol.Reply;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads an AOF into an engine (aof.c loadSingleAppendOnlyFile), in two passes so that a bad file
 * changes nothing: {@link #scan} reads the whole file and finds where its whole part ends; only
 * then {@link #replay} runs that part through the engine.
 *
 * <p>The rules, as Redis 7.0 with the differences said:
 *
 * <ul>
 *   <li>A torn tail (the file ends inside a command, or inside a MULTI block with no EXEC): refused
 *       by default with an error naming the offset where the whole part ends, as Redis with {@code
 *       aof-load-truncated no}; with {@code loadTruncated} the file is cut there, dropping the
 *       unfinished MULTI block whole, and loaded, as {@code aof-load-truncated yes} (and as {@code
 *       redis-check-aof --fix}). A transaction is loaded whole or not at all.
 *   <li>Corrupt bytes anywhere, an unknown command, a wrong arity, MULTI inside MULTI, EXEC
 *       without MULTI, a bad SELECT: always an error, never skipped and never cut (unlike {@code
 *       redis-check-aof --fix}, which cuts the file at a format error too).
 *   <li>Nothing expires while loading (keyIsExpired answers no while Redis loads): replay runs at
 *       {@link #LOADING_NOW}, and the file holds absolute expiry times and the DELs of keys that
 *       expired, so the state loaded is the state written.
 *   <li>Replies are not checked: a command that failed when it ran was not logged, and one that
 *       fails on replay (it cannot, with this engine) would fail the same way in Redis.
 *   <li>Loading logs nothing: load before attaching a writer ({@link Aof} does).
 * </ul>
 */
public final class AofLoader {
    /** The command time during replay: before every expiry time, so nothing expires. */
    public static final long LOADING_NOW = Long.MIN_VALUE / 4;

    private AofLoader() {}

    /**
     * What {@link #scan} found.
     *
     * @param size bytes read
     * @param validUpTo where the whole part ends: after the last command outside MULTI or the last
     *     EXEC; equal to {@code size} for a whole file
     * @param commands top-level commands in the whole part (SELECT included)
     * @param transactions MULTI … EXEC blocks in the whole part
     * @param tornReason why the tail is torn, or null
     */
    public record Scan(long size, long validUpTo, long commands, long transactions, String tornReason) {
        public boolean torn() {
            return tornReason != null;
        }
    }

    /**
     * What was loaded.
     *
     * @param bytes bytes replayed
     * @param commands commands run, SELECT and those inside transactions included
     * @param transactions MULTI … EXEC blocks run whole
     * @param errors commands that answered an error on replay
     * @param truncatedBytes bytes of torn tail dropped (0 unless loadTruncated was on and needed)
     */
    public record Loaded(long bytes, long commands, long transactions, long errors, long truncatedBytes) {}

    /** Reads the file to find its whole part; throws only for corruption ({@link AofLoadException.Kind#CORRUPT}). */
    public static Scan scan(Engine engine, InputStream in, long size, String name) throws IOException {
        AofParser p = new AofParser(in, size);
        long validUpTo = 0;
        long commands = 0;
        long transactions = 0;
        long multiStart = -1;
        try {
            while (true) {
                byte[][] argv = p.next();
                if (argv == null) {
                    if (multiStart < 0) return new Scan(size, validUpTo, commands, transactions, null);
                    return new Scan(size, validUpTo, commands, transactions,
                            "the MULTI block that starts at offset " + multiStart + " has no EXEC");
                }
                String cmd = lower(argv[0]);
                long at = p.commandStart();
                switch (cmd) {
                    case "multi" -> {
                        if (multiStart >= 0) throw corrupt(name, at, "MULTI inside the MULTI block that starts at offset " + multiStart);
                        if (argv.length != 1) throw corrupt(name, at, "MULTI with arguments");
                        multiStart = at;
                    }
                    case "exec" -> {
                        if (multiStart < 0) throw corrupt(name, at, "EXEC without MULTI");
                        if (argv.length != 1) throw corrupt(name, at, "EXEC with arguments");
                        multiStart = -1;
                        transactions++;
                        validUpTo = p.offset();
                    }
                    default -> {
                        check(engine, argv, name, at);
                        if (multiStart < 0) {
                            commands++;
                            validUpTo = p.offset();
                        }
                    }
                }
            }
        } catch (AofParser.Torn t) {
            String reason = multiStart >= 0
                    ? "it ends inside the MULTI block that starts at offset " + multiStart + " (" + t.getMessage() + ")"
                    : "it ends inside the command that starts at offset " + t.commandStart + " (" + t.getMessage() + ")";
            return new Scan(size, validUpTo, commands, transactions, reason);
        } catch (AofParser.Corrupt c) {
            throw corrupt(name, c.offset, c.getMessage());
        }
    }

    /** A command the engine knows, with a good arity; SELECT of a database that exists. */
    private static void check(Engine engine, byte[][] argv, String name, long at) throws AofLoadException {
        Command c = engine.commands().lookup(argv);
        if (c == null) {
            throw new AofLoadException(AofLoadException.Kind.CORRUPT, at, "Unknown command '"
                    + new String(argv[0], StandardCharsets.ISO_8859_1) + "' reading the append only file "
                    + name + " at offset " + at + ". Nothing was loaded.");
        }
        if (!c.arityOk(argv.length)) throw corrupt(name, at, "wrong number of arguments for '" + c.fullName() + "'");
        if (c.name().equals("select")) {
            int db;
            try {
                db = Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                db = -1;
            }
            if (db < 0 || db >= engine.keyspace().size()) {
                throw corrupt(name, at, "SELECT of a database this engine does not have ("
                        + new String(argv[1], StandardCharsets.ISO_8859_1) + ")");
            }
        }
    }

    private static AofLoadException corrupt(String name, long offset, String what) {
        return new AofLoadException(AofLoadException.Kind.CORRUPT, offset, "Bad file format reading the append only file "
                + name + " at offset " + offset + ": " + what + ". Nothing was loaded. Corrupt bytes are never "
                + "skipped, not even with --aof-load-truncated yes: make a backup of the file and look at it "
                + "(redis-check-aof " + name + " shows where the good part ends).");
    }

    private static AofLoadException torn(String name, Scan s) {
        return new AofLoadException(AofLoadException.Kind.TORN, s.validUpTo(), "Unexpected end of file reading the append only file "
                + name + ": " + s.tornReason() + ". The file is whole up to offset " + s.validUpTo() + " of "
                + s.size() + "; the last " + (s.size() - s.validUpTo()) + " bytes are a torn tail. Nothing was loaded. "
                + "You can: 1) make a backup of the file, then run redis-check-aof --fix " + name
                + "; 2) or start with --aof-load-truncated yes, which cuts the file at offset " + s.validUpTo()
                + " and loads the rest.");
    }

    /**
     * Runs the first {@code upTo} bytes (a whole part, as {@link #scan} found) through the engine
     * under its lock, with nothing expiring; a MULTI block runs as one step. The engine must have no
     * command log attached, or the replay would be logged again.
     */
    public static Loaded replay(Engine engine, InputStream in, long upTo) {
        Client loading = engine.connect();
        try {
            return engine.locked(() -> {
                engine.keyspace().setNow(LOADING_NOW);
                AofParser p = new AofParser(in, upTo);
                long commands = 0;
                long transactions = 0;
                long errors = 0;
                List<byte[][]> queue = null;
                try {
                    for (byte[][] argv = p.next(); argv != null; argv = p.next()) {
                        String cmd = lower(argv[0]);
                        if (cmd.equals("multi")) {
                            queue = new ArrayList<>();
                        } else if (cmd.equals("exec")) {
                            for (byte[][] q : queue) errors += run(engine, loading, q);
                            commands += queue.size();
                            transactions++;
                            queue = null;
                        } else if (queue != null) {
                            queue.add(argv);
                        } else {
                            errors += run(engine, loading, argv);
                            commands++;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (AofParser.Torn | AofParser.Corrupt e) {
                    throw new IllegalStateException("the file changed since it was scanned: " + e.getMessage(), e);
                }
                engine.keyspace().setNow(engine.clock().millis());
                return new Loaded(upTo, commands, transactions, errors, 0);
            });
        } finally {
            loading.close();
        }
    }

    private static int run(Engine engine, Client loading, byte[][] argv) {
        Command c = engine.commands().lookup(argv);
        Reply r = engine.call(loading, c, argv);
        return r instanceof Reply.Err ? 1 : 0;
    }

    /**
     * Loads {@code file} into {@code engine} (a missing or empty file loads nothing). A torn tail
     * is refused ({@link AofLoadException.Kind#TORN}, nothing loaded) unless {@code loadTruncated},
     * which cuts the file itself at the end of its whole part first, as Redis does.
     */
    public static Loaded load(Engine engine, Path file, boolean loadTruncated) throws IOException {
        if (!Files.exists(file)) return new Loaded(0, 0, 0, 0, 0);
        long size = Files.size(file);
        Scan s;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            s = scan(engine, in, size, file.toString());
        }
        long cut = 0;
        if (s.torn()) {
            if (!loadTruncated) throw torn(file.toString(), s);
            cut = s.size() - s.validUpTo();
            System.err.println("aof: !!! Warning: short read while loading the AOF file " + file + " !!! " + s.tornReason()
                    + "; truncating it at offset " + s.validUpTo() + " (" + cut + " bytes dropped), as aof-load-truncated yes");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(s.validUpTo());
                raf.getFD().sync();
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Loaded l = replay(engine, in, s.validUpTo());
            return new Loaded(l.bytes(), l.commands(), l.transactions(), l.errors(), cut);
        }
    }

    /**
     * Loads AOF bytes held in memory (tests): as {@link #load(Engine, Path, boolean)}, but a torn
     * tail is only left unread, there being no file to cut.
     */
    public static Loaded load(Engine engine, byte[] aof, boolean loadTruncated) throws IOException {
        Scan s = scan(engine, new ByteArrayInputStream(aof), aof.length, "(in memory)");
        if (s.torn() && !loadTruncated) throw torn("(in memory)", s);
        Loaded l = replay(engine, new ByteArrayInputStream(aof), s.validUpTo());
        return new Loaded(l.bytes(), l.commands(), l.transactions(), l.errors(), s.size() - s.validUpTo());
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
}
