package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./harness check} on a replicated set (a primary, one replica, three Sentinels) and on a
 * Redis Cluster (three primaries with one replica each, or none for the slot migration) that it
 * launches from the real redis-server, one history with one fault each (CI runs this short version; docs/DISTRIBUTED.md
 * has longer runs). The report's counts add up, the faults are in it with their times, the exit
 * code is 0 (no promise broken; acknowledged writes lost without WAIT are stated) and no launched
 * process outlives the run, also when the run is stopped by SIGTERM.
 */
class DistributedCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReplicatedSetWithAKilledPrimary() throws Exception {
        JsonNode h = check("dist-replicated", "launch:replicated?replicas=1&sentinels=3", "kill");
        assertTrue(kinds(h).containsAll(List.of("kill", "promoted", "restart", "healthy")), h.get("events").toString());
    }

    @Test
    void aClusterWithAFailover() throws Exception {
        JsonNode h = check("dist-cluster", "launch:cluster?masters=3&replicas=1", "failover");
        assertTrue(h.get("events").get(0).get("what").asText().startsWith("CLUSTER FAILOVER on replica"), h.get("events").toString());
        assertTrue(h.get("crossSlotProbe").isNull(), "MULTI; MSET across slots is refused: " + h.get("crossSlotProbe"));
    }

    @Test
    void aClusterWithASlotMigration() throws Exception {
        JsonNode h = check("dist-migrate", "launch:cluster?masters=3&replicas=0", "migrate");
        assertTrue(kinds(h).containsAll(List.of("migrate", "migrated", "healthy")), h.get("events").toString());
        assertTrue(h.get("events").findValuesAsText("what").stream().anyMatch(w -> w.matches("slot \\d+ moved from .* MIGRATE batch.*")),
                h.get("events").toString());
        JsonNode k = h.get("check");
        // the migrated tag's client met the slot half-moved (-ASK, followed with ASKING; MULTI ... EXEC) and the move done (-MOVED)
        assertTrue(k.get("askRetried").asInt() > 0, k.toString());
        assertTrue(k.get("movedRetried").asInt() > 0, k.toString());
        assertEquals(0, k.get("lostAcked").asInt(), "a migration loses no acknowledged EXEC: " + k);
        assertTrue(h.get("crossSlotProbe").isNull(), "MULTI; MSET across slots is refused: " + h.get("crossSlotProbe"));
        JsonNode s = JSON.readTree(Path.of("target", "test-reports", "dist-migrate", "summary.json").toFile());
        assertTrue(s.get("notes").toString().contains("after -ASK (to the importing node, ASKING before MULTI)"), s.get("notes").toString());
    }

    @Test
    void aTopologyOrFaultThatCannotBeIsRefusedBeforeAnythingStarts() {
        Cli few = Cli.run("check", "--target", "launch:cluster?masters=2", "--out", "target/test-reports/dist-bad-1");
        assertEquals(2, few.exit(), few.toString());
        assertTrue(few.err().contains("masters=2 is out of range 3..10"), few.err());
        Cli kill = Cli.run("check", "--target", "redis-cluster://127.0.0.1:1", "--nemesis", "kill", "--out", "target/test-reports/dist-bad-2");
        assertEquals(2, kill.exit(), kill.toString());
        assertTrue(kill.err().contains("--nemesis kill needs a deployment the harness launched"), kill.err());
        Cli migrate = Cli.run("check", "--target", "launch:replicated", "--nemesis", "migrate", "--out", "target/test-reports/dist-bad-3");
        assertEquals(2, migrate.exit(), migrate.toString());
        assertTrue(migrate.err().contains("--nemesis migrate needs a Redis Cluster the harness launched"), migrate.err());
    }

    @Test
    void sigtermStopsEveryLaunchedNodeAndWritesTheReport() throws Exception {
        Path dir = Path.of("target", "test-reports", "dist-sigterm");
        FaultReport.clean(dir);
        Path logs = Path.of("target", "test-reports", "dist-sigterm-logs");
        Process p = Subprocess.harness(logs, "check", "--target", "launch:cluster?masters=3&replicas=0", "--nemesis", "none",
                "--time", "120s", "--out", dir.toString());
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && !Files.readString(logs.resolve("stderr.txt")).contains("harness: checking launch:cluster")) {
                assertTrue(p.isAlive(), "the harness ended early:\n" + Files.readString(logs.resolve("stderr.txt")));
                Thread.sleep(100); // polling another process's log
            }
            List<ProcessHandle> nodes = p.toHandle().descendants().toList();
            assertEquals(3, nodes.size(), "the three cluster nodes run under the harness: " + nodes);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the harness ends on SIGTERM");
            assertEquals(143, p.exitValue());
            try { // every node's exit, 10 s at most for all of them
                java.util.concurrent.CompletableFuture.allOf(nodes.stream().map(ProcessHandle::onExit)
                        .toArray(java.util.concurrent.CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillThere) {
                // reported below, with the nodes left
            }
            assertTrue(nodes.stream().noneMatch(ProcessHandle::isAlive), "launched nodes outlived the run: "
                    + nodes.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList()
                    + "\n" + Files.readString(logs.resolve("stderr.txt")));
            assertEquals("INTERRUPTED", JSON.readTree(dir.resolve("summary.json").toFile()).get("verdict").asText());
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> kinds(JsonNode h) {
        return h.get("events").findValuesAsText("kind");
    }

    /** Runs one history with one fault; checks the exit code, the counts and that nothing is left running. */
    private static JsonNode check(String name, String target, String fault) throws Exception {
        Path dir = Path.of("target", "test-reports", name);
        Cli c = Cli.run("check", "--target", target, "--nemesis", fault, "--histories", "1", "--clients", "2", "--seed", "11",
                "--out", dir.toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                "a launched process outlived the run: " + ProcessHandle.current().descendants().map(p -> p.info().commandLine()).toList());
        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.filter(p -> p.getFileName().toString().startsWith("distributed-")).findFirst().orElseThrow();
        }
        JsonNode h = JSON.readTree(file.toFile());
        JsonNode k = h.get("check");
        int txns = k.get("txns").asInt();
        assertTrue(txns > 0, "transactions ran: " + k);
        assertEquals(txns, h.get("txns").size());
        assertEquals(txns, k.get("ok").asInt() + k.get("failed").asInt() + k.get("indeterminate").asInt(), k.toString());
        assertEquals(0, k.get("partial").asInt() + k.get("duplicates").asInt() + k.get("phantoms").asInt() + k.get("failedApplied").asInt(), k.toString());
        long inLists = 0;
        for (JsonNode r : h.get("reads")) inLists += r.get("a").size();
        assertEquals(k.get("ok").asInt() - k.get("lostAcked").asInt() - k.get("lostWaitSome").asInt() - k.get("lostWaitAll").asInt() + k.get("indeterminateApplied").asInt(), inLists,
                "every value in the final read is an acknowledged one kept or an indeterminate one applied");
        JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals("PASSED", s.get("verdict").asText(), s.toString());
        assertEquals(1, s.get("counts").get("histories").asInt(), "one history, however many property rows: " + s.get("counts"));
        assertEquals(txns, s.get("counts").get("ops").asInt(), "ops are the transactions run: " + s.get("counts"));
        assertTrue(s.get("notes").toString().contains("documented weakness"), s.get("notes").toString());
        assertTrue(Files.readString(dir.resolve("index.html")).contains(fault), "the HTML report names the fault");
        return h;
    }
}
