package dev.txnharness.engine;

import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.txn.MultiState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One client connection to an {@link Engine}: its selected database, protocol version, name,
 * transaction state and blocking state. A client is used by one thread at a time, as a connection
 * is; different clients may be used from different threads at once.
 *
 * <p>{@link #execute} answers at once, except for a blocking command (BLPOP ...) outside MULTI that
 * finds nothing to pop: it answers null and the reply arrives later through the async-reply
 * listener ({@link #onAsyncReply}). {@link #call} waits for that reply instead. {@link #close} is a
 * disconnect: nothing queued runs, and every watch and block is released.
 */
public final class Client implements AutoCloseable {
    private final Engine engine;
    private final long id;
    private final MultiState multiState = new MultiState();
    private Db db;
    private int protocol = 2;
    private String name;
    private volatile String address = "in-process";
    private boolean closeAfterReply;
    private volatile boolean dropped;
    private volatile boolean closed;
    /** Set while blocked on keys (BLPOP ...). */
    Blocked blocked;
    private volatile Consumer<Reply> asyncReplies;
    private CompletableFuture<Reply> awaited;

    /**
     * What a blocked client waits for. BLPOP/BRPOP are served by the engine itself ({@code
     * popRight}); any other blocking command ({@code retry} not null: BLMOVE, BZPOPMIN, XREAD ...)
     * is run again when one of its keys is ready, and blocks again if it still finds nothing.
     */
    record Blocked(Db db, List<Key> keys, boolean popRight, long deadlineMillis, byte[][] retry) {}

    Client(Engine engine, long id, Db db) {
        this.engine = engine;
        this.id = id;
        this.db = db;
    }

    /** Runs one command, answering its reply, or null if the client is now blocked. */
    public Reply execute(byte[]... argv) {
        Reply r = engine.execute(this, argv);
        if (dropped) close();
        return r;
    }

    /** Runs one command and waits for its reply, even if it blocks. */
    public Reply call(byte[]... argv) {
        CompletableFuture<Reply> f = new CompletableFuture<>();
        synchronized (this) {
            awaited = f;
        }
        Reply r = engine.execute(this, argv);
        if (dropped) close();
        if (r != null) {
            synchronized (this) {
                awaited = null;
            }
            return r;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocked", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@link #call(byte[]...)} with UTF-8 arguments. */
    public Reply call(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return call(argv);
    }

    /** Where replies of commands that blocked are delivered (from another client's thread). */
    public void onAsyncReply(Consumer<Reply> listener) {
        this.asyncReplies = listener;
    }

    /** Delivers the reply of a blocked command. Called under the engine's lock. */
    void deliver(Reply r) {
        CompletableFuture<Reply> f;
        synchronized (this) {
            f = awaited;
            awaited = null;
        }
        if (f != null) {
            f.complete(r);
            return;
        }
        Consumer<Reply> l = asyncReplies;
        if (l != null) l.accept(r);
    }

    /** Disconnects: discards the transaction, releases watches and blocks. Idempotent. */
    @Override
    public void close() {
        engine.disconnect(this);
    }

    public long id() {
        return id;
    }

    public Engine engine() {
        return engine;
    }

    public Db db() {
        return db;
    }

    public void selectDb(Db db) {
        this.db = db;
    }

    /** 2 or 3 (HELLO). */
    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The peer address (ip:port) for CLIENT LIST; "in-process" when not connected over RESP. */
    public String address() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public MultiState multiState() {
        return multiState;
    }

    /** Whether the connection must close once this reply is written (QUIT). */
    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    public void requestClose() {
        this.closeAfterReply = true;
    }

    /** The connection must close without a reply to the last request (a cross-protocol attack). */
    public boolean dropped() {
        return dropped;
    }

    void drop() {
        this.closeAfterReply = true;
        this.dropped = true;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    public boolean isBlocked() {
        return blocked != null;
    }
}
