package dev.txnharness.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.reports.report.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11: a run ended by a failure of ours still writes its report, and never exits 1 for it. */
class CheckRunTest {

    @Test
    void outOfMemoryMidRunWritesTheReportAndIsUnknown() throws Exception {
        Path dir = ReportFolder.prepare(Path.of("target", "test-reports", "oom"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (CheckRun run = new CheckRun(new CheckRun.Setup(dir, "./harness check", 1, List.of("scenarios"), 4, 200, "10s", List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))) {
            run.scenario(new RunSummary.ScenarioOutcome("exec-runs-queued", "EXEC runs the queue", "engine", true, 1, List.of()));
            run.inFlight("history 7 on engine");
            code = run.failed(new OutOfMemoryError("Java heap space"));
        }
        assertEquals(ExitCodes.UNKNOWN, code);
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("UNKNOWN", s.get("verdict").asText());
        assertTrue(s.get("ending").asText().contains("out of memory"), s.toString());
        assertTrue(s.get("ending").asText().contains("history 7 on engine"), "names what was in flight: " + s.get("ending"));
        assertEquals(1, s.get("counts").get("scenarios").asInt(), "what was checked before is kept");
        String last = err.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("harness: unknown during history 7 on engine: out of memory"), last);
    }

    @Test
    void anExceptionOfOursWithNothingCheckedIsCouldNotRun() throws Exception {
        Path dir = ReportFolder.prepare(Path.of("target", "test-reports", "ours"));
        try (CheckRun run = new CheckRun(new CheckRun.Setup(dir, "./harness check", 1, List.of("histories"), 4, 200, "10s", List.of()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            assertEquals(ExitCodes.COULD_NOT_RUN, run.failed(new IllegalStateException("a bug of ours")));
        }
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"COULD_NOT_RUN\""));
    }
}
