package dev.txnharness.engine.script;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.command.Command;
import dev.txnharness.engine.keyspace.Numbers;
import dev.txnharness.engine.protocol.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * EVAL's scripts (Redis's script_lua.c and eval.c): one Lua interpreter per engine (luaj, Lua
 * 5.2's dialect where Redis runs 5.1), the scripts' cache by SHA1, {@code redis.call} /
 * {@code redis.pcall} with Redis 7.0's conversions between replies and Lua values, and the errors
 * as Redis words them ({@code ... script: <sha>, on @user_script:<line>.}).
 *
 * <p>A script runs on its caller's thread under the engine's lock, so it is one isolated step like
 * any command. Every {@value #CHECK_EVERY} instructions it calls {@link Engine#scriptHeartbeat}:
 * past lua-time-limit the engine is busy and answers other clients from this thread (-BUSY to most;
 * SCRIPT KILL stops a script that has not written, raising an error no {@code pcall} catches).
 *
 * <p>Not implemented: the global-variable protection, {@code redis.setresp}, {@code redis.log}
 * output, EVAL_RO. Used under the engine's lock only.
 */
public final class Scripting {
    private static final int CHECK_EVERY = 10_000;
    private static final Pattern LINE = Pattern.compile("user_script:(\\d+):");

    private final Engine engine;
    private Globals globals;
    private final Map<String, LuaValue> scripts = new HashMap<>();
    private volatile Run running;

    /** The script running now. */
    private static final class Run {
        final String sha;
        final long startedMillis;
        Client caller;
        volatile boolean killed;
        /** Stopped by SHUTDOWN: its effects are not logged. */
        volatile boolean forShutdown;
        boolean wrote;
        /** The line running now (the last instruction's). */
        String line = "?";
        int instructions;

        Run(String sha, long startedMillis) {
            this.sha = sha;
            this.startedMillis = startedMillis;
        }
    }

    /** Thrown out of the interpreter by SCRIPT KILL: an Error, so that no pcall catches it. */
    private static final class Killed extends Error {
        Killed() {
            super("killed", null, false, false);
        }
    }

    public Scripting(Engine engine) {
        this.engine = engine;
    }

    /** The SHA1 of a script body, lower-case hex, as SCRIPT LOAD answers it. */
    public static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SCRIPT LOAD: compiles and caches; the SHA1, or the compile error. */
    public Reply load(byte[] body) {
        String sha = sha1(body);
        if (scripts.containsKey(sha)) return new Reply.Bulk(sha.getBytes(StandardCharsets.US_ASCII));
        try {
            LuaValue fn = globals().load(new ByteArrayInputStream(body), "@user_script", "t", globals());
            scripts.put(sha, fn);
        } catch (LuaError e) {
            return new Reply.Err("ERR Error compiling script (new function): " + e.getMessage());
        }
        return new Reply.Bulk(sha.getBytes(StandardCharsets.US_ASCII));
    }

    /** EVAL: loads (if new) and runs. */
    public Reply eval(Client caller, byte[] body, byte[][] keys, byte[][] args) {
        Reply loaded = load(body);
        if (loaded instanceof Reply.Err) return loaded;
        return run(caller, sha1(body), keys, args);
    }

    /** EVALSHA: runs a cached script. */
    public Reply evalsha(Client caller, String sha, byte[][] keys, byte[][] args) {
        sha = sha.toLowerCase(java.util.Locale.ROOT);
        if (!scripts.containsKey(sha)) return new Reply.Err("NOSCRIPT No matching script. Please use EVAL.");
        return run(caller, sha, keys, args);
    }

    public boolean exists(String sha) {
        return scripts.containsKey(sha.toLowerCase(java.util.Locale.ROOT));
    }

    /** SCRIPT FLUSH. */
    public void flush() {
        scripts.clear();
        globals = null; // a fresh interpreter, as Redis resets its Lua state
    }

    /** SCRIPT KILL: stops the running script unless it has written. */
    public Reply kill() {
        Run r = running;
        if (r == null) return new Reply.Err("NOTBUSY No scripts in execution right now.");
        if (r.wrote) {
            return new Reply.Err("UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        }
        r.killed = true;
        return Reply.OK;
    }

    /** SHUTDOWN while busy: the script stops even if it wrote, and what it did is not logged. */
    public void stopForShutdown() {
        Run r = running;
        if (r == null) return;
        r.forShutdown = true;
        r.killed = true;
    }

    private Reply run(Client caller, String sha, byte[][] keys, byte[][] args) {
        Globals g = globals();
        g.set("KEYS", table(keys));
        g.set("ARGV", table(args));
        Run r = new Run(sha, engine.clock().millis());
        r.caller = caller;
        Client lua = engine.scriptClient();
        lua.selectDb(caller.db()); // 7.0: a SELECT inside the script does not change the caller's
        if (globals.debuglib instanceof Heartbeat h) h.frames.clear(); // an error may have skipped returns
        running = r;
        try {
            return fromLua(scripts.get(sha).call());
        } catch (Killed k) {
            if (r.forShutdown) engine.discardPendingLog();
            return new Reply.Err("ERR Script killed by user with SCRIPT KILL... script: " + sha + ", on @user_script:" + r.line + ".");
        } catch (LuaError e) {
            LuaValue m = e.getMessageObject();
            if (m != null && m.istable() && m.get("err").isstring()) {
                return new Reply.Err(m.get("err").tojstring() + " script: " + sha + ", on @user_script:" + r.line + ".");
            }
            String msg = luaMessage(e.getMessage());
            return new Reply.Err("ERR " + msg + " script: " + sha + ", on @user_script:" + line(msg, r) + ".");
        } catch (StackOverflowError e) {
            return new Reply.Err("ERR Error running script, stack overflow script: " + sha + ", on @user_script:?.");
        } finally {
            running = null;
            engine.scriptEnded();
        }
    }

    /** luaj's "@user_script:3 boom" and its traceback as Lua 5.1 words it: "user_script:3: boom". */
    private static String luaMessage(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        Matcher at = Pattern.compile("^@user_script:(\\d+) ").matcher(m);
        return at.find() ? "user_script:" + at.group(1) + ": " + m.substring(at.end()) : m;
    }

    /** The line an error came from: its message's, else the one noted when it was raised. */
    private static String line(String message, Run r) {
        if (message != null) {
            Matcher m = LINE.matcher(message);
            if (m.find()) return m.group(1);
        }
        return r.line;
    }

    private static LuaTable table(byte[][] items) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < items.length; i++) t.set(i + 1, LuaString.valueOf(items[i]));
        return t;
    }

    /* ------------------------------------------------------------------ the interpreter */

    private Globals globals() {
        if (globals != null) return globals;
        Globals g = new Globals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new Heartbeat());
        LoadState.install(g);
        LuaC.install(g);
        for (String unsafe : List.of("dofile", "loadfile", "require", "package", "debug", "print", "collectgarbage")) {
            g.set(unsafe, LuaValue.NIL);
        }
        g.set("redis", redisTable());
        globals = g;
        return g;
    }

    /**
     * The debug hook: counts instructions (heartbeats, SCRIPT KILL's stop) and notes the line each
     * runs, since a tail call (return redis.call(...)) leaves no Lua frame to ask.
     */
    private final class Heartbeat extends DebugLib {
        private final ArrayDeque<Prototype> frames = new ArrayDeque<>();

        @Override
        public void onCall(LuaFunction f) {
            super.onCall(f);
            frames.push(NATIVE);
        }

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
            super.onCall(c, varargs, stack);
            frames.push(c.p);
        }

        @Override
        public void onReturn() {
            super.onReturn();
            if (!frames.isEmpty()) frames.pop();
        }

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            super.onInstruction(pc, v, top);
            Run r = running;
            if (r == null) return;
            Prototype p = frames.peek();
            if (p != null && p != NATIVE && p.lineinfo != null && pc < p.lineinfo.length) r.line = Integer.toString(p.lineinfo[pc]);
            if (++r.instructions % CHECK_EVERY != 0) return;
            engine.scriptHeartbeat(r.startedMillis);
            if (r.killed) throw new Killed();
        }
    }

    /** A frame of a Java function in {@link Heartbeat}'s stack. */
    private static final Prototype NATIVE = new Prototype();

    private LuaTable redisTable() {
        LuaTable redis = new LuaTable();
        redis.set("call", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return redisCall(args, true);
            }
        });
        redis.set("pcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return redisCall(args, false);
            }
        });
        redis.set("error_reply", wrapIn("err"));
        redis.set("status_reply", wrapIn("ok"));
        redis.set("sha1hex", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue s) {
                return LuaValue.valueOf(sha1(bytes(s.checkstring())));
            }
        });
        redis.set("log", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.NONE; // the engine keeps no log file
            }
        });
        redis.set("set_repl", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.NONE; // the engine has no replicas; its AOF logs the effects
            }
        });
        String[][] constants = {{"LOG_DEBUG", "0"}, {"LOG_VERBOSE", "1"}, {"LOG_NOTICE", "2"}, {"LOG_WARNING", "3"},
            {"REPL_NONE", "0"}, {"REPL_AOF", "1"}, {"REPL_SLAVE", "2"}, {"REPL_REPLICA", "2"}, {"REPL_ALL", "3"}};
        for (String[] c : constants) redis.set(c[0], Integer.parseInt(c[1]));
        return redis;
    }

    /** redis.error_reply / redis.status_reply: the string in a table under {@code field}. */
    private static OneArgFunction wrapIn(String field) {
        return new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue msg) {
                LuaTable t = new LuaTable();
                t.set(field, msg.checkstring());
                return t;
            }
        };
    }

    /** redis.call / redis.pcall (luaRedisGenericCommand): an error reply raises, or is returned. */
    private Varargs redisCall(Varargs args, boolean raise) {
        Reply r;
        int n = args.narg();
        if (n == 0) {
            r = new Reply.Err("ERR Please specify at least one argument for this redis lib call");
        } else {
            byte[][] argv = new byte[n][];
            r = null;
            for (int i = 0; i < n; i++) {
                LuaValue a = args.arg(i + 1);
                if (!a.isstring()) { // a Lua number is a string too, in its shortest form
                    r = new Reply.Err("ERR Lua redis lib command arguments must be strings or integers");
                    break;
                }
                argv[i] = bytes(a.tostring().checkstring());
            }
            if (r == null) r = runCommand(argv);
        }
        if (raise && r instanceof Reply.Err e) {
            LuaTable t = new LuaTable();
            t.set("err", LuaValue.valueOf(e.message()));
            throw new LuaError(t);
        }
        return toLua(r);
    }

    /** scriptCall: the checks a script's command gets, then the command, as the scripts' client. */
    private Reply runCommand(byte[][] argv) {
        Command cmd = engine.commands().lookup(argv);
        if (cmd == null) return new Reply.Err("ERR Unknown Redis command called from script");
        if (!cmd.arityOk(argv.length)) return new Reply.Err("ERR Wrong number of args calling Redis command from script");
        if (cmd.is(Command.NO_SCRIPT)) return new Reply.Err("ERR This Redis command is not allowed from script");
        Client lua = engine.scriptClient();
        long before = engine.dirty();
        Reply r = engine.call(lua, cmd, argv);
        Run run = running;
        if (run != null && engine.dirty() != before) run.wrote = true;
        return r == null ? Reply.NullArray.INSTANCE : r;
    }

    /** A reply as a Lua value (redisProtocolToLuaType, RESP2). */
    static LuaValue toLua(Reply r) {
        if (r instanceof Reply.Int i) return LuaValue.valueOf((double) i.value());
        if (r instanceof Reply.Bulk b) return LuaString.valueOf(b.value());
        if (r instanceof Reply.Verbatim v) return LuaString.valueOf(v.value());
        if (r instanceof Reply.Simple s) return single("ok", s.value());
        if (r instanceof Reply.Err e) return single("err", e.message());
        if (r instanceof Reply.DoubleReply d) return LuaValue.valueOf(Numbers.formatDouble(d.value()));
        if (r instanceof Reply.BigNumber n) return LuaValue.valueOf(n.value());
        if (r instanceof Reply.Bool b) return b.value() ? LuaValue.valueOf(1) : LuaValue.FALSE;
        List<Reply> items = r instanceof Reply.Array a ? a.items() : r instanceof Reply.SetReply s ? s.items()
                : r instanceof Reply.MapReply m ? m.keysAndValues() : r instanceof Reply.Push p ? p.items() : null;
        if (items == null) return LuaValue.FALSE; // the nulls
        LuaTable t = new LuaTable();
        for (int i = 0; i < items.size(); i++) t.set(i + 1, toLua(items.get(i)));
        return t;
    }

    private static LuaTable single(String field, String value) {
        LuaTable t = new LuaTable();
        t.set(field, LuaString.valueOf(value.getBytes(StandardCharsets.ISO_8859_1)));
        return t;
    }

    /** A Lua value as a reply (luaReplyToRedisReply). */
    static Reply fromLua(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) return new Reply.Bulk(bytes(v.checkstring()));
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            // C's (long long) cast: what x86 gives for NaN and out of range
            long l = Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63 ? Long.MIN_VALUE : (long) d;
            return Reply.Int.of(l);
        }
        if (v.type() == LuaValue.TBOOLEAN) return v.toboolean() ? Reply.Int.of(1) : Reply.NullBulk.INSTANCE;
        if (v.type() == LuaValue.TTABLE) {
            LuaValue err = v.get("err");
            if (err.isstring()) return new Reply.Err(new String(bytes(err.checkstring()), StandardCharsets.ISO_8859_1));
            LuaValue ok = v.get("ok");
            if (ok.isstring()) return new Reply.Simple(new String(bytes(ok.checkstring()), StandardCharsets.ISO_8859_1));
            List<Reply> out = new ArrayList<>();
            for (int i = 1; ; i++) {
                LuaValue item = v.get(i);
                if (item.isnil()) break;
                out.add(fromLua(item));
            }
            return new Reply.Array(out);
        }
        return Reply.NullBulk.INSTANCE;
    }

    private static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return b;
    }
}
