package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, input validation: a bad value is exit 2 with one line naming the option and its range,
 * before anything runs; a file that is not a history of the named model is refused with the first
 * offending line, never checked as an empty "linearizable".
 */
class InputValidationTest {

    @Test
    void outOfRangeOptionsAreRefusedWithTheRange() {
        refused("--time must be from 100ms to 7d", "check", "--time", "0");
        refused("--time must be from 100ms to 7d", "check", "--time", "-5s");
        refused("--time must be from 100ms to 7d", "check", "--time", "99999999h");
        refused("too long a duration", "check", "--time", "1e400h");
        refused("--check-budget must be from 100ms to 1d", "check", "--check-budget", "0");
        refused("--ops must be from 1 to 1,000,000", "check", "--ops", "100000000");
        refused("--clients must be from 1 to 1,024", "check", "--clients", "100000");
        refused("--histories must be from 0", "check", "--histories", "-1");
        refused("--check-budget must be from 100ms to 1d", "replay", "--check-budget", "0", "x.jsonl");
    }

    private static void refused(String why, String... args) {
        long t0 = System.nanoTime();
        Cli c = Cli.run(args);
        assertEquals(2, c.exit(), String.join(" ", args) + ": " + c);
        assertTrue(c.err().lines().findFirst().orElse("").contains(why), c.err());
        assertTrue(c.out().isEmpty(), "nothing ran: " + c.out());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused at once");
    }

    @Test
    void manyClientsStayWithinTheTimeBudget() {
        Path dir = Path.of("target", "test-reports", "many-clients");
        long t0 = System.nanoTime();
        Cli c = Cli.run("check", "--suite", "histories", "--clients", "1024", "--time", "2s", "--out", dir.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(c.exit() == 0 || c.exit() == 3, c.toString());
        // budget 2 s, then 2 s for the history in flight, then 1 s for it to stop, and the report
        assertTrue(secs < 8, "took " + secs + " s for a 2 s budget");
    }

    @Test
    void replayOfAnEmptyFileIsRefused() throws Exception {
        Path empty = Files.createTempFile("empty", ".jsonl");
        Cli c = Cli.run("replay", empty.toString());
        assertEquals(2, c.exit(), c.toString());
        assertEquals("harness: could not run: cannot read history " + empty + ": no events (an empty file?)", c.err().strip());
    }

    @Test
    void aFileOfAnotherKindIsNotLinearizable() throws Exception {
        Path passwd = Files.writeString(Files.createTempFile("passwd", ".txt"), "root:x:0:0:root:/root:/bin/bash\n");
        Path empty = Files.createTempFile("empty", ".txt");
        Path redis = Files.writeString(Files.createTempFile("history", ".jsonl"),
                "{\"type\":\"invoke\",\"client\":0,\"nanos\":1,\"op\":{\"cmd\":[\"GET\",\"k\"]}}\n"
                + "{\"type\":\"ok\",\"client\":0,\"nanos\":2,\"op\":{\"cmd\":[\"GET\",\"k\"]},\"reply\":{\"$\":null}}\n");
        notA("line 1 is not a Jepsen etcd log line", "etcd", passwd);
        notA("has no ops", "etcd", empty);
        notA("has no ops", "kv", empty);
        notA("line 1 is not a Porcupine kv log line", "kv", redis);
        notA("line 1", "redis", passwd);
        notA("has no events", "redis", empty);
        Path etcd = Files.writeString(Files.createTempFile("etcd", ".log"),
                "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n\nINFO  jepsen.util - 1\t:ok\t:read\tnil\nnot a log line\n");
        notA("line 4 is not a Jepsen etcd log line", "etcd", etcd);
        assertEquals(0, Cli.run("linearizable", "--model", "redis", redis.toString()).exit(), "a real history still passes");
        notA("--budget must be from 0.1s to 24h", "redis", redis, "--budget", "-5s");
    }

    private static void notA(String why, String model, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("linearizable", "--model", model));
        args.addAll(List.of(more));
        args.add(file.toString());
        Cli c = Cli.run(args.toArray(String[]::new));
        assertEquals(2, c.exit(), model + " " + file + ": " + c);
        assertEquals(1, c.out().strip().lines().count(), "one line: " + c.out());
        assertTrue(c.out().contains(why), c.out());
    }
}
