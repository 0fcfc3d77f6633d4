package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearizableMainTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private int run(String... args) {
    return LinearizableMain.run(args, out);
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String file(String name) {
    return SharedHistoriesTest.dir().resolve(name).toString();
  }

  @Test
  void exitCodesFollowTheVerdict() {
    assertEquals(0, run("--model", "etcd", file("jepsen/etcd_002.log")));
    assertTrue(output().startsWith("LINEARIZABLE\n"), output());
    assertEquals(1, run("--model", "etcd", file("jepsen/etcd_000.log")));
    assertTrue(output().contains("VIOLATION\nnot linearizable\nlongest linearizable prefix"));
    assertEquals(0, run("--model", "kv", file("kv/c10-ok.txt")));
    assertEquals(1, run("--model", "kv", "--no-partition", file("kv/c10-bad.txt")));
    assertTrue(output().contains("time: "), output());
  }

  @Test
  void usageErrorsSayWhatIsWrongInOneLine() {
    assertEquals(2, run(file("kv/c10-ok.txt")));
    assertTrue(output().endsWith("FILE: missing --model etcd|kv|redis\n"), output());
    assertEquals(2, run("--model", "zk", file("kv/c10-ok.txt")));
    assertEquals(2, run("--model", "kv", "/no/such/file"));
    assertTrue(output().contains("no such file: /no/such/file"), output());
    assertEquals(2, run("--model", "kv", "--budget", "soon", file("kv/c10-ok.txt")));
    assertEquals(4, output().lines().count());
  }

  @Test
  void redisJsonLinesHistoriesAreChecked(@TempDir Path dir) throws Exception {
    AtomicLong clock = new AtomicLong();
    HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);
    Command set = Command.of("SET", "k", "1");
    Command get = Command.of("GET", "k");
    h.invoke(1, set);
    h.ok(1, set, Reply.OK);
    h.invoke(2, get);
    h.ok(2, get, Reply.NIL); // stale: SET returned before GET was called
    Path f = dir.resolve("h.jsonl");
    History history = h.history();
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      HistoryJson.write(history, w);
    }
    assertEquals(1, run("--model", "redis", f.toString()));
    assertTrue(output().contains("GET k answered (nil) but Redis would answer \"1\""), output());
  }
}
