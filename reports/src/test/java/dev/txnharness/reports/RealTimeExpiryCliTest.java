package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The histories suite with keys that really expire (issue 13): on a redis-server this test launches,
 * 30 histories with short TTLs on client-private keys and no false violation (exit 0); on the engine
 * behind its RESP server, on real threads, EXPIRY_DOES_NOT_TOUCH is a violation (exit 1).
 */
class RealTimeExpiryCliTest {

    @Test
    void historiesWithKeysThatReallyExpireOnALaunchedRedisPass() throws Exception {
        Path dir = Files.createTempDirectory("expiry-launch");
        Cli c = Cli.run("check", "--target", "launch", "--suite", "histories", "--histories", "30", "--time", "5m",
                "--seed", "11", "--out", dir.toString());
        assertEquals(0, c.exit(), c.toString());
        Matcher m = Pattern.compile("@EXPIRY (\\d+)").matcher(c.out());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 30, "the histories had keys that expired on real time:\n" + c);
    }

    @Test
    void aHistoryWithRealTimeExpiriesIsNotReplayedInOneOrder() throws Exception {
        Command set = Command.of("SET", "t:0.1", "v", "PX", "100");
        Command expiry = RedisCommands.expiry("t:0.1");
        History h = new History(List.of(Event.invoke(0, set, 0), Event.ok(0, set, Reply.OK, 1_000_000),
                Event.invoke(1, expiry, 75_000_000), Event.ok(1, expiry, Reply.OK, 126_000_000)));
        Path file = Files.createTempDirectory("expiry-replay").resolve("history-1.jsonl");
        try (var w = Files.newBufferedWriter(file)) {
            HistoryJson.write(h, w);
        }
        Cli c = Cli.run("replay", file.toString(), "--target", "engine");
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.toString().contains("linearizable --model redis"), c.toString());
        Cli lin = Cli.run("linearizable", "--model", "redis", file.toString());
        assertEquals(0, lin.exit(), lin.toString());
    }

    @Test
    void expiryDoesNotTouchIsCaughtOnRealThreadsOverResp() throws Exception {
        Path dir = Files.createTempDirectory("expiry-resp");
        Cli c = Cli.run("check", "--target", "resp", "--fault", "EXPIRY_DOES_NOT_TOUCH", "--suite", "histories",
                "--schedule", "threads", "--histories", "40", "--time", "5m", "--seed", "7", "--out", dir.toString());
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.out().contains("found on real threads"), c.toString());
    }
}
