package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import dev.txnharness.properties.target.RespTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The replay script a report writes reproduces the counterexample with redis-cli: against the
 * engine's RESP server built with the same fault it prints the deviating reply and exits 1; against
 * a correct engine (and so any correct Redis) every reply matches and it exits 0. It names no server
 * of its own (no 127.0.0.1:6379 default) and refuses one that holds keys unless HARNESS_FLUSH=1.
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
        assertTrue(text.contains("PORT=\"${REDIS_PORT:-}\"") && text.contains("HOST=\"${REDIS_HOST:-}\""), "REDIS_HOST/REDIS_PORT at the top");
        assertTrue(!text.contains("6379"), "no default server");
        assertTrue(text.contains("cli --no-raw <"), "one redis-cli per client");

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
        Run unnamed = run(script, Map.of());
        assertEquals(2, unnamed.exit, unnamed.out);
        assertTrue(unnamed.out.contains("REDIS_HOST=... REDIS_PORT=..."), unnamed.out);
    }

    @Test
    void replayScriptRefusesAServerThatHoldsKeysUnlessHarnessFlushIsSet() throws Exception {
        redisCli();
        Cli c = FaultReport.get();
        JsonNode s = new ObjectMapper().readTree(FaultReport.DIR.resolve("summary.json").toFile());
        Path script = null;
        for (JsonNode x : s.get("histories")) if (x.hasNonNull("replayFile")) script = FaultReport.DIR.resolve(x.get("replayFile").asText());
        assertTrue(script != null, c.toString());
        try (RespTarget correct = RespTarget.start(); RespClient cli = RespClient.connect("127.0.0.1", correct.server().port())) {
            cli.call("SET", "precious", "1");
            cli.call("SELECT", "5");
            cli.call("SET", "also", "1");
            Map<String, String> env = Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(correct.server().port()));
            Run refused = run(script, env);
            assertEquals(2, refused.exit, refused.out);
            assertTrue(refused.out.contains("holds 1 key in db0, 1 key in db5") && refused.out.contains("HARNESS_FLUSH=1"), refused.out);
            assertEquals(Reply.Bulk.of("1"), cli.call("GET", "also"), "nothing was erased");
            Map<String, String> allowed = new HashMap<>(env);
            allowed.put("HARNESS_FLUSH", "1");
            Run flushed = run(script, allowed);
            assertEquals(0, flushed.exit, flushed.out);
            assertEquals(Reply.NullBulk.INSTANCE, cli.call("GET", "also"), "HARNESS_FLUSH=1 let it FLUSHALL");
        }
    }

    record Run(int exit, String out) {}

    private static Run bash(Path script, int port) throws Exception {
        return run(script, Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(port)));
    }

    /**
     * Runs a replay script with {@code env} and nothing of the caller's REDIS_*, REDISCLI_AUTH,
     * HARNESS_FLUSH or HARNESS; its output goes to a file, so that the 60 s limit holds even when
     * the script hangs with its output open.
     */
    static Run run(Path script, Map<String, String> env) throws Exception {
        Path log = Files.createTempFile("replay-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toAbsolutePath().toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            for (String v : List.of("REDIS_HOST", "REDIS_PORT", "REDISCLI_AUTH", "REDIS_DB", "REDIS_CLI_OPTS", "HARNESS_FLUSH", "HARNESS")) {
                pb.environment().remove(v);
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the replay script did not finish in 60 s:\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void redisCli() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "redis-cli"))) return;
        }
        fail("redis-cli is not installed: the replay test needs it. Run scripts/ensure-deps.sh "
                + "(as root: apt-get install -y redis-tools).");
    }
}
