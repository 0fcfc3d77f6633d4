package dev.txnharness.reports.cli;

import dev.txnharness.engine.resp.ServeMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/** {@code ./harness serve}: the reference engine's RESP server (engine's ServeMain parses the options). */
@Command(name = "serve", usageHelpAutoWidth = true,
        description = "Runs the reference engine (Redis 7.0 semantics) as a RESP server until stopped (default port "
            + ServeMain.DEFAULT_PORT + ", like Redis).")
final class ServeCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    /** Shows ServeMain's own option list in {@code help serve}, so the two never disagree. */
    static void describe(CommandSpec spec) {
        List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
        lines.add("");
        lines.addAll(ServeMain.USAGE.lines().skip(1).toList()); // its first line is the synopsis picocli prints
        spec.usageMessage().description(lines.toArray(String[]::new));
        spec.usageMessage().customSynopsis("harness serve [--port P] [--bind ADDR] [--appendonly yes|no] [AOF options]");
        spec.usageMessage().width(Math.max(spec.usageMessage().width(), 120)); // its lines are laid out already: no rewrapping
    }

    @Override
    public Integer call() throws Exception {
        ServeMain.main(args.toArray(String[]::new));
        return ExitCodes.PASSED;
    }
}
