package dev.txnharness.engine.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command table: lookup by case-insensitive name, subcommands of container commands. */
public final class CommandTable {
    private final Map<String, Command> byName = new HashMap<>();

    /** The table with every command the engine implements. */
    public static CommandTable standard() {
        CommandTable t = new CommandTable();
        StringCommands.register(t);
        KeyCommands.register(t);
        ListCommands.register(t);
        HashCommands.register(t);
        SetCommands.register(t);
        ZSetCommands.register(t);
        SortCommands.register(t);
        StreamCommands.register(t);
        ScriptCommands.register(t);
        ServerCommands.register(t);
        TransactionCommands.register(t);
        return t;
    }

    public void add(Command c) {
        if (byName.putIfAbsent(c.name(), c) != null) throw new IllegalStateException("duplicate command " + c.name());
    }

    /** Shorthand for {@link #add} with categories. */
    public Command add(String name, int arity, int flags, int first, int last, int step, List<String> categories, Command.Proc proc) {
        Command c = new Command(name, arity, flags, first, last, step, categories, proc);
        add(c);
        return c;
    }

    /** The top-level command named by argv[0], or null. */
    public Command lookupBase(byte[] name) {
        return byName.get(lower(name));
    }

    /**
     * lookupCommand: the subcommand for a container command when argv has one, the base command
     * otherwise; null when unknown (including an unknown subcommand).
     */
    public Command lookup(byte[][] argv) {
        Command base = lookupBase(argv[0]);
        if (base == null || argv.length == 1 || base.subcommands().isEmpty()) return base;
        return base.subcommands().get(lower(argv[1]));
    }

    public Collection<Command> all() {
        return byName.values();
    }

    public int count() {
        return byName.size();
    }

    private static String lower(byte[] b) {
        // command names are ASCII; a fast path avoids a charset decoder on the hot path
        char[] cs = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int ch = b[i] & 0xff;
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            cs[i] = (char) ch;
        }
        return new String(cs);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
