package dev.txnharness.reports.cli;

import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./harness report DIR}: re-renders a report folder. */
@Command(name = "report", usageHelpAutoWidth = true,
        description = {"Re-renders index.html and junit.xml of a report folder from its summary.json and history-N.jsonl files.", ""},
        footer = {"", "Exit codes: 0 rendered, 2 not a report folder."})
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A report folder written by check, replay or diff.")
    Path dir;

    @Override
    public Integer call() {
        try {
            RunSummary s = ReportWriter.rerender(dir);
            Main.out(spec).println("rendered " + dir.resolve("index.html") + " (" + s.verdict() + ")");
            return ExitCodes.PASSED;
        } catch (IOException e) {
            throw new CouldNotRun(TargetSpec.oneLine(e), e);
        }
    }
}
