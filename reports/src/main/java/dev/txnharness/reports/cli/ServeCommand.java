package dev.txnharness.reports.cli;

import dev.txnharness.engine.resp.ServeMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code ./harness serve}: the reference engine's RESP server (engine's ServeMain parses the options). */
@Command(name = "serve", description = "Runs the reference engine (Redis 7.0 semantics) as a RESP server: serve [--port P] [--bind ADDR] (default port 6380).", usageHelpAutoWidth = true)
final class ServeCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ServeMain.main(args.toArray(String[]::new));
        return ExitCodes.PASSED;
    }
}
