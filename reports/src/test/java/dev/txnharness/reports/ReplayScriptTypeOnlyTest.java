package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.Fault;
import dev.txnharness.properties.target.RespTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a counterexample whose only deviation is a RESP type (an aborted EXEC answering $-1
 * instead of *-1, which redis-cli prints as (nil) either way) must not replay as a pass. With the
 * harness found, the script compares exact replies and exits 1 on a server with the bug and 0 on a
 * correct one; with redis-cli only (HARNESS=none) it cannot see the type and exits 3, never 0.
 */
class ReplayScriptTypeOnlyTest {
    private static final Path DIR = Path.of("target", "test-reports", "nil-exec-as-bulk");

    @Test
    void aTypeOnlyDeviationReplaysAsADeviation() throws Exception {
        FaultReport.clean(DIR);
        Cli c = Cli.run("check", "--suite", "histories", "--fault", "NIL_EXEC_AS_BULK", "--seed", "1", "--histories", "6",
                "--out", DIR.toString());
        assertEquals(1, c.exit(), c.toString());
        JsonNode s = new ObjectMapper().readTree(DIR.resolve("summary.json").toFile());
        Path script = null;
        for (JsonNode h : s.get("histories")) if (h.hasNonNull("replayFile")) script = DIR.resolve(h.get("replayFile").asText());
        assertTrue(script != null, c.toString());
        Path harness = wrapper();

        try (RespTarget faulty = RespTarget.start(Set.of(Fault.NIL_EXEC_AS_BULK), Duration.ofSeconds(5))) {
            ReplayScriptEndToEndTest.Run exact = run(script, faulty.server().port(), harness.toString());
            assertEquals(1, exact.exit(), exact.out());
            assertTrue(exact.out().contains("comparing exact RESP replies"), exact.out());
            assertTrue(exact.out().contains("<- deviates"), exact.out());
            ReplayScriptEndToEndTest.Run cliOnly = run(script, faulty.server().port(), "none");
            assertEquals(3, cliOnly.exit(), "redis-cli cannot see $-1 vs *-1: unknown, never a pass\n" + cliOnly.out());
            assertTrue(cliOnly.out().contains("cannot tell RESP types apart"), cliOnly.out());
        }
        try (RespTarget correct = RespTarget.start()) {
            ReplayScriptEndToEndTest.Run exact = run(script, correct.server().port(), harness.toString());
            assertEquals(0, exact.exit(), exact.out());
        }
    }

    /** A harness launcher that runs this JVM's classes (the test's own build). */
    private static Path wrapper() throws Exception {
        Path w = DIR.resolve("harness-under-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(w, "#!/usr/bin/env bash\nexec '" + java + "' -Xmx256m -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName() + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        return w.toAbsolutePath();
    }

    private static ReplayScriptEndToEndTest.Run run(Path script, int port, String harness) throws Exception {
        return ReplayScriptEndToEndTest.run(script, Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(port), "HARNESS", harness));
    }
}
