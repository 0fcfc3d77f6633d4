package dev.txnharness.reports;

import dev.txnharness.reports.cli.HarnessCli;
import java.io.PrintStream;

/**
 * The one entry point behind {@code ./harness}: dispatches to the subcommands (see {@link
 * HarnessCli}). Exit codes: 0 all passed, 1 a violation was found, 2 could not run (bad arguments,
 * unreachable target), 3 unknown (a checker ran out of budget).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return HarnessCli.run(args, out, err);
    }
}
