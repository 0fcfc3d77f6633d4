package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.NO_MULTI;

import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH: thin entries that hand over to {@link
 * dev.txnharness.engine.txn.Multi}, where the rules live.
 */
final class TransactionCommands {
    private TransactionCommands() {}

    static void register(CommandTable t) {
        List<String> txn = List.of("@fast", "@transaction");
        t.add("multi", 1, FAST | Command.NO_SCRIPT | Command.ALLOW_BUSY, 0, 0, 0, txn, (c, a) -> c.engine().multi().multiCommand(c));
        t.add("exec", 1, Command.NO_SCRIPT, 0, 0, 0, List.of("@slow", "@transaction"), (c, a) -> c.engine().multi().execCommand(c));
        t.add("discard", 1, FAST | Command.NO_SCRIPT | Command.ALLOW_BUSY, 0, 0, 0, txn, (c, a) -> c.engine().multi().discardCommand(c));
        t.add("watch", -2, FAST | Command.NO_SCRIPT | Command.ALLOW_BUSY, 1, -1, 1, txn, (c, a) -> c.engine().multi().watchCommand(c, a));
        t.add("unwatch", 1, FAST | Command.NO_SCRIPT | Command.ALLOW_BUSY, 0, 0, 0, txn, (c, a) -> c.engine().multi().unwatchCommand(c));
        // Replication entry points, refused inside MULTI (the only no-multi commands of 7.0).
        t.add("sync", 1, NO_MULTI | Command.ADMIN, 0, 0, 0, List.of("@admin", "@slow", "@dangerous"),
                (c, a) -> new dev.txnharness.engine.protocol.Reply.Err("ERR replication is not supported by the reference engine"));
        t.add("psync", -3, NO_MULTI | Command.ADMIN, 0, 0, 0, List.of("@admin", "@slow", "@dangerous"),
                (c, a) -> new dev.txnharness.engine.protocol.Reply.Err("ERR replication is not supported by the reference engine"));
    }
}
