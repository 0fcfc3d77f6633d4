package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: on the in-process engine with {@code --schedule deterministic} the same --seed gives the
 * same histories (the same commands sent and answered) and the same minimal counterexamples, file
 * for file; a counterexample found on real threads (the default mixed schedule's even histories)
 * says how often it reproduced.
 */
class DeterminismTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path check(String name, String target, String schedule, int histories) throws Exception {
        Path dir = FaultReport.fresh(name);
        Cli c = Cli.run("check", "--target", target, "--suite", "histories", "--fault", "WATCH_IGNORED", "--seed", "5",
                "--histories", Integer.toString(histories), "--max-violations", "0", "--time", "120s", "--schedule", schedule, "--out", dir.toString());
        assertEquals(1, c.exit(), c.toString());
        return dir;
    }

    /** The histories of a summary without what depends on the clock (checker time). */
    private static List<JsonNode> histories(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode h : JSON.readTree(dir.resolve("summary.json").toFile()).get("histories")) {
            ObjectNode o = ((ObjectNode) h).deepCopy();
            o.remove("checkMillis");
            out.add(o);
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameCounterexamplesOnTheEngine() throws Exception {
        Path a = check("determinism-a", "engine", "deterministic", 4), b = check("determinism-b", "engine", "deterministic", 4);
        List<JsonNode> ha = histories(a);
        assertEquals(ha, histories(b));
        int violations = 0;
        for (JsonNode h : ha) {
            if (!h.hasNonNull("historyFile")) continue;
            violations++;
            String f = h.get("historyFile").asText();
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), "the same minimal counterexample " + f);
        }
        assertTrue(violations >= 2, "the fault is caught: " + ha);
        assertEquals(JSON.readTree(a.resolve("summary.json").toFile()).get("coverage"),
                JSON.readTree(b.resolve("summary.json").toFile()).get("coverage"), "the same commands sent and answered");
    }

    @Test
    void aRealThreadsCounterexampleSaysHowOftenItReproduced() throws Exception {
        Path dir = check("reproduced", "engine", "mixed", 10); // 5 of them on real threads
        int threaded = 0;
        for (JsonNode h : histories(dir)) {
            if (!h.hasNonNull("historyFile") || !h.get("property").asText().contains("real threads")) continue;
            threaded++;
            assertTrue(h.get("reproduced").asText().matches("\\d+/20"), h.toString());
        }
        assertTrue(threaded > 0, "a counterexample found on real threads");
        assertTrue(Files.readString(dir.resolve("index.html")).contains("Found on real threads: reproduced "), "said in the HTML");
    }
}
