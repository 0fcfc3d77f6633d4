package dev.txnharness.reports.cli;

import dev.txnharness.properties.anomaly.AnomalyChecker;
import dev.txnharness.properties.anomaly.AnomalyResult;
import dev.txnharness.properties.anomaly.AnomalyText;
import dev.txnharness.reports.report.AnomalyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./harness anomalies FILE}: the Elle-style anomaly checker on one list-append history. */
@Command(name = "anomalies", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks a list-append history (MULTI with RPUSH k v / LRANGE k 0 -1, JSON lines as ./harness check --suite anomalies"
            + " writes them) for transactional anomalies, Elle's way: G0, G1a, G1b, G1c, G-single, G2-item, lost update,"
            + " and lost appends, incompatible orders, duplicates, garbage reads. Linear in the history: a million"
            + " transactions in seconds. docs/ANOMALIES.md explains the method and its limits."},
        footer = {"", "Exit codes: 0 no anomaly, 1 anomaly found, 2 bad input or could not run, 3 unknown (out of memory)."})
final class AnomaliesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The history (JSON lines of transaction records).")
    Path file;

    @Option(names = "--serializable", description = "Check serializability only: no real-time edges (default: strict serializability).")
    boolean serializable;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "4", description = "Examples shown per anomaly kind (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report (the cycles drawn) to FILE.")
    Path html;

    @Override
    public Integer call() {
        PrintStream out = Main.out(spec);
        if (!Files.isReadable(file)) throw new CouldNotRun("cannot read " + file + " (is the path right?)");
        AnomalyChecker.Options o = serializable ? AnomalyChecker.Options.serializable() : AnomalyChecker.Options.strict();
        AnomalyResult r;
        try {
            r = AnomalyChecker.checkFile(file, new AnomalyChecker.Options(o.realtime(), Math.max(1, examples), o.searchVisits()));
        } catch (IOException | IllegalArgumentException e) {
            throw new CouldNotRun(e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            out.println("unknown: the checker ran out of memory (raise it with HARNESS_JAVA_OPTS=-Xmx4g)");
            return ExitCodes.UNKNOWN;
        }
        out.print(AnomalyText.render(r));
        if (html != null) {
            try {
                AnomalyReport.write(html, "Anomalies in " + file.getFileName(), r);
            } catch (IOException e) {
                throw new CouldNotRun("cannot write " + html + ": " + e.getMessage(), e);
            }
            out.println("report: " + html);
        }
        return exitCode(r);
    }

    static int exitCode(AnomalyResult r) {
        return switch (r.outcome()) {
            case VALID -> ExitCodes.PASSED;
            case ANOMALY -> ExitCodes.VIOLATION;
            case UNKNOWN -> ExitCodes.UNKNOWN;
        };
    }
}
