package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import dev.txnharness.properties.target.RedisServerLauncher;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 11: every ending writes a report. A target that dies mid-run is exit 2 with the histories
 * checked before it kept; SIGTERM (a CI cancel) writes the report and stops the launched
 * redis-server. Both on a real redis-server.
 */
class RunEndingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void targetKilledMidRunExitsTwoAndKeepsTheCheckedHistories() throws Exception {
        Path dir = Path.of("target", "test-reports", "target-died");
        FaultReport.clean(dir);
        RedisServerLauncher.Server server = RedisServerLauncher.start();
        try {
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run("check", "--target",
                    "redis://127.0.0.1:" + server.port(), "--suite", "histories", "--time", "60s", "--out", dir.toString()));
            awaitCommands(server.port(), 5_000); // histories of 200 ops are being run and checked
            server.kill();
            Cli c = run.get(30, TimeUnit.SECONDS);
            assertEquals(2, c.exit(), c.toString());
            String last = c.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("harness: could not run: redis://127.0.0.1:" + server.port() + " stopped answering"), last);
            JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
            assertEquals("COULD_NOT_RUN", s.get("verdict").asText());
            assertTrue(s.get("counts").get("histories").asInt() > 0, "the histories checked before are kept: " + s.get("counts"));
            assertEquals(0, s.get("counts").get("violations").asInt(), "a dead target is no violation");
            assertTrue(s.get("histories").size() > 0);
            assertTrue(s.get("ending").asText().contains("indeterminate"), s.get("ending").asText());
            assertTrue(Files.readString(dir.resolve("index.html")).contains("stopped answering"));
            assertEquals("COULD_NOT_RUN", runError(dir), "CI sees the early end in junit.xml");
        } finally {
            server.close();
        }
    }

    /**
     * Waits until the redis-server at {@code port} has processed at least {@code n} commands (its
     * INFO stats), polling every 20 ms for at most 60 s: a condition, not a guessed delay.
     */
    private static void awaitCommands(int port, long n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = -1;
        while (System.nanoTime() < until) {
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                Matcher m = Pattern.compile("total_commands_processed:(\\d+)").matcher(
                        ((Reply.Bulk) c.call("INFO", "stats")).utf8());
                if (m.find() && (seen = Long.parseLong(m.group(1))) >= n) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server at " + port + " processed " + seen + " commands in 60 s, not " + n);
    }

    /**
     * The port of a launched redis-server, from its process title ({@code redis-server 127.0.0.1:PORT},
     * which redis-server sets in place of its arguments once it has started, or {@code --port PORT} in
     * the arguments before that; read from /proc, which the JDK's
     * ProcessHandle.Info does not always expose).
     */
    private static int portOf(ProcessHandle server) throws Exception {
        // between fork and exec the child still shows the JVM's command line: read it again until
        // it is redis-server's (its arguments, then its title), for at most 30 s
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String title = "";
        while (System.nanoTime() < until && server.isAlive()) {
            title = Files.readString(Path.of("/proc", Long.toString(server.pid()), "cmdline")).replace('\0', ' ');
            // before redis-server has set its title, /proc shows the arguments it was started with
            Matcher m = Pattern.compile("^\\S*redis-server\\S*\\s.*?(?::|--port )(\\d+)\\b").matcher(title);
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(10);
        }
        throw new AssertionError("no port in the title of the launched server: " + title);
    }

    /** The type of junit.xml's error for the run as a whole ("the run went through"), or null. */
    private static String runError(Path dir) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile())
                .getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (!c.getAttribute("name").equals("the run went through")) continue;
            NodeList errors = c.getElementsByTagName("error");
            return errors.getLength() == 0 ? null : ((Element) errors.item(0)).getAttribute("type");
        }
        return null;
    }

    @Test
    void sigtermWritesTheReportAndStopsTheLaunchedServer() throws Exception {
        Path dir = Path.of("target", "test-reports", "sigterm");
        FaultReport.clean(dir);
        Path logs = Path.of("target", "test-reports", "sigterm-logs");
        Process p = Subprocess.harness(logs, "check", "--target", "launch", "--suite", "histories", "--time", "120s",
                "--out", dir.toString());
        try {
            int port = -1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Pattern launched = Pattern.compile("at 127\\.0\\.0\\.1:(\\d+)\\)");
            // wait for the server and the first progress line (every 2 s): histories are being checked
            while (System.nanoTime() < until) {
                String err = Files.readString(logs.resolve("stderr.txt"));
                Matcher m = launched.matcher(err);
                if (m.find()) port = Integer.parseInt(m.group(1));
                if (port > 0 && err.contains("histories checked")) break;
                assertTrue(p.isAlive(), "the harness ended early:\n" + err);
                Thread.sleep(100);
            }
            assertTrue(port > 0, "the launched server's port is printed");
            List<ProcessHandle> servers = p.toHandle().descendants().toList();
            assertFalse(servers.isEmpty(), "the launched redis-server runs under the harness");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the harness ends on SIGTERM");
            assertEquals(143, p.exitValue(), "the exit a shell expects after SIGTERM");
            JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
            assertEquals("INTERRUPTED", s.get("verdict").asText(), s.toString());
            assertTrue(s.get("counts").get("histories").asInt() > 0, "what was checked is in the report");
            assertEquals("INTERRUPTED", runError(dir));
            for (ProcessHandle h : servers) {
                h.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(h.isAlive(), "the launched redis-server is stopped");
            }
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                throw new AssertionError("something still listens on the launched server's port " + port);
            } catch (java.io.IOException refused) {
                // nothing there: good
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringDiffStopsTheLaunchedServer() throws Exception {
        Path logs = Path.of("target", "test-reports", "sigterm-diff-logs");
        Process p = Subprocess.harness(logs, "diff", "--target", "engine", "--against", "launch", "--out",
                Path.of("target", "test-reports", "sigterm-diff").toString());
        try {
            List<ProcessHandle> servers = List.of();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (servers.isEmpty() && p.isAlive() && System.nanoTime() < until) {
                servers = p.toHandle().descendants().toList(); // the launched redis-server is its only child
                Thread.sleep(10);
            }
            assertFalse(servers.isEmpty(), "a redis-server was launched:\n" + Files.readString(logs.resolve("stderr.txt")));
            awaitCommands(portOf(servers.get(0)), 50); // the diff's scenarios are reaching it
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle h : servers) {
                h.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(h.isAlive(), "the launched redis-server is stopped");
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
