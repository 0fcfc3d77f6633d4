package dev.txnharness.engine;

import dev.txnharness.engine.command.Command;
import dev.txnharness.engine.command.CommandTable;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Key;
import dev.txnharness.engine.keyspace.Keyspace;
import dev.txnharness.engine.keyspace.ListValue;
import dev.txnharness.engine.keyspace.RedisValue;
import dev.txnharness.engine.keyspace.StreamValue;
import dev.txnharness.engine.keyspace.ZSetValue;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.txn.Multi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference engine: an in-memory keyspace with Redis 7.0 transaction semantics, safe for any
 * number of threads.
 *
 * <p>Concurrency: one lock over the whole engine, held for each top-level command (and for the
 * whole of an EXEC), as Redis's single event loop runs one command at a time. So an EXEC is one
 * isolated step, and a write on one thread marks another client's WATCH dirty with the lock's
 * happens-before. See docs/ARCHITECTURE.md for why this and not an executor.
 *
 * <p>Dispatch ({@link #execute}) follows server.c processCommand: lookup, arity, the no-multi
 * check, queueing inside MULTI, then the call. The transaction rules themselves are in {@link
 * Multi}.
 */
public final class Engine implements AutoCloseable {
    /** The version this engine answers to INFO and HELLO, the Redis it follows. */
    public static final String REDIS_VERSION = "7.0.15";

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final EnumSet<Fault> faults;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Multi multi;
    private final Map<Long, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final ScheduledExecutorService cronExecutor;
    private final long startMillis;

    /** Keys with clients blocked on them, per (db, key), FIFO (blocking_keys). */
    private final Map<BlockKey, ArrayDeque<Client>> blockingKeys = new java.util.HashMap<>();
    /** Keys pushed to since the last serve (ready_keys). */
    private final LinkedHashSet<BlockKey> readyKeys = new LinkedHashSet<>();
    /** The client whose command runs now; null for expiry and cron. */
    private Client current;
    /** Count of changes to the keyspace (server.dirty). */
    private long dirty;
    private long commandsProcessed;
    private volatile CommandLog commandLog;
    /** maxmemory in bytes; 0 = no limit (CONFIG SET maxmemory). */
    private volatile long maxmemory;
    private volatile Runnable shutdownAction;
    /** A script runs past lua-time-limit (isInsideYieldingLongCommand). */
    private volatile boolean busy;
    private volatile long luaTimeLimit = 5000;
    private final java.util.concurrent.ConcurrentLinkedQueue<BusyRequest> busyQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final dev.txnharness.engine.script.Scripting scripting = new dev.txnharness.engine.script.Scripting(this);
    private Client scriptClient;
    /** shared.slowevalerr. */
    public static final String BUSY_SCRIPT = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    private volatile java.util.function.Consumer<String> warningLog = System.err::println;
    private long lastSecurityWarning = Long.MIN_VALUE / 2;

    private record BlockKey(Db db, Key key) {}

    /** Receives every change to the keyspace as the commands that made it (the AOF's feed). */
    public interface CommandLog {
        /**
         * A top-level command (or a whole EXEC) changed the keyspace. {@code commands} are the
         * commands to replay, each with the database it ran in. {@code transaction} is true for
         * the writes of an EXEC that made more than one: they must be written as one MULTI ...
         * EXEC block (a single write is atomic by itself and, as in Redis 7.0, is not wrapped).
         * Called under the engine's lock.
         */
        void append(List<Logged> commands, boolean transaction);
    }

    /** A write as it must be replayed: the database and the arguments. */
    public record Logged(int db, byte[][] argv) {}

    private List<Logged> pendingLog = new ArrayList<>();
    /** Keys deleted by expiry so far, as last seen by {@link #signalModifiedKey}. */
    private long expiredSeen;
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private boolean inExec;

    private Engine(Builder b) {
        this.clock = b.clock;
        this.faults = b.faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(b.faults);
        this.keyspace = new Keyspace(b.databases, new Keyspace.Listener() {
            @Override
            public void keyModified(Db db, Key key) {
                signalModifiedKey(db, key);
            }

            @Override
            public void keyReady(Db db, Key key) {
                signalKeyAsReady(db, key);
            }
        });
        this.commands = CommandTable.standard();
        this.multi = new Multi(this);
        this.startMillis = clock.millis();
        long interval = b.cronMillis >= 0 ? b.cronMillis : (clock == Clock.SYSTEM ? 100 : 0);
        if (interval > 0) {
            cronExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "engine-cron");
                t.setDaemon(true);
                return t;
            });
            cronExecutor.scheduleAtFixedRate(this::cron, interval, interval, TimeUnit.MILLISECONDS);
        } else {
            cronExecutor = null;
        }
    }

    /** An engine with the wall clock, 16 databases and no faults. */
    public static Engine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to build an engine. */
    public static final class Builder {
        private Clock clock = Clock.SYSTEM;
        private int databases = 16;
        private Set<Fault> faults = EnumSet.noneOf(Fault.class);
        private long cronMillis = -1;

        /** The clock (default: the wall clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Number of databases (default 16). */
        public Builder databases(int n) {
            if (n < 1) throw new IllegalArgumentException("databases must be at least 1");
            this.databases = n;
            return this;
        }

        /** Test-only: deliberate bugs to build in (default none). */
        public Builder faults(Set<Fault> faults) {
            this.faults = EnumSet.noneOf(Fault.class);
            this.faults.addAll(faults);
            return this;
        }

        /**
         * How often a background thread runs {@link #cron} (active expiry, blocking timeouts); 0
         * for never. Default: every 100 ms with the wall clock, never with any other clock (tests
         * call cron themselves).
         */
        public Builder cronMillis(long millis) {
            this.cronMillis = millis;
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }

    /** Opens a new client connection (database 0, RESP2). */
    public Client connect() {
        Client c = new Client(this, nextClientId.getAndIncrement(), keyspace.db(0));
        clients.put(c.id(), c);
        return c;
    }

    /* ------------------------------------------------------------------ dispatch */

    /** Runs one command for the client; null when the client is now blocked. */
    Reply execute(Client c, byte[][] argv) {
        if (argv.length == 0) throw new IllegalArgumentException("empty command");
        if (!lock.tryLock()) {
            Reply answered = lockOrAskBusyScript(c, argv);
            if (answered != LOCK_TAKEN) return answered; // the busy script's thread ran it
        }
        try {
            if (c.isClosed()) throw new IllegalStateException("client " + c.id() + " is closed");
            if (c.blocked != null) throw new IllegalStateException("client " + c.id() + " is blocked");
            keyspace.setNow(clock.millis());
            current = c;
            commandsProcessed++;
            Reply r = processCommand(c, argv);
            // a lazy-expiry DEL plus the command are two writes: wrapped, as 7.0's propagatePendingCommands does
            flushLog(true);
            if (!readyKeys.isEmpty()) handleClientsBlockedOnKeys();
            return r;
        } finally {
            current = null;
            lock.unlock();
        }
    }

    /**
     * Takes the lock for a command, or, while a script runs past lua-time-limit and holds it, has
     * the script's thread answer the command between two of its instructions (Redis's
     * processEventsWhileBlocked): then answers that reply (null for a command that answers
     * nothing, as SHUTDOWN). {@link #LOCK_TAKEN} once the lock is held.
     */
    private Reply lockOrAskBusyScript(Client c, byte[][] argv) {
        return lockOrAskBusyScript(c, () -> c.isClosed() ? Errors.err("client closed") : processCommand(c, argv));
    }

    /** {@link #lockOrAskBusyScript(Client, byte[][])} for any action on the client's behalf. */
    private Reply lockOrAskBusyScript(Client c, java.util.function.Supplier<Reply> action) {
        while (true) {
            if (busy) {
                BusyRequest r = new BusyRequest(c, action, new java.util.concurrent.CompletableFuture<>());
                busyQueue.add(r);
                while (true) {
                    try {
                        return r.reply().get(5, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        if (!busy && busyQueue.remove(r)) break; // the script ended first: run it as usual
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while a script was busy", e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                }
            }
            try {
                if (lock.tryLock(5, TimeUnit.MILLISECONDS)) return LOCK_TAKEN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the engine", e);
            }
        }
    }

    /** What {@link #lockOrAskBusyScript} answers when the lock is taken (compared by identity). */
    private static final Reply LOCK_TAKEN = new Reply.Simple("lock taken");

    /** A command waiting for a busy script's thread to answer it. */
    private record BusyRequest(Client c, java.util.function.Supplier<Reply> action,
                               java.util.concurrent.CompletableFuture<Reply> reply) {}

    /**
     * Called by a running script every so many instructions, on its thread, under the lock: past
     * lua-time-limit the engine is busy, and the commands other clients sent meanwhile are answered
     * (-BUSY for all but the ALLOW_BUSY ones: SCRIPT KILL, MULTI, WATCH, ...).
     */
    public void scriptHeartbeat(long startedMillis) {
        if (!busy && clock.millis() - startedMillis >= luaTimeLimit) busy = true;
        if (busy) answerBusyQueue();
    }

    /** Called when a script ends, under the lock: no longer busy. */
    public void scriptEnded() {
        if (!busy) return;
        answerBusyQueue();
        busy = false;
    }

    private void answerBusyQueue() {
        BusyRequest r;
        while ((r = busyQueue.poll()) != null) {
            Client saved = current;
            current = r.c();
            try {
                r.reply().complete(r.action().get());
            } catch (RuntimeException e) {
                r.reply().completeExceptionally(e);
            } finally {
                current = saved;
            }
        }
    }

    /** Whether a script runs past lua-time-limit now. */
    public boolean isBusy() {
        return busy;
    }

    /** CONFIG SET lua-time-limit / busy-reply-threshold, in milliseconds. */
    public void setLuaTimeLimit(long millis) {
        this.luaTimeLimit = millis;
    }

    public long luaTimeLimit() {
        return luaTimeLimit;
    }

    /** The scripts' cache and Lua interpreter (EVAL, SCRIPT). */
    public dev.txnharness.engine.script.Scripting scripting() {
        return scripting;
    }

    /** The client a script's redis.call runs as (Redis's fake Lua client): not listed, never blocks. */
    public Client scriptClient() {
        if (scriptClient == null) {
            scriptClient = new Client(this, 0, keyspace.db(0));
            scriptClient.multiState().denyBlockingAlways();
        }
        return scriptClient;
    }

    /** server.c processCommand: the checks, then queue (inside MULTI) or call. */
    private Reply processCommand(Client c, byte[][] argv) {
        if (isCrossProtocolAttack(argv[0])) return securityWarning(c);
        Command cmd = commands.lookup(argv);
        if (cmd == null) {
            Command base = commands.lookupBase(argv[0]);
            if (base != null && !base.subcommands().isEmpty()) {
                return rejectCommand(c, null, String.format("ERR unknown subcommand '%s'. Try %s HELP.",
                        latin1(argv[1], 128), latin1(argv[0], Integer.MAX_VALUE).toUpperCase(java.util.Locale.ROOT)));
            }
            StringBuilder args = new StringBuilder();
            for (int i = 1; i < argv.length && args.length() < 128; i++) {
                int room = 128 - args.length(); // sdscatprintf "'%.*s' " with 128 - sdslen(args)
                args.append('\'').append(latin1(argv[i], room)).append("' ");
            }
            return rejectCommand(c, null, "ERR unknown command '" + latin1(argv[0], 128) + "', with args beginning with: " + args);
        }
        if (!cmd.arityOk(argv.length)) {
            if (has(Fault.WRONG_ARITY_QUEUED) && c.multiState().inMulti() && Multi.queuesInMulti(cmd)) {
                multi.queueMultiCommand(c, cmd, argv); // EXEC answers the arity error in its place
                return Reply.QUEUED;
            }
            return rejectCommand(c, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
        }
        if (c.multiState().inMulti() && cmd.is(Command.NO_MULTI)) {
            return rejectCommand(c, cmd, Errors.NOT_ALLOWED_IN_MULTI.message());
        }
        if (maxmemory > 0 && usedMemory() > maxmemory && rejectOnOom(c, cmd)) {
            return rejectCommand(c, cmd, Errors.OOM.message());
        }
        if (busy && !cmd.is(Command.ALLOW_BUSY)) {
            return rejectCommand(c, cmd, BUSY_SCRIPT);
        }
        if (c.multiState().inMulti() && Multi.queuesInMulti(cmd)) {
            if (has(Fault.SELECT_NOT_QUEUED) && cmd.name().equals("select")) {
                Reply r = call(c, cmd, argv); // runs now, and EXEC never sees it
                return r.isError() ? r : Reply.QUEUED;
            }
            multi.queueMultiCommand(c, cmd, argv);
            return Reply.QUEUED;
        }
        return call(c, cmd, argv);
    }

    /** What Redis logs, at most once a minute, when it drops a connection that speaks HTTP. */
    public static final String SECURITY_WARNING = "Possible SECURITY ATTACK detected. It looks like somebody is sending"
            + " POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol"
            + " Scripting to compromise your Redis instance. Connection aborted.";

    /** {@code POST} or {@code Host:} as a command name: an HTTP request sent to Redis's port. */
    private static boolean isCrossProtocolAttack(byte[] name) {
        return asciiEqualsIgnoreCase(name, "post") || asciiEqualsIgnoreCase(name, "host:");
    }

    private static boolean asciiEqualsIgnoreCase(byte[] b, String lower) {
        if (b.length != lower.length()) return false;
        for (int i = 0; i < b.length; i++) {
            int ch = b[i] & 0xff;
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            if (ch != lower.charAt(i)) return false;
        }
        return true;
    }

    /**
     * securityWarningCommand: the client is dropped without a reply (nothing after the request
     * runs), and the warning logged if none was in the last minute. The reply returned is never
     * sent: the RESP server closes the connection instead, and an in-process client is closed.
     */
    private Reply securityWarning(Client c) {
        long now = clock.millis();
        if (Math.abs(now - lastSecurityWarning) > 60_000) {
            lastSecurityWarning = now;
            warningLog.accept(SECURITY_WARNING);
        }
        c.drop();
        return new Reply.Err("ERR connection aborted: " + SECURITY_WARNING);
    }

    /** Where the engine's warnings go (standard error unless set). */
    public void setWarningLog(java.util.function.Consumer<String> log) {
        this.warningLog = log;
    }

    /**
     * Whether a command is refused while used memory exceeds maxmemory (processCommand): commands
     * that may grow memory, an EXEC whose queue holds one, and, inside MULTI, anything but EXEC,
     * DISCARD, QUIT and RESET, since queueing itself takes memory.
     */
    private static boolean rejectOnOom(Client c, Command cmd) {
        boolean exec = cmd.name().equals("exec");
        if (cmd.is(Command.DENYOOM) || (exec && c.multiState().queuesDenyOom())) return true;
        return c.multiState().inMulti() && switch (cmd.name()) {
            case "exec", "discard", "quit", "reset" -> false;
            default -> true;
        };
    }

    /**
     * Sets what SHUTDOWN does (the RESP server exits); without one, SHUTDOWN answers an error, as
     * Redis does when it cannot shut down.
     */
    public void onShutdown(Runnable action) {
        this.shutdownAction = action;
    }

    /**
     * SHUTDOWN: starts the registered action on its own thread (it must not run under the lock)
     * and answers whether there was one. The client gets no reply, as from Redis: its connection
     * closes when the server does.
     */
    public boolean shutdown() {
        Runnable action = shutdownAction;
        if (action == null) return false;
        // SHUTDOWN NOSAVE while a script is busy: it stops, and nothing it did is logged
        if (busy) scripting.stopForShutdown();
        Thread t = new Thread(action, "engine-shutdown");
        t.setDaemon(false);
        t.start();
        return true;
    }

    /** CONFIG SET maxmemory: 0 for no limit. */
    public void setMaxmemory(long bytes) {
        this.maxmemory = bytes;
    }

    public long maxmemory() {
        return maxmemory;
    }

    /**
     * An estimate of the memory the keyspace uses: a baseline like an idle redis-server's plus a
     * rough per-key cost. It only has to be honest about "more than maxmemory" for small limits;
     * the engine does not evict.
     */
    public long usedMemory() {
        long keys = 0;
        for (int i = 0; i < keyspace.size(); i++) keys += keyspace.db(i).size();
        return 1_000_000L + 100L * keys;
    }

    /** rejectCommand: flags the transaction; a rejected EXEC ends it with EXECABORT. */
    private Reply rejectCommand(Client c, Command cmd, String error) {
        error = error.replace('\r', ' ').replace('\n', ' ');
        multi.flagTransaction(c);
        if (cmd != null && cmd.name().equals("exec")) { // even outside MULTI, as 7.0 does
            return multi.execCommandAbort(c, error);
        }
        return new Reply.Err(error);
    }

    /** Runs a command's implementation (server.c call), logging what it changed. */
    public Reply call(Client c, Command cmd, byte[][] argv) {
        long before = dirty;
        int dbBefore = c.db().id();
        Reply r = cmd.proc().run(c, argv);
        // EXEC and scripts are not logged themselves: the commands they ran logged their own
        // writes (a script's effects, as Redis 7.0 propagates them, wrapped like a transaction's)
        if (dirty != before && commandLog != null && !loggedByItsCommands(cmd)) {
            pendingLog.add(new Logged(dbBefore, argv));
        }
        return r;
    }

    private static boolean loggedByItsCommands(Command cmd) {
        String n = cmd.name();
        return n.equals("exec") || n.equals("eval") || n.equals("evalsha");
    }

    /** Drops what the running command changed from the log (a script stopped by SHUTDOWN). */
    public void discardPendingLog() {
        pendingLog.clear();
    }

    /** Called by {@link Multi} when EXEC starts running a queue. */
    public void beginExec(Client c) {
        flushLog(false);
        inExec = true;
    }

    /** Called by {@link Multi} when EXEC has run its queue. */
    public void endExec(Client c) {
        inExec = false;
        flushLog(true);
    }

    private void flushLog(boolean transaction) {
        if (inExec || pendingLog.isEmpty()) return;
        CommandLog log = commandLog;
        List<Logged> batch = pendingLog;
        pendingLog = new ArrayList<>();
        if (log == null) return;
        // One write needs no MULTI/EXEC around it: a single command is atomic (propagatePendingCommands).
        boolean wrap = transaction && batch.size() > 1;
        if (wrap && has(Fault.AOF_SPLIT_TRANSACTION)) {
            int half = batch.size() / 2;
            log.append(List.copyOf(batch.subList(0, half)), true);
            log.append(List.copyOf(batch.subList(half, batch.size())), true);
            return;
        }
        log.append(batch, wrap);
    }

    /** Sets where changes are logged (the AOF), or null for nowhere. */
    public void setCommandLog(CommandLog log) {
        lock.lock();
        try {
            this.commandLog = log;
        } finally {
            lock.unlock();
        }
    }

    /** Test-only ({@link Fault#EXEC_NOT_ISOLATED}): lets other threads' commands in. */
    public void yieldLock() {
        lock.unlock();
        Thread.yield();
        lock.lock();
        keyspace.setNow(clock.millis());
    }

    /* ------------------------------------------------------------------ signals */

    /**
     * A key was modified (signalModifiedKey): WATCH. A deletion by expiry (Db.expireIfNeeded counts
     * it just before signalling) is logged as DEL, as Redis's propagateDeletion does, and is not a
     * change of the running command: a read that expires a key logs only the DEL.
     */
    private void signalModifiedKey(Db db, Key key) {
        long expired = keyspace.expiredKeys();
        if (expired != expiredSeen) {
            expiredSeen = expired;
            if (commandLog != null) pendingLog.add(new Logged(db.id(), new byte[][] {DEL, key.bytes()}));
        } else {
            dirty++;
        }
        multi.touchWatchedKey(db, key, current);
    }

    /** Counts a change that signals no key (FLUSHALL of an empty database, ...). */
    public void incrDirty() {
        dirty++;
    }

    private void signalKeyAsReady(Db db, Key key) {
        BlockKey bk = new BlockKey(db, key);
        if (blockingKeys.containsKey(bk)) readyKeys.add(bk);
    }

    /* ------------------------------------------------------------------ blocking */

    /**
     * Blocks the client on lists (BLPOP/BRPOP): it is served by the first push to any of the keys,
     * or answered with the null array at the deadline (0 = never).
     */
    public void blockForKeys(Client c, List<Key> keys, boolean popRight, long deadlineMillis) {
        block(c, new Client.Blocked(c.db(), keys, popRight, deadlineMillis, null));
    }

    /**
     * Blocks the client on keys until one of them is ready (signalKeyAsReady: a list or sorted
     * set created, a stream added to); then {@code argv} runs again as the client's command, and
     * blocks again, keeping its deadline, when it still finds nothing. BLMOVE, BZPOPMIN and the
     * stream reads block this way; {@code argv} must name what the command waits for absolutely
     * (XREAD's {@code $} resolved to an ID).
     */
    public void blockForKeysAndRetry(Client c, List<Key> keys, long deadlineMillis, byte[][] argv) {
        block(c, new Client.Blocked(c.db(), keys, false, deadlineMillis, argv));
    }

    private void block(Client c, Client.Blocked b) {
        c.blocked = b;
        for (Key k : b.keys()) blockingKeys.computeIfAbsent(new BlockKey(b.db(), k), x -> new ArrayDeque<>()).add(c);
    }

    private void unblock(Client c) {
        Client.Blocked b = c.blocked;
        if (b == null) return;
        for (Key k : b.keys()) {
            BlockKey bk = new BlockKey(b.db(), k);
            ArrayDeque<Client> q = blockingKeys.get(bk);
            if (q == null) continue;
            q.remove(c);
            if (q.isEmpty()) blockingKeys.remove(bk);
        }
        c.blocked = null;
    }

    /**
     * Serves clients blocked on lists that were pushed to (handleClientsBlockedOnKeys): runs after
     * the whole command or EXEC, never in the middle of one.
     */
    private void handleClientsBlockedOnKeys() {
        while (!readyKeys.isEmpty()) {
            Iterator<BlockKey> it = readyKeys.iterator();
            BlockKey bk = it.next();
            it.remove();
            ArrayDeque<Client> q = blockingKeys.get(bk);
            if (q == null) continue;
            for (Client c : new ArrayList<>(q)) { // FIFO; a client served or re-blocked leaves q
                Client.Blocked b = c.blocked;
                if (b == null || !q.contains(c)) continue;
                if (b.retry() != null) {
                    retryBlocked(c, b);
                    continue;
                }
                if (!(bk.db().lookupWrite(bk.key()) instanceof ListValue list) || list.size() == 0) continue;
                byte[] v = b.popRight() ? list.items().remove(list.size() - 1) : list.items().remove(0);
                if (list.size() == 0) bk.db().delete(bk.key());
                Client saved = current;
                current = c;
                keyspace.signalModifiedKey(bk.db(), bk.key());
                if (commandLog != null) {
                    pendingLog.add(new Logged(bk.db().id(), new byte[][] {
                        (b.popRight() ? "RPOP" : "LPOP").getBytes(StandardCharsets.US_ASCII), bk.key().bytes()}));
                }
                current = saved;
                unblock(c);
                c.deliver(Reply.Array.of(new Reply.Bulk(bk.key().bytes()), new Reply.Bulk(v)));
            }
            flushLog(false);
        }
    }

    /** Runs a blocked command again for its client: its reply is delivered, or it blocks again. */
    private void retryBlocked(Client c, Client.Blocked b) {
        unblock(c);
        Client saved = current;
        current = c;
        Reply r;
        try {
            r = call(c, commands.lookup(b.retry()), b.retry());
        } finally {
            current = saved;
        }
        if (r == null) {
            // still nothing to serve: waits on, behind those who queued after it, until its first deadline
            Client.Blocked again = c.blocked;
            c.blocked = new Client.Blocked(again.db(), again.keys(), false, b.deadlineMillis(), again.retry());
        } else {
            c.deliver(r);
        }
    }

    /**
     * Makes lists that exist now in these databases ready for their blocked clients (after
     * SWAPDB brings other data under the same database number).
     */
    public void scanDatabaseForReadyLists(Db db) {
        for (BlockKey bk : blockingKeys.keySet()) {
            RedisValue v = bk.db() == db ? db.lookupRead(bk.key()) : null;
            if (v instanceof ListValue || v instanceof ZSetValue || v instanceof StreamValue) readyKeys.add(bk);
        }
    }

    /**
     * The periodic work Redis's serverCron does that clients can see: active expiry and blocking
     * timeouts. Runs on a background thread with the wall clock; tests with a {@link ManualClock}
     * call it after advancing the clock.
     */
    public void cron() {
        lock.lock();
        try {
            keyspace.setNow(clock.millis());
            keyspace.activeExpire();
            flushLog(false);
            long now = keyspace.now();
            List<Client> timedOut = new ArrayList<>();
            for (ArrayDeque<Client> q : blockingKeys.values()) {
                for (Client c : q) {
                    Client.Blocked b = c.blocked;
                    if (b != null && b.deadlineMillis() > 0 && now >= b.deadlineMillis() && !timedOut.contains(c)) timedOut.add(c);
                }
            }
            for (Client c : timedOut) {
                unblock(c);
                c.deliver(Reply.NullArray.INSTANCE);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Disconnects a client: nothing queued runs; its watches and blocks are released. */
    void disconnect(Client c) {
        // never waits behind a busy script: its thread does it (a connection may close meanwhile)
        if (!lock.tryLock() && lockOrAskBusyScript(c, () -> {
            release(c);
            return Reply.OK;
        }) != LOCK_TAKEN) {
            return;
        }
        try {
            release(c);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: nothing queued runs; watches and blocks are released. */
    private void release(Client c) {
        if (c.isClosed()) return;
        c.markClosed();
        if (c.multiState().inMulti()) multi.discardTransaction(c);
        multi.unwatchAllKeys(c);
        unblock(c);
        clients.remove(c.id());
    }

    /* ------------------------------------------------------------------ accessors */

    public Clock clock() {
        return clock;
    }

    public boolean has(Fault f) {
        return faults.contains(f);
    }

    public Set<Fault> faults() {
        return EnumSet.copyOf(faults.isEmpty() ? EnumSet.noneOf(Fault.class) : faults);
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return commands;
    }

    public Multi multi() {
        return multi;
    }

    /** The clients connected now. */
    public Collection<Client> clients() {
        return clients.values();
    }

    /** Changes made to the keyspace so far (server.dirty). */
    public long dirty() {
        return dirty;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    public long startMillis() {
        return startMillis;
    }

    /**
     * Runs {@code action} under the engine's lock, as one isolated step (for loading an AOF and
     * for tests that inspect state).
     */
    public <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            keyspace.setNow(clock.millis());
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the background cron thread and disconnects every client. */
    @Override
    public void close() {
        if (cronExecutor != null) cronExecutor.shutdownNow();
        for (Client c : List.copyOf(clients.values())) c.close();
    }

    /** Bytes as Latin-1 text (one char per byte, so error texts give back the bytes sent), cut to max. */
    static String latin1(byte[] b, int max) {
        int n = Math.min(b.length, Math.max(0, max));
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
