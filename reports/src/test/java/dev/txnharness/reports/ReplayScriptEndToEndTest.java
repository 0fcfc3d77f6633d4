package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.Fault;
import dev.txnharness.properties.target.RespTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The replay script a report writes reproduces the counterexample with redis-cli: against the
 * engine's RESP server built with the same fault it prints the deviating reply and exits 1; against
 * a correct engine (and so any correct Redis) every reply matches and it exits 0.
 */
class ReplayScriptEndToEndTest {

    @Test
    void replayScriptReproducesTheViolationOverRedisCli() throws Exception {
        redisCli();
        Cli c = FaultReport.get();
        assertEquals(1, c.exit(), c.toString());
        JsonNode s = new ObjectMapper().readTree(FaultReport.DIR.resolve("summary.json").toFile());
        JsonNode h = null;
        for (JsonNode x : s.get("histories")) if (x.hasNonNull("replayFile")) h = x;
        assertTrue(h != null, "a replay script was written");
        Path script = FaultReport.DIR.resolve(h.get("replayFile").asText());
        String text = Files.readString(script);
        assertTrue(text.contains("PORT=\"${PORT:-6379}\"") && text.contains("HOST=\"${HOST:-127.0.0.1}\""), "HOST/PORT at the top");
        assertTrue(text.contains("redis-cli --no-raw -h \"$HOST\" -p \"$PORT\""), "one redis-cli per client");

        try (RespTarget faulty = RespTarget.start(Set.of(Fault.WATCH_IGNORED), Duration.ofSeconds(5))) {
            Run r = bash(script, faulty.server().port());
            assertEquals(1, r.exit, r.out);
            assertTrue(r.out.contains("DEVIATES: Redis 7.0 answers:"), r.out);
            assertTrue(r.out.contains("(nil)"), "the reply Redis gives, next to the deviating one:\n" + r.out);
        }
        try (RespTarget correct = RespTarget.start()) {
            Run r = bash(script, correct.server().port());
            assertEquals(0, r.exit, r.out);
            assertTrue(r.out.contains("every reply is what Redis 7.0 answers"), r.out);
        }
        Run down = bash(script, 1);
        assertEquals(2, down.exit, down.out);
    }

    private record Run(int exit, String out) {}

    private static Run bash(Path script, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the replay script did not finish in 30 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void redisCli() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "redis-cli"))) return;
        }
        fail("redis-cli is not installed: the replay test needs it. Run scripts/ensure-deps.sh "
                + "(as root: apt-get install -y redis-tools).");
    }
}
