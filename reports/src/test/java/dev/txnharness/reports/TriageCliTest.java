package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.reports.report.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 on the command line: a target with one wire-type bug (an aborted EXEC answers $-1)
 * fails many scenarios, and the run shows them as one root cause with its shortest example and
 * file, every failure with its file and its steps up to the deviation, and what it exercised.
 */
class TriageCliTest {
    private static final ObjectMapper JSON = new ObjectMapper(); // reads summary.json

    @Test
    void oneBugIsOneGroupOnTheConsoleInSummaryJsonAndFirstInTheHtml() throws Exception {
        Path dir = FaultReport.fresh("triage");
        Cli c = Cli.run("check", "--suite", "scenarios", "--fault", "NIL_EXEC_AS_BULK", "--seed", "1", "--out", dir.toString());
        assertEquals(1, c.exit(), c.toString());
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals(3, RunSummary.SCHEMA_VERSION);
        assertEquals(RunSummary.SCHEMA_VERSION, s.get("schemaVersion").asInt());
        JsonNode groups = s.get("groups");
        assertEquals(1, groups.size(), groups.toString());
        JsonNode g = groups.get(0);
        assertEquals("wire type only", g.get("kind").asText());
        assertEquals("aborted EXEC answers $-1 instead of *-1", g.get("rule").asText());
        assertEquals(s.get("counts").get("scenariosFailed").asInt(), g.get("count").asInt(), "every failure is in the group");
        assertTrue(c.out().contains(g.get("count").asInt() + "  wire type only  aborted EXEC answers $-1 instead of *-1"), c.out());
        assertTrue(c.out().contains("e.g. " + g.get("example").asText() + " (" + g.get("exampleFile").asText() + ")"), c.out());

        int shortest = Integer.MAX_VALUE, exampleLength = -1;
        for (JsonNode o : s.get("scenarios")) {
            if (!o.get("outcome").asText().equals("FAILED")) continue;
            String file = o.get("file").asText();
            assertTrue(Files.isRegularFile(Path.of("..").resolve(file)), "the scenario's file, from the repository root: " + file);
            JsonNode t = o.get("transcript");
            assertTrue(t.size() >= 2, "the steps before the deviation too: " + t);
            JsonNode last = t.get(t.size() - 1);
            assertTrue(!last.get("ok").asBoolean() && last.get("expected").asText().equals("*-1") && last.get("got").asText().equals("$-1"), t.toString());
            for (int i = 0; i < t.size() - 1; i++) assertTrue(t.get(i).get("ok").asBoolean(), "only the last step deviates: " + t);
            shortest = Math.min(shortest, o.get("length").asInt());
            if (o.get("name").asText().equals(g.get("example").asText())) exampleLength = o.get("length").asInt();
        }
        assertEquals(shortest, exampleLength, "the example is the shortest failing scenario of the group");

        JsonNode paths = s.get("coverage").get("paths");
        assertTrue(paths.get("nil EXEC (watch abort)").asLong() >= g.get("count").asLong(), paths.toString());
        for (String p : RunSummary.Coverage.PATHS) assertTrue(paths.get(p).asLong() > 0, "the scenarios exercise " + p + ": " + paths);
        assertTrue(s.get("coverage").get("commands").get("EXEC").asLong() > 100, s.get("coverage").toString());
        assertTrue(c.out().contains("exercised paths: QUEUED "), c.out());

        String html = Files.readString(dir.resolve("index.html"));
        int groupsAt = html.indexOf("id=\"groups\""), matrixAt = html.indexOf("id=\"matrix\"");
        assertTrue(groupsAt > 0 && groupsAt < matrixAt, "groups first, then the failures");
        assertTrue(html.contains("step, up to the first deviation") && html.contains("id=\"coverage\""), "transcript and coverage");
        assertEquals(0, Cli.run("report", dir.toString()).exit(), "report DIR reads schema 3 back");
    }

    @Test
    void anEarlyStopAtMaxViolationsIsStated() throws Exception {
        Path dir = FaultReport.fresh("stopped");
        Cli c = Cli.run("check", "--suite", "histories", "--fault", "NIL_EXEC_AS_BULK", "--seed", "1", "--histories", "6",
                "--out", dir.toString());
        assertEquals(1, c.exit(), c.toString());
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        int checked = s.get("counts").get("histories").asInt();
        assertTrue(checked < 6, "it stopped early: " + checked);
        String line = s.get("stopped").get(0).asText();
        assertTrue(line.contains("stopped after the first violation (--max-violations 1) with " + checked + " histories checked; "
                + (6 - checked) + " of 6 histories not run"), line);
        assertTrue(c.out().contains(line), c.out());
        assertTrue(Files.readString(dir.resolve("index.html")).contains("stopped early"), "in the HTML too");
        assertTrue(s.get("coverage").get("commands").get("MULTI").asLong() > 0, "histories count as exercised: " + s.get("coverage"));

        Path all = FaultReport.fresh("not-stopped");
        Cli d = Cli.run("check", "--suite", "histories", "--fault", "NIL_EXEC_AS_BULK", "--seed", "1", "--histories", "3",
                "--max-violations", "0", "--out", all.toString());
        assertEquals(1, d.exit(), d.toString());
        JsonNode t = JSON.readTree(all.resolve("summary.json").toFile());
        assertEquals(3, t.get("counts").get("histories").asInt());
        assertEquals(0, t.get("stopped").size(), "nothing stopped early: " + t.get("stopped"));
    }
}
