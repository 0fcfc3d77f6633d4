package dev.txnharness.reports;

import dev.txnharness.reports.cli.HarnessCli;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The one entry point behind {@code ./harness}: dispatches to the subcommands (see {@link
 * HarnessCli}). Exit codes ({@code ExitCodes}): 0 all passed, 1 the
 * target's replies contradict Redis, 2 could not run (bad arguments, unreachable target), 3 unknown
 * (a budget or the memory ran out). Anything thrown here is ours and never exits 1, which is what
 * {@code java} itself would do with an uncaught throwable.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Throwable t) {
            code = HarnessCli.failed(t, new PrintWriter(System.err, true));
        }
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return HarnessCli.run(args, out, err);
    }
}
