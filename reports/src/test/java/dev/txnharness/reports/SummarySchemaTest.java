package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.reports.report.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 11: summary.json says its schema version and keeps 64-bit seeds exact (as strings: a
 * JavaScript number loses them); junit.xml names tests the same in every run, so CI can track them.
 */
class SummarySchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2^53 + 1: the first integer a JavaScript number cannot hold. */
    private static final String SEED = "9007199254740993";

    @Test
    void summaryHasASchemaVersionAndStringSeeds() throws Exception {
        Path dir = run("schema-a", SEED, "3");
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals(RunSummary.SCHEMA_VERSION, s.get("schemaVersion").asInt());
        assertTrue(s.get("seed").isTextual(), "seed as a string: " + s.get("seed"));
        assertEquals(SEED, s.get("seed").asText());
        for (JsonNode h : s.get("histories")) assertTrue(h.get("seed").isTextual(), h.toString());
        assertEquals(0, Cli.run("report", dir.toString()).exit(), "report DIR reads it back");
    }

    @Test
    void junitNamesAreTheSameAcrossRuns() throws Exception {
        List<String> a = testcaseNames(run("schema-b", "1", "2"));
        List<String> b = testcaseNames(run("schema-c", "2", "5"));
        assertEquals(a, b, "same suites, same test names, whatever the seed and the number of histories");
        for (String n : a) assertTrue(!n.contains(SEED) && !n.matches(".*\\d{4}-\\d\\d-\\d\\d.*"), n);
    }

    private static Path run(String name, String seed, String histories) throws Exception {
        Path dir = Path.of("target", "test-reports", name);
        FaultReport.clean(dir);
        Cli c = Cli.run("check", "--suite", "histories", "--seed", seed, "--histories", histories, "--time", "5s", "--out", dir.toString());
        assertEquals(0, c.exit(), c.toString());
        return dir;
    }

    private static List<String> testcaseNames(Path dir) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile())
                .getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            names.add(e.getAttribute("classname") + " / " + e.getAttribute("name"));
        }
        return names;
    }
}
