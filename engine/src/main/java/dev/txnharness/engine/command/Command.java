package dev.txnharness.engine.command;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.protocol.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the command table (Redis's redisCommand): name, arity (negative = at least that
 * many, counting the name), flags, key positions, the implementation, and subcommands for
 * container commands such as CLIENT.
 */
public final class Command {

    /** Flag: the command may modify the keyspace. */
    public static final int WRITE = 1;
    /** Flag: the command only reads. */
    public static final int READONLY = 1 << 1;
    /** Flag: refused inside MULTI with "Command not allowed inside a transaction". */
    public static final int NO_MULTI = 1 << 2;
    /** Flag: the command may block (BLPOP ...); it never does inside EXEC. */
    public static final int BLOCKING = 1 << 3;
    /** Flag: O(1) or O(log n). */
    public static final int FAST = 1 << 4;
    /** Flag: an administrative command; not used for dispatch. */
    public static final int ADMIN = 1 << 5;
    /** Flag: may use more memory, so refused when used memory exceeds maxmemory (denyoom). */
    public static final int DENYOOM = 1 << 6;
    /** Flag: refused from a script's redis.call ("This Redis command is not allowed from script"). */
    public static final int NO_SCRIPT = 1 << 7;
    /** Flag: runs even while a script is busy past lua-time-limit (others get -BUSY). */
    public static final int ALLOW_BUSY = 1 << 8;

    /** The implementation. Returns the reply, or null when the client was blocked. */
    @FunctionalInterface
    public interface Proc {
        Reply run(Client c, byte[][] argv);
    }

    private final String name;
    private final int arity;
    private final int flags;
    private final int firstKey, lastKey, keyStep;
    private final Proc proc;
    private final List<String> categories;
    private final Map<String, Command> subcommands = new LinkedHashMap<>();
    private Command parent;

    public Command(String name, int arity, int flags, int firstKey, int lastKey, int keyStep,
                   List<String> categories, Proc proc) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.categories = categories;
        this.proc = proc;
    }

    /** Adds a subcommand (CLIENT SETNAME ...). */
    public Command sub(Command sub) {
        sub.parent = this;
        subcommands.put(sub.name, sub);
        return this;
    }

    public String name() {
        return name;
    }

    /** "client|setname" for a subcommand, as Redis 7.0 names it in errors. */
    public String fullName() {
        return parent == null ? name : parent.name + "|" + name;
    }

    public int arity() {
        return arity;
    }

    public int flags() {
        return flags;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> categories() {
        return categories;
    }

    public Proc proc() {
        return proc;
    }

    public Map<String, Command> subcommands() {
        return subcommands;
    }

    public Command parent() {
        return parent;
    }

    /** Whether {@code argc} arguments (counting the name) fit the arity. */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
