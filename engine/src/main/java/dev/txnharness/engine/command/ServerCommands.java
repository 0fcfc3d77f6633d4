package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.ADMIN;
import static dev.txnharness.engine.command.Command.ALLOW_BUSY;
import static dev.txnharness.engine.command.Command.BLOCKING;
import static dev.txnharness.engine.command.Command.FAST;
import static dev.txnharness.engine.command.Command.NO_MULTI;
import static dev.txnharness.engine.command.Command.NO_SCRIPT;
import static dev.txnharness.engine.command.Command.READONLY;
import static dev.txnharness.engine.command.Command.WRITE;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.keyspace.Db;
import dev.txnharness.engine.keyspace.Keyspace;
import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.txn.Multi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Server and connection commands (server.c, networking.c, db.c's FLUSH and SWAPDB). */
final class ServerCommands {
    private ServerCommands() {}

    private static final List<String> CONN = List.of("@fast", "@connection");
    private static final List<String> KS_DANGER = List.of("@keyspace", "@write", "@slow", "@dangerous");

    static void register(CommandTable t) {
        t.add("ping", -1, FAST, 0, 0, 0, CONN, (c, a) -> {
            if (a.length > 2) return Errors.err("wrong number of arguments for 'ping' command");
            return a.length == 1 ? Reply.PONG : bulk(a[1]);
        });
        t.add("echo", 2, FAST, 0, 0, 0, CONN, (c, a) -> bulk(a[1]));
        t.add("select", 2, FAST, 0, 0, 0, CONN, guard((c, a) -> {
            int id = intArg(a[1]);
            Keyspace ks = c.db().keyspace();
            if (id < 0 || id >= ks.size()) return Errors.DB_OUT_OF_RANGE;
            c.selectDb(ks.db(id));
            return Reply.OK;
        }));
        t.add("flushdb", -1, WRITE, 0, 0, 0, KS_DANGER, guard((c, a) -> {
            flushMode(a);
            flush(c, c.db());
            return Reply.OK;
        }));
        t.add("flushall", -1, WRITE, 0, 0, 0, KS_DANGER, guard((c, a) -> {
            flushMode(a);
            Keyspace ks = c.db().keyspace();
            for (int i = 0; i < ks.size(); i++) flush(c, ks.db(i));
            c.engine().incrDirty();
            return Reply.OK;
        }));
        t.add("swapdb", 3, WRITE | FAST, 0, 0, 0, KS_DANGER, guard(ServerCommands::swapdb));
        t.add("quit", -1, FAST | ALLOW_BUSY, 0, 0, 0, CONN, (c, a) -> {
            c.requestClose();
            return Reply.OK;
        });
        t.add("reset", 1, FAST | NO_SCRIPT | ALLOW_BUSY, 0, 0, 0, CONN, (c, a) -> {
            Multi m = c.engine().multi();
            m.discardTransaction(c); // leaves MULTI and unwatches everything
            c.selectDb(c.db().keyspace().db(0));
            c.setProtocol(2);
            c.setName(null);
            return new Reply.Simple("RESET");
        });
        t.add("hello", -1, FAST | NO_SCRIPT | ALLOW_BUSY, 0, 0, 0, CONN, guard(ServerCommands::hello));
        t.add("auth", -2, FAST | NO_SCRIPT | ALLOW_BUSY, 0, 0, 0, CONN, (c, a) -> {
            if (a.length > 3) return Errors.SYNTAX;
            if (a.length == 2) {
                return Errors.err("AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            }
            return Reply.OK; // the default user has no password: any password opens it
        });
        t.add("time", 1, READONLY | FAST, 0, 0, 0, List.of("@fast"), (c, a) -> {
            long ms = c.engine().clock().millis();
            return Reply.Array.of(text(Long.toString(ms / 1000)),
                    text(Long.toString((ms % 1000) * 1000)));
        });
        t.add("save", 1, NO_MULTI | ADMIN, 0, 0, 0, List.of("@admin", "@slow", "@dangerous"),
                (c, a) -> Reply.OK); // nothing to snapshot: the engine keeps no RDB file
        t.add("info", -1, 0, 0, 0, 0, List.of("@slow", "@dangerous"), (c, a) ->
                new Reply.Verbatim("txt", info(c, a).getBytes(StandardCharsets.UTF_8)));
        t.add(client());
        t.add(command(t));
        t.add(config());
        t.add(function());
        t.add("shutdown", -1, NO_MULTI | ADMIN | NO_SCRIPT | ALLOW_BUSY, 0, 0, 0, List.of("@admin", "@slow", "@dangerous"), guard((c, a) -> {
            for (int j = 1; j < a.length; j++) {
                if (!is(a[j], "nosave") && !is(a[j], "save") && !is(a[j], "now") && !is(a[j], "force")
                        && !is(a[j], "abort")) {
                    return Errors.SYNTAX;
                }
            }
            // The engine keeps nothing to save; the server that runs it decides what stopping means.
            return c.engine().shutdown() ? null : Errors.err("Errors trying to SHUTDOWN. Check logs.");
        }));
    }

    /**
     * FUNCTION for an engine that has no functions (functions.c with an empty library set): FLUSH
     * empties nothing, LIST lists nothing, KILL finds nothing running.
     */
    private static Command function() {
        List<String> write = List.of("@write", "@slow", "@scripting");
        Command function = new Command("function", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        function.sub(new Command("flush", -2, WRITE | NO_SCRIPT, 0, 0, 0, write, guard((c, a) -> {
            if (a.length > 3 || (a.length == 3 && !is(a[2], "sync") && !is(a[2], "async"))) {
                return Errors.err("FUNCTION FLUSH only supports SYNC|ASYNC option");
            }
            return Reply.OK;
        })));
        function.sub(new Command("list", -2, NO_SCRIPT, 0, 0, 0, List.of("@slow", "@scripting"), guard((c, a) -> {
            for (int j = 2; j < a.length; j++) {
                if (is(a[j], "withcode")) continue;
                if (is(a[j], "libraryname")) {
                    if (++j >= a.length) return Errors.err("library name argument was not given");
                    continue;
                }
                return Errors.err("Unknown argument " + str(a[j]));
            }
            return Reply.Array.EMPTY;
        })));
        function.sub(new Command("kill", 2, NO_SCRIPT, 0, 0, 0, List.of("@slow", "@scripting"), (c, a) ->
                new Reply.Err("NOTBUSY No scripts in execution right now.")));
        function.sub(new Command("help", 2, 0, 0, 0, 0, List.of("@slow", "@scripting"), (c, a) -> KeyCommands.help("FUNCTION",
                "FLUSH [ASYNC|SYNC]", "    Delete all the libraries.",
                "KILL", "    Kill a function that is currently running.",
                "LIST [WITHCODE] [LIBRARYNAME PATTERN]", "    Return general information on all the libraries.")));
        return function;
    }

    private static void flushMode(byte[][] a) {
        if (a.length > 2 || (a.length == 2 && !is(a[1], "sync") && !is(a[1], "async"))) throw fail(Errors.SYNTAX);
    }

    /** Empties a database, touching the watched keys that existed in it (signalFlushedDb first). */
    private static void flush(Client c, Db db) {
        c.engine().multi().touchAllWatchedKeysInDb(db, null);
        if (db.clear() > 0) c.engine().incrDirty();
    }

    private static Reply swapdb(Client c, byte[][] a) {
        int id1 = (int) longArg(a[1], "ERR invalid first DB index");
        int id2 = (int) longArg(a[2], "ERR invalid second DB index");
        Keyspace ks = c.db().keyspace();
        if (id1 < 0 || id1 >= ks.size() || id2 < 0 || id2 >= ks.size()) return Errors.DB_OUT_OF_RANGE;
        if (id1 != id2) {
            Db d1 = ks.db(id1), d2 = ks.db(id2);
            Multi m = c.engine().multi();
            m.touchAllWatchedKeysInDb(d1, d2);
            m.touchAllWatchedKeysInDb(d2, d1);
            Db.swapData(d1, d2);
            c.engine().scanDatabaseForReadyLists(d1);
            c.engine().scanDatabaseForReadyLists(d2);
        }
        c.engine().incrDirty();
        return Reply.OK;
    }

    private static Reply hello(Client c, byte[][] a) {
        int ver = 0;
        int next = 1;
        if (a.length >= 2) {
            long v = longArg(a[next++], "ERR Protocol version is not an integer or out of range");
            if (v < 2 || v > 3) return new Reply.Err("NOPROTO unsupported protocol version");
            ver = (int) v;
        }
        String name = null;
        boolean setName = false;
        for (int j = next; j < a.length; j++) {
            int more = a.length - 1 - j;
            if (is(a[j], "auth") && more >= 2) {
                j += 2; // the default user has no password
            } else if (is(a[j], "setname") && more >= 1) {
                name = validName(a[++j]);
                setName = true;
            } else {
                return Errors.err("Syntax error in HELLO option '" + str(a[j]) + "'");
            }
        }
        if (setName) c.setName(name);
        if (ver != 0) c.setProtocol(ver);
        List<Reply> m = new ArrayList<>();
        m.add(text("server")); m.add(text("redis"));
        m.add(text("version")); m.add(text(Engine.REDIS_VERSION));
        m.add(text("proto")); m.add(integer(c.protocol()));
        m.add(text("id")); m.add(integer(c.id()));
        m.add(text("mode")); m.add(text("standalone"));
        m.add(text("role")); m.add(text("master"));
        m.add(text("modules")); m.add(Reply.Array.EMPTY);
        return new Reply.MapReply(m);
    }

    private static Reply.Bulk text(String s) {
        return new Reply.Bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** clientSetNameOrReply's check: an empty name clears it; no spaces or specials. */
    private static String validName(byte[] n) {
        for (byte b : n) {
            if (b < '!' || b > '~') throw fail("Client names cannot contain spaces, newlines or special characters.");
        }
        return n.length == 0 ? null : str(n);
    }

    private static Command client() {
        Command client = new Command("client", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        client.sub(new Command("id", 2, FAST, 0, 0, 0, CONN, (c, a) -> integer(c.id())));
        client.sub(new Command("setname", 3, FAST, 0, 0, 0, CONN, guard((c, a) -> {
            c.setName(validName(a[2]));
            return Reply.OK;
        })));
        client.sub(new Command("getname", 2, FAST, 0, 0, 0, CONN, (c, a) ->
                c.name() == null ? Reply.NullBulk.INSTANCE : text(c.name())));
        client.sub(new Command("list", -2, ADMIN, 0, 0, 0, List.of("@admin", "@slow", "@dangerous", "@connection"), (c, a) -> {
            StringBuilder sb = new StringBuilder();
            for (Client o : c.engine().clients()) sb.append(describe(o, o == c ? "client|list" : "NULL"));
            return new Reply.Verbatim("txt", sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }));
        client.sub(new Command("info", 2, 0, 0, 0, 0, List.of("@slow", "@connection"), (c, a) ->
                new Reply.Verbatim("txt", describe(c, "client|info").getBytes(StandardCharsets.ISO_8859_1))));
        client.sub(new Command("help", 2, 0, 0, 0, 0, List.of("@slow", "@connection"), (c, a) -> KeyCommands.help("CLIENT",
                "GETNAME", "    Return the name of the current connection.",
                "ID", "    Return the ID of the current connection.",
                "INFO", "    Return information about the current client connection.",
                "LIST", "    Return information about client connections.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.")));
        return client;
    }

    /** One line of CLIENT LIST, with the fields a client of the reference engine has. */
    private static String describe(Client c, String cmd) {
        var m = c.multiState();
        return "id=" + c.id() + " addr=" + c.address() + " name=" + (c.name() == null ? "" : c.name())
                + " db=" + c.db().id() + " flags=" + (m.inMulti() ? "x" : "N")
                + " multi=" + (m.inMulti() ? m.queued() : -1) + " watch=" + m.watching()
                + " cmd=" + cmd + " user=default resp=" + c.protocol() + "\n";
    }

    private static Command command(CommandTable t) {
        List<String> cat = List.of("@slow", "@connection");
        Command command = new Command("command", -1, 0, 0, 0, 0, cat, (c, a) -> {
            List<Reply> out = new ArrayList<>();
            for (Command cmd : t.all()) out.add(info(cmd));
            return new Reply.Array(out);
        });
        command.sub(new Command("count", 2, 0, 0, 0, 0, cat, (c, a) -> integer(t.count())));
        command.sub(new Command("list", -2, 0, 0, 0, 0, cat, (c, a) -> {
            List<Reply> out = new ArrayList<>();
            for (Command cmd : t.all()) out.add(text(cmd.name()));
            return new Reply.Array(out);
        }));
        command.sub(new Command("info", -2, 0, 0, 0, 0, cat, (c, a) -> {
            List<Reply> out = new ArrayList<>();
            if (a.length == 2) {
                for (Command cmd : t.all()) out.add(info(cmd));
            }
            for (int j = 2; j < a.length; j++) {
                Command cmd = t.lookupBase(a[j]);
                out.add(cmd == null ? Reply.NullArray.INSTANCE : info(cmd));
            }
            return new Reply.Array(out);
        }));
        command.sub(new Command("docs", -2, 0, 0, 0, 0, cat, (c, a) -> new Reply.MapReply(List.of())));
        command.sub(new Command("help", 2, 0, 0, 0, 0, cat, (c, a) -> KeyCommands.help("COMMAND",
                "(no subcommand)", "    Return details about all Redis commands.",
                "COUNT", "    Return the total number of commands in this Redis server.",
                "LIST", "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]", "    Return details about multiple Redis commands.")));
        return command;
    }

    /** One COMMAND INFO entry: name, arity, flags, key positions, ACL categories, tips, key specs, subcommands. */
    private static Reply info(Command cmd) {
        List<Reply> flags = new ArrayList<>();
        if (cmd.is(WRITE)) flags.add(new Reply.Simple("write"));
        if (cmd.is(READONLY)) flags.add(new Reply.Simple("readonly"));
        if (cmd.is(ADMIN)) flags.add(new Reply.Simple("admin"));
        if (cmd.is(NO_MULTI)) flags.add(new Reply.Simple("no_multi"));
        if (cmd.is(BLOCKING)) flags.add(new Reply.Simple("blocking"));
        if (cmd.is(FAST)) flags.add(new Reply.Simple("fast"));
        List<Reply> cats = new ArrayList<>();
        for (String s : cmd.categories()) cats.add(new Reply.Simple(s));
        List<Reply> subs = new ArrayList<>();
        for (Command s : cmd.subcommands().values()) subs.add(info(s));
        return Reply.Array.of(text(cmd.fullName()), integer(cmd.arity()), new Reply.SetReply(flags),
                integer(cmd.firstKey()), integer(cmd.lastKey()), integer(cmd.keyStep()), new Reply.SetReply(cats),
                Reply.Array.EMPTY, Reply.Array.EMPTY, new Reply.Array(subs));
    }

    private static Command config() {
        List<String> cat = List.of("@admin", "@slow", "@dangerous");
        Command config = new Command("config", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        config.sub(new Command("get", -3, ADMIN, 0, 0, 0, cat, (c, a) -> {
            Map<String, String> known = new LinkedHashMap<>();
            known.put("save", "");
            known.put("appendonly", "no");
            known.put("databases", Integer.toString(c.db().keyspace().size()));
            known.put("maxmemory", Long.toString(c.engine().maxmemory()));
            known.put("proto-max-bulk-len", "536870912");
            known.put("lua-time-limit", Long.toString(c.engine().luaTimeLimit()));
            known.put("busy-reply-threshold", Long.toString(c.engine().luaTimeLimit()));
            List<Reply> out = new ArrayList<>();
            for (int j = 2; j < a.length; j++) {
                for (var e : known.entrySet()) {
                    if (Glob.matches(str(a[j]).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1),
                            e.getKey().getBytes(StandardCharsets.US_ASCII))) {
                        out.add(text(e.getKey()));
                        out.add(text(e.getValue()));
                    }
                }
            }
            return new Reply.MapReply(out);
        }));
        config.sub(new Command("set", -4, ADMIN, 0, 0, 0, cat, (c, a) -> {
            if (a.length % 2 != 0) return Errors.err("wrong number of arguments for 'config|set' command");
            long maxmemory = -1, luaTimeLimit = -1;
            // all or nothing, as Redis 7.0 applies a multi-parameter CONFIG SET
            for (int j = 2; j < a.length; j += 2) {
                if (is(a[j], "maxmemory")) {
                    maxmemory = memoryArg(a[j + 1]);
                    if (maxmemory < 0) return configSetFailed("maxmemory");
                } else if (is(a[j], "lua-time-limit") || is(a[j], "busy-reply-threshold")) {
                    Long v = dev.txnharness.engine.keyspace.Numbers.parseLong(a[j + 1]);
                    if (v == null || v < 0) return configSetFailed(str(a[j]).toLowerCase(Locale.ROOT));
                    luaTimeLimit = v;
                } else {
                    return Errors.err("Unknown option or number of arguments for CONFIG SET - '" + str(a[j]) + "'");
                }
            }
            if (maxmemory >= 0) c.engine().setMaxmemory(maxmemory);
            if (luaTimeLimit >= 0) c.engine().setLuaTimeLimit(luaTimeLimit);
            return Reply.OK;
        }));
        config.sub(new Command("resetstat", 2, ADMIN, 0, 0, 0, cat, (c, a) -> Reply.OK));
        return config;
    }

    private static Reply.Err configSetFailed(String name) {
        return Errors.err("CONFIG SET failed (possibly related to argument '" + name + "') - argument couldn't be parsed into an integer");
    }

    /** A memory size as redis.conf writes it (1000, 1k, 1kb, 1m, 1mb, 1g, 1gb); -1 when invalid. */
    private static long memoryArg(byte[] arg) {
        String s = str(arg).toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            long v = Long.parseLong(s);
            return v < 0 ? -1 : Math.multiplyExact(v, mul);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    private static String info(Client c, byte[][] a) {
        Engine e = c.engine();
        String section = a.length > 1 ? str(a[1]).toLowerCase(Locale.ROOT) : "default";
        boolean all = section.equals("default") || section.equals("all") || section.equals("everything");
        StringBuilder sb = new StringBuilder();
        if (all || section.equals("server")) {
            long uptime = (e.clock().millis() - e.startMillis()) / 1000;
            sb.append("# Server\r\n")
              .append("redis_version:").append(Engine.REDIS_VERSION).append("\r\n")
              .append("redis_mode:standalone\r\n")
              .append("executable:redis-txn-harness reference engine\r\n")
              .append("arch_bits:64\r\n")
              .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
              .append("uptime_in_seconds:").append(uptime).append("\r\n")
              .append("uptime_in_days:").append(uptime / 86400).append("\r\n");
        }
        if (all || section.equals("clients")) {
            if (sb.length() > 0) sb.append("\r\n");
            sb.append("# Clients\r\nconnected_clients:").append(e.clients().size()).append("\r\n");
        }
        if (all || section.equals("stats")) {
            if (sb.length() > 0) sb.append("\r\n");
            sb.append("# Stats\r\ntotal_commands_processed:").append(e.commandsProcessed()).append("\r\n")
              .append("expired_keys:").append(e.keyspace().expiredKeys()).append("\r\n");
        }
        if (all || section.equals("keyspace")) {
            if (sb.length() > 0) sb.append("\r\n");
            sb.append("# Keyspace\r\n");
            Keyspace ks = e.keyspace();
            for (int i = 0; i < ks.size(); i++) {
                Db db = ks.db(i);
                if (db.size() == 0) continue;
                sb.append("db").append(i).append(":keys=").append(db.size())
                  .append(",expires=").append(db.expires().size()).append(",avg_ttl=0\r\n");
            }
        }
        return sb.toString();
    }
}
