package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The {@code ./harness} command line: exit codes, help, and the files of a report folder. */
class CheckCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Cli c = Cli.run("--help");
        assertEquals(0, c.exit(), c.toString());
        for (String cmd : new String[] {"check", "replay", "diff", "report", "serve", "linearizable"}) {
            assertTrue(c.out().contains(cmd), cmd + " missing from --help:\n" + c.out());
        }
        Cli check = Cli.run("help", "check");
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.out().contains("--target") && check.out().contains("--seed") && check.out().contains("Exit codes"), check.out());
        assertFalse(check.out().contains("--fault"), "the test-only --fault option is hidden");
    }

    @Test
    void badArgumentsExitTwoWithOneLineReason() {
        Cli c = Cli.run("check", "--suite", "bogus");
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().startsWith("harness: unknown suite 'bogus'"), c.err());
        assertEquals(2, Cli.run("check", "--clients", "0").exit());
        assertEquals(2, Cli.run("check", "--time", "soon").exit());
        assertEquals(2, Cli.run("frobnicate").exit());
        assertEquals(2, Cli.run().exit(), "no command is a usage error");
        assertEquals(2, Cli.run("linearizable").exit(), "linearizable without --model");
        assertEquals(2, Cli.run("report", "target/no-such-report").exit());
    }

    @Test
    void unreachableTargetExitsTwoWithOneLineReason() {
        Cli c = Cli.run("check", "--target", "redis://127.0.0.1:1", "--out", "target/test-reports/unreachable");
        assertEquals(2, c.exit(), c.toString());
        String last = c.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("harness: could not run: cannot reach redis://127.0.0.1:1"), c.err());
    }

    @Test
    void passingCheckWritesAReportThatParses() throws Exception {
        Path dir = Path.of("target", "test-reports", "engine-ok");
        FaultReport.clean(dir);
        Cli c = Cli.run("check", "--seed", "7", "--time", "2s", "--histories", "20", "--out", dir.toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("verdict: PASSED"), c.out());
        assertTrue(c.out().contains("histories") && c.out().contains("scenarios"), "summary table:\n" + c.out());
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals("PASSED", s.get("verdict").asText());
        assertEquals(7, s.get("seed").asLong());
        assertEquals(20, s.get("counts").get("histories").asInt());
        assertEquals(0, s.get("counts").get("violations").asInt());
        assertTrue(s.get("counts").get("scenarios").asInt() >= 1);
        Document junit = junit(dir);
        assertEquals("0", junit.getDocumentElement().getAttribute("failures"));
        assertTrue(Integer.parseInt(junit.getDocumentElement().getAttribute("tests")) >= 2);
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("PASSED"), "verdict in the page");
        assertFalse(html.contains("<script"), "no script needed");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network links in the page");

        Files.delete(dir.resolve("index.html"));
        Cli r = Cli.run("report", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.readString(dir.resolve("index.html")).contains("PASSED"));
    }

    @Test
    void faultyEngineExitsOneAndTheFilesTellWhy() throws Exception {
        Cli c = FaultReport.get();
        Path dir = FaultReport.DIR;
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.out().contains("verdict: VIOLATION"), c.out());
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals("VIOLATION", s.get("verdict").asText());
        assertTrue(s.get("counts").get("scenariosFailed").asInt() >= 1, "watch-another-client-write fails without WATCH");
        JsonNode h = null;
        for (JsonNode x : s.get("histories")) if ("VIOLATION".equals(x.get("verdict").asText())) h = x;
        assertTrue(h != null, "a violating history is listed");
        assertTrue(h.get("minimal").asBoolean(), "shrunk");
        assertTrue(h.get("ops").asInt() <= 8, "a small counterexample: " + h);
        assertTrue(h.get("evidence").get("reason").asText().contains("EXEC"), h.toString());
        assertTrue(Files.isRegularFile(dir.resolve(h.get("historyFile").asText())));
        assertTrue(Files.isExecutable(dir.resolve(h.get("replayFile").asText())));
        Document junit = junit(dir);
        NodeList failures = junit.getElementsByTagName("failure");
        assertTrue(failures.getLength() >= 2, "failing scenarios and a failing property");
        boolean propertyFailed = false;
        for (int i = 0; i < failures.getLength(); i++) {
            propertyFailed |= ((Element) failures.item(i).getParentNode()).getAttribute("classname").startsWith("histories.");
        }
        assertTrue(propertyFailed, "the histories property fails");
        assertEquals("testcase", ((Element) failures.item(0).getParentNode()).getTagName());

        Cli lin = Cli.run("linearizable", "--model", "redis", dir.resolve(h.get("historyFile").asText()).toString());
        assertEquals(1, lin.exit(), "properties' checker agrees: " + lin);

        Cli replay = Cli.run("replay", dir.resolve(h.get("historyFile").asText()).toString(), "--target", "engine");
        assertEquals(0, replay.exit(), "a correct engine passes the counterexample: " + replay);
        Cli again = Cli.run("replay", dir.resolve(h.get("historyFile").asText()).toString(), "--target", "engine", "--fault", "WATCH_IGNORED");
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.out().contains("<- deviates"), again.out());
    }

    @Test
    void diffOfTwoEnginesIsTheSame() {
        Cli c = Cli.run("diff", "--target", "engine", "--against", "resp", "--out", "target/test-reports/diff");
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("0 differ"), c.out());
    }

    private static Document junit(Path dir) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertEquals("testsuites", d.getDocumentElement().getTagName());
        NodeList cases = d.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            assertFalse(e.getAttribute("name").isEmpty());
            Double.parseDouble(e.getAttribute("time"));
        }
        return d;
    }
}
