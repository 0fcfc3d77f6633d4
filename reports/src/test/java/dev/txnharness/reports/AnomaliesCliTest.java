package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.anomaly.ListAppend;
import dev.txnharness.properties.anomaly.ListAppendRun;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.target.EngineTarget;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./harness anomalies FILE} and {@code ./harness check --suite anomalies}: verdicts, exit codes, reports. */
class AnomaliesCliTest {
    @TempDir Path dir;

    private Path history(Set<Fault> faults) throws IOException {
        ListAppend.Spec spec = ListAppend.Spec.standard(6, 40);
        History h;
        try (EngineTarget t = new EngineTarget(faults, 10_000)) {
            List<List<ListAppend.Plan>> plans = ListAppend.workload(spec).draw(Choices.random(3));
            h = ListAppendRun.deterministic(t, spec, plans, new SplittableRandom(3)::nextLong);
        }
        Path f = dir.resolve("h-" + faults + ".jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            HistoryJson.write(h, w);
        }
        return f;
    }

    @Test
    void aHistoryWithoutAnomaliesExitsZero() throws IOException {
        Cli c = Cli.run("anomalies", history(Set.of()).toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("no anomaly found"), c.out());
    }

    @Test
    void anAnomalyExitsOneAndTheHtmlDrawsTheCycle() throws IOException {
        Path html = dir.resolve("report.html");
        Cli c = Cli.run("anomalies", history(Set.of(Fault.DIRTY_READ_QUEUED)).toString(), "--html", html.toString());
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.out().contains("G1a: aborted read"), c.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("a contradiction!"), page);
    }

    @Test
    void badInputExitsTwo() throws IOException {
        Path junk = dir.resolve("junk.jsonl");
        Files.writeString(junk, "{\"type\":\"invoke\",\"client\":0,\"nanos\":1,\"op\":{\"cmd\":[\"GET\",\"k\"]}}\n");
        Cli c = Cli.run("anomalies", junk.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("not a list-append history"), c.err());
        assertEquals(2, Cli.run("anomalies", dir.resolve("missing.jsonl").toString()).exit());
    }

    @Test
    void theAnomaliesSuiteFindsWatchIgnoredAndPassesTheEngine() throws IOException {
        Cli ok = Cli.run("check", "--suite", "anomalies", "--time", "1s", "--histories", "2", "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("anomalies"), ok.out());
        Path out = dir.resolve("bad");
        Cli bad = Cli.run("check", "--suite", "anomalies", "--fault", "WATCH_IGNORED", "--clients", "8", "--ops", "800", "--time", "20s",
                "--out", out.toString());
        assertEquals(1, bad.exit(), bad.toString());
        // real threads: the ignored WATCH shows as a lost update, a WATCHed read gone stale inside EXEC, or a cycle
        assertTrue(bad.out().contains("lost-update") || bad.out().contains("internal:") || bad.out().contains("G-single"), bad.out());
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("anomalies-.*\\.html")));
        }
    }
}
