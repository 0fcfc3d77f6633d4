package dev.txnharness.reports;

import dev.txnharness.engine.resp.ServeMain;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The one entry point behind {@code ./harness}: dispatches to the subcommands. Exit codes: 0 all
 * passed, 1 a violation was found, 2 could not run (bad arguments, unreachable target), 3 unknown.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "serve":
                ServeMain.main(rest);
                return 0;
            default:
                err.println("harness: unknown subcommand '" + args[0] + "' (try ./harness help)");
                return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("redis-txn-harness: checks that Redis transactions keep their promises.");
        out.println();
        out.println("Usage: ./harness <subcommand> [options]");
        out.println("  serve [--port P] [--bind ADDR]   run the reference engine's RESP server (Redis 7.0 semantics)");
        out.println("  help                             this text");
    }
}
