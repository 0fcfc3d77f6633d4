package dev.txnharness.engine.command;

import static dev.txnharness.engine.command.Args.*;
import static dev.txnharness.engine.command.Command.ALLOW_BUSY;
import static dev.txnharness.engine.command.Command.NO_SCRIPT;

import dev.txnharness.engine.protocol.Errors;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.script.Scripting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** EVAL, EVALSHA and SCRIPT (eval.c); the interpreter is {@link Scripting}. */
final class ScriptCommands {
    private ScriptCommands() {}

    private static final List<String> CAT = List.of("@slow", "@scripting");

    static void register(CommandTable t) {
        t.add("eval", -3, NO_SCRIPT, 0, 0, 0, CAT, guard((c, a) -> {
            byte[][][] ka = keysAndArgs(a);
            return c.engine().scripting().eval(c, a[1], ka[0], ka[1]);
        }));
        t.add("evalsha", -3, NO_SCRIPT, 0, 0, 0, CAT, guard((c, a) -> {
            byte[][][] ka = keysAndArgs(a);
            return c.engine().scripting().evalsha(c, str(a[1]), ka[0], ka[1]);
        }));
        t.add(script());
    }

    /** evalGenericCommand's numkeys: the keys and the arguments after it. */
    private static byte[][][] keysAndArgs(byte[][] a) {
        long numkeys = longArg(a[2]);
        if (numkeys > a.length - 3) throw fail("Number of keys can't be greater than number of args");
        if (numkeys < 0) throw fail("Number of keys can't be negative");
        int k = (int) numkeys;
        return new byte[][][] {Arrays.copyOfRange(a, 3, 3 + k), Arrays.copyOfRange(a, 3 + k, a.length)};
    }

    private static Command script() {
        Command script = new Command("script", -2, 0, 0, 0, 0, List.of("@slow"), (c, a) -> Errors.SYNTAX);
        script.sub(new Command("load", 3, NO_SCRIPT, 0, 0, 0, CAT, (c, a) -> c.engine().scripting().load(a[2])));
        script.sub(new Command("exists", -3, NO_SCRIPT, 0, 0, 0, CAT, (c, a) -> {
            List<Reply> out = new ArrayList<>();
            for (int j = 2; j < a.length; j++) out.add(c.engine().scripting().exists(str(a[j])) ? ONE : ZERO);
            return new Reply.Array(out);
        }));
        script.sub(new Command("flush", -2, NO_SCRIPT, 0, 0, 0, CAT, (c, a) -> {
            if (a.length > 3 || (a.length == 3 && !is(a[2], "sync") && !is(a[2], "async"))) {
                return Errors.err("SCRIPT FLUSH only support SYNC|ASYNC option");
            }
            c.engine().scripting().flush();
            return Reply.OK;
        }));
        script.sub(new Command("kill", 2, NO_SCRIPT | ALLOW_BUSY, 0, 0, 0, CAT, (c, a) -> c.engine().scripting().kill()));
        script.sub(new Command("help", 2, 0, 0, 0, 0, CAT, (c, a) -> KeyCommands.help("SCRIPT",
                "EXISTS <sha1> [<sha1> ...]", "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]", "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "KILL", "    Kill the currently executing Lua script.",
                "LOAD <script>", "    Load a script into the scripts cache without executing it.")));
        return script;
    }
}
