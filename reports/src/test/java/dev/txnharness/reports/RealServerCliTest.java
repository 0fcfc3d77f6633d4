package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import dev.txnharness.properties.target.RedisServerLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./harness} on real redis-servers this test starts (never one it did not): a URL's password,
 * user and db, TLS, a server that holds keys, a managed server that refuses CONFIG SET, a cluster
 * node, a connection killed from outside, the Jedis target and differential mode between two
 * redis-servers. Exit 1 only where a reply contradicts Redis; every other ending is exit 2 with one
 * line, and no password is ever written.
 */
class RealServerCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPasswordInTheUrlIsSentAndNeverWritten() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            admin(server, "CONFIG", "SET", "requirepass", "s3cret-pw");
            Path dir = out("password");
            String url = "redis://:s3cret-pw@127.0.0.1:" + server.port();
            Cli c = Cli.run("check", "--target", url, "--suite", "scenarios", "--out", dir.toString());
            assertEquals(0, c.exit(), c.toString());
            assertTrue(c.out().contains("redis://:***@127.0.0.1:" + server.port()), c.out());
            assertFalse(c.toString().contains("s3cret-pw"), "the password on the console:\n" + c);
            for (Path f : files(dir)) assertFalse(Files.readString(f).contains("s3cret-pw"), "the password in " + f);

            Cli wrong = Cli.run("check", "--target", "redis://:nope-pw@127.0.0.1:" + server.port(), "--out", out("wrong").toString());
            assertEquals(2, wrong.exit(), wrong.toString());
            assertTrue(lastLine(wrong).contains("WRONGPASS") && !wrong.toString().contains("nope-pw"), wrong.toString());
            Cli none = Cli.run("check", "--target", "redis://127.0.0.1:" + server.port(), "--out", out("none").toString());
            assertEquals(2, none.exit(), none.toString());
            assertTrue(lastLine(none).contains("NOAUTH"), none.toString());
        }
    }

    @Test
    void aServerThatHoldsKeysIsRefusedUnlessFlushAndItsConfigIsPutBack() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            admin(server, "SET", "precious", "1");
            admin(server, "CONFIG", "SET", "maxmemory", "123456789");
            try (RespClient c = RespClient.connect("127.0.0.1", server.port())) {
                c.call("SELECT", "5");
                c.call("SET", "also", "1");
            }
            String url = "redis://127.0.0.1:" + server.port();
            Cli refused = Cli.run("check", "--target", url, "--suite", "scenarios", "--out", out("refused").toString());
            assertEquals(2, refused.exit(), refused.toString());
            assertTrue(lastLine(refused).contains("127.0.0.1:" + server.port() + " holds 1 key in db0, 1 key in db5")
                    && lastLine(refused).contains("--flush"), refused.toString());
            assertEquals(Reply.Bulk.of("1"), admin(server, "GET", "precious"), "nothing was erased");

            Cli allowed = Cli.run("check", "--target", url, "--flush", "--suite", "scenarios", "--out", out("flush").toString());
            assertEquals(0, allowed.exit(), allowed.toString());
            assertEquals(Reply.Array.of(Reply.Bulk.of("maxmemory"), Reply.Bulk.of("123456789")), admin(server, "CONFIG", "GET", "maxmemory"),
                    "the scenarios' CONFIG SET maxmemory was put back");
            assertFalse(((Reply.Bulk) admin(server, "INFO", "keyspace")).utf8().contains("keys="), "left empty");
        }
    }

    @Test
    void aRunKilledWithSigtermStillPutsTheConfigBack() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            admin(server, "CONFIG", "SET", "maxmemory", "123456789");
            // the harness as a process of its own (this JVM's class path), killed while its histories
            // run: the scenarios have set maxmemory by then, and only the shutdown hook can put it back
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.txnharness.reports.Main", "check",
                    "--target", "redis://127.0.0.1:" + server.port(), "--time", "60s", "--out", out("sigterm").toString())
                    .redirectErrorStream(true);
            Process p = pb.start();
            StringBuilder seen = new StringBuilder();
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null && !line.contains("histories on"); ) seen.append(line).append('\n');
                assertEquals(Reply.Array.of(Reply.Bulk.of("maxmemory"), Reply.Bulk.of("0")), admin(server, "CONFIG", "GET", "maxmemory"),
                        "the scenarios left maxmemory 0 behind them:\n" + seen);
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the harness ended on SIGTERM");
            } finally {
                p.destroyForcibly();
            }
            assertEquals(Reply.Array.of(Reply.Bulk.of("maxmemory"), Reply.Bulk.of("123456789")), admin(server, "CONFIG", "GET", "maxmemory"),
                    "put back by the shutdown hook:\n" + seen);
        }
    }

    @Test
    void aManagedServerThatRefusesConfigSetCouldNotRunThoseScenariosAndFailsNone() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            admin(server, "ACL", "SETUSER", "app", "on", ">app-pw", "~*", "&*", "+@all", "-config");
            Path dir = out("managed");
            Cli c = Cli.run("check", "--target", "redis://app:app-pw@127.0.0.1:" + server.port(), "--suite", "scenarios",
                    "--out", dir.toString());
            assertEquals(2, c.exit(), c.toString());
            JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
            assertEquals("COULD_NOT_RUN", s.get("verdict").asText());
            assertEquals(0, s.get("counts").get("scenariosFailed").asInt(), c.toString());
            assertEquals(2, s.get("counts").get("scenariosCouldNotRun").asInt(), "the two CONFIG SET maxmemory scenarios");
            assertTrue(Files.readString(dir.resolve("junit.xml")).contains("failures=\"0\""));
        }
    }

    @Test
    void aConnectionKilledFromOutsideIsIndeterminateNotAViolation() throws Exception {
        Path scn = out("killed").resolve("killed.scn");
        Files.createDirectories(scn.getParent());
        Files.writeString(scn, """
                # someone runs CLIENT KILL during the run
                B: SET k 1                         -> +OK
                A: CLIENT KILL TYPE normal         -> :1
                B: GET k                           -> "1"
                """);
        Cli c = Cli.run("replay", scn.toString(), "--target", "launch");
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.out().contains("indeterminate"), c.out());
    }

    @Test
    void rediss() throws Exception {
        Path dir = out("tls");
        TestTls tls = TestTls.make(dir.resolve("certs"));
        int tlsPort = freePort();
        try (RedisServerLauncher.Server server = RedisServerLauncher.start(tls.serverConfig(tlsPort, false).toArray(String[]::new))) {
            String url = "rediss://127.0.0.1:" + tlsPort;
            Cli c = Cli.run("check", "--target", url, "--tls-ca", tls.ca().toString(), "--suite", "scenarios",
                    "--out", dir.resolve("report").toString());
            assertEquals(0, c.exit(), c.toString());
            Cli untrusted = Cli.run("check", "--target", url, "--out", dir.resolve("untrusted").toString());
            assertEquals(2, untrusted.exit(), untrusted.toString());
            assertTrue(lastLine(untrusted).contains("TLS handshake") && lastLine(untrusted).contains("--tls-ca"), untrusted.toString());
            Cli insecure = Cli.run("check", "--target", url, "--insecure", "--suite", "histories", "--histories", "2",
                    "--out", dir.resolve("insecure").toString());
            assertEquals(0, insecure.exit(), insecure.toString());
            Cli jedis = Cli.run("check", "--target", "jedis+" + url, "--tls-ca", tls.ca().toString(), "--suite", "histories",
                    "--histories", "2", "--out", dir.resolve("jedis").toString());
            assertEquals(0, jedis.exit(), jedis.toString());
            Cli jedisUntrusted = Cli.run("check", "--target", "jedis+" + url, "--out", dir.resolve("jedis-untrusted").toString());
            assertEquals(2, jedisUntrusted.exit(), jedisUntrusted.toString());
            assertTrue(lastLine(jedisUntrusted).contains("--tls-ca"), jedisUntrusted.toString());
            Cli plainToTls = Cli.run("check", "--target", "redis://127.0.0.1:" + tlsPort, "--out", dir.resolve("plain").toString());
            assertEquals(2, plainToTls.exit(), plainToTls.toString());
        }
    }

    @Test
    void redissWithAClientCertificate() throws Exception {
        Path dir = out("tls-client");
        TestTls tls = TestTls.make(dir.resolve("certs"));
        int tlsPort = freePort();
        try (RedisServerLauncher.Server server = RedisServerLauncher.start(tls.serverConfig(tlsPort, true).toArray(String[]::new))) {
            String url = "rediss://127.0.0.1:" + tlsPort;
            Cli c = Cli.run("check", "--target", url, "--tls-ca", tls.ca().toString(), "--tls-cert", tls.clientCert().toString(),
                    "--tls-key", tls.clientKey().toString(), "--suite", "histories", "--histories", "2", "--out", dir.resolve("report").toString());
            assertEquals(0, c.exit(), c.toString());
            Cli without = Cli.run("check", "--target", url, "--tls-ca", tls.ca().toString(), "--out", dir.resolve("without").toString());
            assertEquals(2, without.exit(), without.toString());
            assertTrue(lastLine(without).contains("--tls-cert"), without.toString());
        }
    }

    @Test
    void aClusterNodeCouldNotRun() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start("cluster-enabled yes")) {
            Cli c = Cli.run("check", "--target", "redis://127.0.0.1:" + server.port(), "--out", out("cluster").toString());
            assertEquals(2, c.exit(), c.toString());
            assertTrue(lastLine(c).contains("this is a Redis Cluster node; the single-server suites cannot run on it: check the cluster with "
                    + "--target redis-cluster://"), c.toString());
        }
    }

    @Test
    void theJedisTargetPassesOnRedis70() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            Path dir = out("jedis");
            Cli c = Cli.run("check", "--target", "jedis+redis://127.0.0.1:" + server.port(), "--time", "3s", "--histories", "12",
                    "--out", dir.toString());
            assertEquals(0, c.exit(), c.toString());
            for (Path f : files(dir)) assertFalse(Files.readString(f).contains("[B@"), "a byte[] printed as [B@… in " + f);
        }
    }

    @Test
    void twoRedisServersListSetMembersInTheirOwnOrderAndThatIsNoDifference() throws Exception {
        Cli c = Cli.run("diff", "--target", "launch", "--against", "launch", "--out", out("diff").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("0 differ"), c.out());
    }

    private static Reply admin(RedisServerLauncher.Server server, String... cmd) throws IOException {
        try (RespClient c = RespClient.connect("127.0.0.1", server.port())) {
            return c.call(cmd);
        }
    }

    private static Path out(String name) throws IOException {
        Path dir = Path.of("target", "test-reports", "real-" + name);
        FaultReport.clean(dir);
        return dir;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String lastLine(Cli c) {
        return c.err().strip().lines().reduce((a, b) -> b).orElse("");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
