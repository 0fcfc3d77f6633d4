package dev.txnharness.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: report folders never collide, an unusable --out fails at once, a reused one is cleaned of our files only. */
class ReportFolderTest {

    @Test
    void runsInTheSameSecondGetTheirOwnFolders(@TempDir Path root) {
        Set<Path> made = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(i -> made.add(ReportFolder.fresh(root, "")));
        assertEquals(8, made.size(), "eight runs, eight folders: " + made);
        Set<String> names = new HashSet<>();
        made.forEach(p -> names.add(p.getFileName().toString()));
        assertTrue(names.stream().anyMatch(n -> n.matches("\\d{8}-\\d{6}(-\\d+)?")), names.toString());
    }

    @Test
    void aReusedReportFolderLosesOnlyTheFilesTheHarnessWrote(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"index.html", "summary.json", "junit.xml", "history-9.jsonl", "replay-9.sh"}) {
            Files.writeString(dir.resolve(f), "old");
        }
        ReportFolder.prepare(dir);
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "the earlier report's files are gone, none stale beside the new summary");
        }
    }

    @Test
    void aFolderWithOtherFilesIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), "old");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CouldNotRun e = assertThrows(CouldNotRun.class, () -> ReportFolder.prepare(dir));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")) && Files.exists(dir.resolve("summary.json")), "nothing deleted");
    }

    @Test
    void anUnwritableOutFailsBeforeTheRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        long t0 = System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = HarnessCli.run(new String[] {"check", "--time", "30s", "--out", file.resolve("report").toString()},
                new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(2, code, err.toString());
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "refused at once, not after a 30 s run");
        assertTrue(err.toString().startsWith("harness: could not run: cannot write the report to --out"), err.toString());
        assertNotEquals(-1, err.toString().indexOf("a-file"));
        assertEquals("", out.toString(), "nothing ran");
    }
}
