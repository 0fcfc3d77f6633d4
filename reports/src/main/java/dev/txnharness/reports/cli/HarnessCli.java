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
            "", ExitCodes.TEXT,
            "Run './harness help COMMAND' or './harness COMMAND --help' for a command's options."})
public final class HarnessCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private HarnessCli() {}

    @Override
    public void run() {
        // no subcommand: show what there is
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, replay, diff, report, serve, linearizable or anomalies");
    }

    /** Prints the one line for a command that threw, and returns its exit code (2, or 3 for out of memory). */
    public static int failed(Throwable t, PrintWriter w) {
        if (t instanceof CouldNotRun) {
            w.println("harness: could not run: " + dev.txnharness.properties.target.RedisUri.redact(t.getMessage()));
        } else {
            int code = ExitCodes.of(t, false);
            w.println("harness: " + (code == ExitCodes.UNKNOWN ? "unknown: " : "could not run: ") + ExitCodes.describe(t));
            if (System.getenv("HARNESS_DEBUG") != null) t.printStackTrace(w);
        }
        w.flush();
        return ExitCodes.of(t, false);
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new HarnessCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // every subcommand answers --help (and --version) itself, as the top level does
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) sub.getCommandSpec().mixinStandardHelpOptions(true);
        }
        ServeCommand.describe(cl.getSubcommands().get("serve").getCommandSpec());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("harness: " + ex.getMessage());
            w.println("Run './harness help " + (ex.getCommandLine().getCommandName().equals("harness") ? "" : ex.getCommandLine().getCommandName())
                    + "' for the options.");
            w.flush();
            return ExitCodes.COULD_NOT_RUN;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            return failed(ex, c.getErr());
        });
        Main.IO.set(new PrintStream[] {out, err});
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            // an Error (out of memory, stack overflow) passes picocli's handler: it is ours, never a violation
            return failed(t, new PrintWriter(err, true));
        } finally {
            Main.IO.remove();
            out.flush();
            err.flush();
        }
    }
}
