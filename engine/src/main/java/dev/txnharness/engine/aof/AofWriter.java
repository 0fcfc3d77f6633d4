package dev.txnharness.engine.aof;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Engine.Logged;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine's {@link Engine.CommandLog} as an append-only file: each append (one top-level
 * command, or the writes of one EXEC) is encoded whole ({@link AofEncoder}) and handed to the
 * operating system in exactly one {@code write} call, so a crash leaves all of it or a torn tail of
 * it, which loading cuts. Never half a transaction followed by more data.
 *
 * <p>The engine calls {@link #append} under its lock, after the command ran and before its reply
 * is returned; with {@link Fsync#ALWAYS} the write is also fsynced by then, so a reply a client
 * has seen is on disk (Redis does the same in beforeSleep, before it writes replies).
 *
 * <p>A plain {@link FileOutputStream}, not a FileChannel: an interrupted client thread must not
 * close the log under everyone (FileChannel is interruptible).
 *
 * <p>After {@link #kill} (a crash, for tests) or a failed write, every append throws {@link
 * AofUnavailableException}: the command's connection is closed and its reply never sent, so
 * nothing is acknowledged that is not in the file.
 */
public final class AofWriter implements Engine.CommandLog, AutoCloseable {
    private final Path file;
    private final Fsync fsync;
    private final LongSupplier now;
    private final AofEncoder encoder = new AofEncoder();
    private final FileOutputStream out;
    private final ScheduledExecutorService everysec;
    private long size;
    private long appends;
    private long writes;
    private long fsyncs;
    private boolean unsyncedData;
    /** Why appends are refused (killed, closed, a write failed); null while open. */
    private volatile String unavailable;
    private KillPoint killPoint;

    /** A test hook: crash right after the next append (of a transaction, if so asked) is written. */
    private record KillPoint(boolean transactionsOnly, Runnable afterKill) {}

    private AofWriter(Path file, Fsync fsync, LongSupplier now) throws IOException {
        this.file = file;
        this.fsync = fsync;
        this.now = now;
        File f = file.toFile();
        this.out = new FileOutputStream(f, true);
        this.size = f.length();
        if (fsync == Fsync.EVERYSEC) {
            everysec = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aof-fsync-everysec");
                t.setDaemon(true);
                return t;
            });
            everysec.scheduleAtFixedRate(this::fsyncIfNeeded, 1, 1, TimeUnit.SECONDS);
        } else {
            everysec = null;
        }
    }

    /**
     * Opens {@code file} for appending (created if missing). {@code now} gives the command time
     * that relative expiry times are made absolute with; for an engine, {@code
     * engine.keyspace()::now} (the writer runs under the engine's lock, right after the command).
     */
    public static AofWriter open(Path file, Fsync fsync, LongSupplier now) throws IOException {
        return new AofWriter(file, fsync, now);
    }

    @Override
    public synchronized void append(List<Logged> commands, boolean transaction) {
        if (unavailable != null) throw new AofUnavailableException(file, unavailable);
        if (commands.isEmpty()) return;
        byte[] bytes = encoder.encode(commands, transaction, now.getAsLong());
        try {
            out.write(bytes); // one write(2): FileOutputStream hands the whole array to the OS at once
            writes++;
            if (fsync == Fsync.ALWAYS) {
                out.getFD().sync();
                fsyncs++;
            } else {
                unsyncedData = true;
            }
        } catch (IOException e) {
            // Redis exits on a write error with appendfsync always; we stop logging, and every
            // later write command fails, so nothing unlogged is acknowledged.
            encoder.reset();
            unavailable = "a write failed: " + e.getMessage();
            System.err.println("aof: " + unavailable + "; refusing every further write");
            throw new AofUnavailableException(file, unavailable);
        }
        encoder.commit();
        size += bytes.length;
        appends++;
        KillPoint k = killPoint;
        if (k != null && (transaction || !k.transactionsOnly())) {
            killPoint = null;
            kill();
            k.afterKill().run();
        }
    }

    /** The everysec policy's background fsync. */
    private void fsyncIfNeeded() {
        synchronized (this) {
            if (!unsyncedData || unavailable != null) return;
            unsyncedData = false;
        }
        try {
            out.getFD().sync(); // outside the lock: appends go on while the disk works
            synchronized (this) {
                fsyncs++;
            }
        } catch (IOException e) {
            synchronized (this) {
                if (unavailable == null) System.err.println("aof: background fsync failed: " + e.getMessage());
            }
        }
    }

    /**
     * A crash (for tests, the in-process form of SIGKILL): closes the file without fsyncing and
     * refuses every later append. Whatever was written stays in the file, as it stays in the page
     * cache when a process dies.
     */
    public synchronized void kill() {
        if (unavailable != null) return;
        unavailable = "the AOF writer was killed (crash test)";
        stop();
    }

    /**
     * Test hook: after the next append is written (with {@code transactionsOnly}, the next one
     * flagged as a transaction), {@link #kill} and run {@code afterKill}. Arm it under the engine's
     * lock ({@link Engine#locked}) and it falls between two whole commands or EXECs: with
     * {@code Fault.AOF_SPLIT_TRANSACTION} the kill then lands between a transaction's two writes.
     */
    public synchronized void killAfterNextAppend(boolean transactionsOnly, Runnable afterKill) {
        killPoint = new KillPoint(transactionsOnly, afterKill);
    }

    /** Fsyncs (unless the policy is no) and closes; later appends throw. */
    @Override
    public synchronized void close() {
        if (unavailable != null) return;
        unavailable = "the AOF is closed";
        if (fsync != Fsync.NO && unsyncedData) {
            try {
                out.getFD().sync();
                fsyncs++;
            } catch (IOException e) {
                System.err.println("aof: fsync on close failed: " + e.getMessage());
            }
        }
        stop();
    }

    private void stop() {
        if (everysec != null) everysec.shutdownNow();
        try {
            out.close();
        } catch (IOException e) {
            System.err.println("aof: close failed: " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    public Fsync fsync() {
        return fsync;
    }

    /** Bytes in the file (what it had when opened plus every append since). */
    public synchronized long size() {
        return size;
    }

    /** Appends written (each one write call). */
    public synchronized long appends() {
        return appends;
    }

    /** Write calls made: equal to {@link #appends}, one each. */
    public synchronized long writes() {
        return writes;
    }

    public synchronized long fsyncs() {
        return fsyncs;
    }

    /** Whether appends are refused (killed, closed, or a write failed). */
    public boolean isUnavailable() {
        return unavailable != null;
    }
}
