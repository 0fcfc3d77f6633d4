package dev.txnharness.reports.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./harness} command line: picocli, one class per subcommand. */
@Command(name = "harness", mixinStandardHelpOptions = true, version = "redis-txn-harness 0.1.0",
        usageHelpAutoWidth = true,
        description = {
            "Checks that Redis transactions (MULTI, EXEC, DISCARD, WATCH, UNWATCH) keep their promises, on the embedded "
                + "reference engine or any Redis-compatible server, and writes a report a person and a CI system can read.", ""},
        commandListHeading = "%nCommands:%n",
        subcommands = {CheckCommand.class, ReplayCommand.class, DiffCommand.class, ReportCommand.class,
            ServeCommand.class, LinearizableCommand.class, AnomaliesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with:  ./harness check            (the reference engine, ~10 s, report in harness-out/)",
            "Then:        ./harness check --target redis://127.0.0.1:6379",
            "", "Exit codes: 0 all passed, 1 violation found, 2 could not run, 3 unknown (checker out of budget).",
            "Run './harness help COMMAND' for a command's options."})
public final class HarnessCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private HarnessCli() {}

    @Override
    public void run() {
        // no subcommand: show what there is
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, replay, diff, report, serve, linearizable or anomalies");
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new HarnessCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("harness: " + ex.getMessage());
            w.println("Run './harness help " + (ex.getCommandLine().getCommandName().equals("harness") ? "" : ex.getCommandLine().getCommandName())
                    + "' for the options.");
            w.flush();
            return ExitCodes.COULD_NOT_RUN;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter w = c.getErr();
            if (ex instanceof CouldNotRun) {
                w.println("harness: could not run: " + ex.getMessage());
            } else {
                w.println("harness: could not run: " + TargetSpec.oneLine(ex) + " (" + ex.getClass().getName() + ")");
                if (System.getenv("HARNESS_DEBUG") != null) ex.printStackTrace(w);
            }
            w.flush();
            return ExitCodes.COULD_NOT_RUN;
        });
        Main.IO.set(new PrintStream[] {out, err});
        try {
            return cl.execute(args);
        } finally {
            Main.IO.remove();
            out.flush();
            err.flush();
        }
    }
}
