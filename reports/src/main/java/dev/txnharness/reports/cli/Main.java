package dev.txnharness.reports.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;

/** The streams of the command line being run (stdout for results, stderr for progress). */
final class Main {
    static final ThreadLocal<PrintStream[]> IO = new ThreadLocal<>();

    private Main() {}

    static PrintStream out(CommandSpec spec) {
        PrintStream[] io = IO.get();
        return io == null ? System.out : io[0];
    }

    static PrintStream err(CommandSpec spec) {
        PrintStream[] io = IO.get();
        return io == null ? System.err : io[1];
    }
}
