package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.fppt.jedismock.RedisServer;
import dev.txnharness.properties.target.SocketTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The scenario suite against com.github.fppt:jedis-mock, a widely used Java fake of Redis and a
 * known-imperfect target: the harness must find its deviations. The scenarios it is known to fail
 * are listed in jedis-mock-findings.txt (test resources); this test fails if any of them stops
 * being detected, or if a new one appears (then update the list and docs/FINDINGS.md from
 * target/jedis-mock-findings.md, which this test writes).
 */
class JedisMockFindingsTest {

    @Test
    void theHarnessFindsJedisMocksDeviations() throws IOException {
        RedisServer server = RedisServer.newRedisServer(0, java.net.InetAddress.getLoopbackAddress()).start();
        List<ScenarioRunner.Result> failed = new ArrayList<>();
        List<Scenario> scenarios = ScenarioParser.builtIn();
        try (SocketTarget t = new JedisMockTarget(server.getBindPort())) {
            ScenarioRunner runner = new ScenarioRunner();
            for (Scenario sc : scenarios) {
                ScenarioRunner.Result r = runner.run(sc, t);
                if (!r.passed()) failed.add(r);
            }
        } finally {
            server.stop();
        }
        writeReport(failed, scenarios.size());
        TreeSet<String> found = new TreeSet<>();
        for (ScenarioRunner.Result r : failed) found.add(r.scenario().name());
        TreeSet<String> known = known();
        assertTrue(!found.isEmpty(), "the harness found no deviation in jedis-mock: it should (see docs/FINDINGS.md)");
        assertEquals(known, found, "jedis-mock's deviations changed; see target/jedis-mock-findings.md");
    }

    private static TreeSet<String> known() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (InputStream in = JedisMockFindingsTest.class.getResourceAsStream("/jedis-mock-findings.txt")) {
            if (in == null) return out;
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                l = l.strip();
                if (!l.isEmpty() && !l.startsWith("#")) out.add(l);
            }
        }
        return out;
    }

    /** target/jedis-mock-findings.md: scenario, step, expected, got, for docs/FINDINGS.md. */
    private static void writeReport(List<ScenarioRunner.Result> failed, int total) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("jedis-mock 1.1.18: ").append(failed.size()).append(" of ").append(total).append(" scenarios deviate\n\n");
        sb.append("| scenario | step | expected (Redis 7.0) | got (jedis-mock) |\n|---|---|---|---|\n");
        for (ScenarioRunner.Result r : failed) {
            for (ScenarioRunner.StepResult s : r.steps()) {
                if (s.ok()) continue;
                sb.append("| ").append(r.scenario().name()).append(" | `").append(ScenarioRunner.describe(s.step()).replace("|", "\\|"))
                  .append("` | `").append(String.valueOf(s.expected()).replace("|", "\\|")).append("` | `")
                  .append(String.valueOf(s.got()).replace("|", "\\|")).append("` |\n");
                break; // the first deviation of each scenario; later steps follow from it
            }
        }
        Path out = Path.of("target", "jedis-mock-findings.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
        Path names = Path.of("target", "jedis-mock-findings.txt");
        StringBuilder n = new StringBuilder();
        for (ScenarioRunner.Result r : failed) n.append(r.scenario().name()).append('\n');
        Files.writeString(names, n.toString(), StandardCharsets.UTF_8);
    }

    /** jedis-mock on a loopback port; it speaks RESP2 only and reports no version. */
    private static final class JedisMockTarget extends SocketTarget {
        JedisMockTarget(int port) {
            super("jedis-mock", "127.0.0.1", port, Duration.ofSeconds(5));
        }

        @Override
        public String redisVersion() {
            return "7.0"; // it claims to follow current Redis; hold it to 7.0
        }

        @Override
        public String version() {
            return "com.github.fppt:jedis-mock 1.1.18";
        }
    }
}
