package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.Prepared;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A MULTI block is one op in the search: its MULTI and QUEUED replies are checked on their own
 * connection, the evidence names the recorded commands again, and the checker's memory is a
 * budget that ends in UNKNOWN, never in a crash.
 */
class CollapseTest {
  private static final RedisModel MODEL = new RedisModel();
  private static final LinearizabilityChecker CHECKER =
      new LinearizabilityChecker(Duration.ofSeconds(30), 1);

  private final AtomicLong clock = new AtomicLong();
  private final HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);

  @Test
  void aBlockIsOneOpAtItsExec() {
    step(1, "WATCH a", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "SET a 1", Reply.QUEUED);
    step(1, "GET a", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.OK, Reply.bulk("1"))));
    List<Operation<RedisInput, Reply>> ops = ops();
    Prepared<RedisInput, Reply> p = MODEL.prepare(ops);
    assertEquals(2, p.ops().size(), "WATCH, and the block");
    Operation<RedisInput, Reply> block = p.ops().get(1);
    assertTrue(block.input().op() instanceof Op.Multi, block.toString());
    assertEquals(ops.get(4).call(), block.call(), "the block's interval is the EXEC's");
    assertEquals(ops.get(4).ret(), block.ret());
    assertEquals(ops.subList(1, 5), p.recorded(block), "the block stands for MULTI..EXEC");
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops).verdict());
  }

  @Test
  void aWrongQueuedReplyIsAViolationWithoutSearching() {
    step(2, "SET a 5", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "INCR a", Reply.array(List.of(new Reply.Int(6)))); // ran at once: not queued
    step(1, "EXEC", Reply.array(List.of()));
    CheckResult<RedisInput, Reply> r = CHECKER.check(MODEL, ops());
    assertEquals(Verdict.VIOLATION, r.verdict());
    assertEquals("INCR a", r.violation().blocked().input().op().toString());
    assertTrue(r.violation().reason().contains("depends on this connection alone"),
        r.violation().reason());
    assertEquals(0, r.configurations(), "decided before any search");
  }

  @Test
  void theEvidenceNamesTheRecordedCommands() {
    // client 1's transaction commits although client 2 changed the watched key in between
    step(1, "WATCH a", Reply.OK);
    step(2, "SET a 2", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "SET a 1", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.OK)));
    List<Operation<RedisInput, Reply>> ops = ops();
    CheckResult<RedisInput, Reply> r = CHECKER.check(MODEL, ops);
    assertEquals(Verdict.VIOLATION, r.verdict());
    Violation<RedisInput, Reply> v = r.violation();
    assertEquals(ops.get(4), v.blocked(), "the EXEC, as recorded");
    assertEquals(List.of(ops.get(0), ops.get(1)), v.prefix());
    assertTrue(v.reason().contains("EXEC answered [OK] but Redis would answer (nil array)"),
        v.reason());
  }

  @Test
  void aBlockCutShortByALostReplyNeverRan() {
    step(1, "MULTI", Reply.OK);
    h.invoke(1, cmd("SET a 1"));
    h.info(1, cmd("SET a 1")); // the client lost its connection: EXEC was never sent
    step(2, "GET a", Reply.NIL);
    step(3, "SET a 2", Reply.OK);
    step(2, "GET a", Reply.bulk("2"));
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops()).verdict());
  }

  @Test
  void anExecWithALostReplyMayHaveRunOrNot() {
    step(1, "MULTI", Reply.OK);
    step(1, "SET a 1", Reply.QUEUED);
    h.invoke(1, cmd("EXEC"));
    h.info(1, cmd("EXEC"));
    step(2, "GET a", Reply.bulk("1"));
    step(2, "GET a", Reply.bulk("1"));
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops()).verdict());
    step(2, "GET a", Reply.NIL); // once seen, the EXEC's write cannot be undone
    assertEquals(Verdict.VIOLATION, CHECKER.check(MODEL, ops()).verdict());
  }

  @Test
  void aClientThatGoesOnAfterALostReplyInsideABlockIsSearchedAsRecorded() {
    step(1, "MULTI", Reply.OK);
    h.invoke(1, cmd("SET a 1"));
    h.info(1, cmd("SET a 1"));
    step(1, "GET a", Reply.QUEUED); // the same connection, still in MULTI after all
    step(1, "EXEC", Reply.array(List.of(Reply.OK, Reply.bulk("1"))));
    List<Operation<RedisInput, Reply>> ops = ops();
    assertEquals(ops, MODEL.prepare(ops).ops(), "not collapsed");
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops).verdict());
  }

  @Test
  void thePublishedMultiBlockHistoryIsAViolationAtTheStaleRead() throws Exception {
    List<Operation<RedisInput, Reply>> ops = published();
    assertEquals(1155, ops.size());
    assertEquals(504, MODEL.prepare(ops).ops().size(), "504 ops once each block is one");
    CheckResult<RedisInput, Reply> r = CHECKER.check(MODEL, ops);
    assertEquals(Verdict.VIOLATION, r.verdict(), r.explanation());
    Operation<RedisInput, Reply> blocked = r.violation().blocked();
    assertEquals(1, blocked.client());
    assertEquals("GET {g0}k1", blocked.input().op().toString());
    assertEquals(Reply.bulk("v350"), blocked.output());
    assertTrue(r.violation().reason().contains("client 1: GET {g0}k1 -> \"v350\""),
        r.violation().reason());
  }

  @Test
  void aSpentMemoryBudgetIsUnknown() throws Exception {
    List<Operation<RedisInput, Reply>> ops = published();
    CheckResult<RedisInput, Reply> r =
        new LinearizabilityChecker(Duration.ofSeconds(30), 1, 64 * 1024).check(MODEL, ops);
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertNotNull(r.spent());
    assertTrue(r.spent().contains("memory budget"), r.spent());
    assertTrue(r.explanation().contains("memory budget"), r.explanation());
  }

  @Test
  void runningOutOfHeapIsUnknownNotACrash() {
    step(1, "SET a 1", Reply.OK);
    step(2, "GET a", Reply.bulk("1"));
    Model<Object, RedisInput, Reply> starved = new Model<>() {
      @Override
      public Object init() {
        return "s";
      }

      @Override
      public Object step(Object state, RedisInput input, Reply output) {
        throw new OutOfMemoryError("Java heap space (simulated)");
      }
    };
    CheckResult<RedisInput, Reply> r = CHECKER.check(starved, ops());
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertTrue(r.spent().contains("ran out of memory"), r.spent());
  }

  /** The published multi-block history (see the test resources' README). */
  private List<Operation<RedisInput, Reply>> published() throws Exception {
    try (Reader r = new InputStreamReader(getClass().getResourceAsStream(
        "/histories/redis/multi-blocks-8c-504.jsonl"), StandardCharsets.UTF_8)) {
      return RedisModel.operations(HistoryJson.read(r).calls());
    }
  }

  private List<Operation<RedisInput, Reply>> ops() {
    return new ArrayList<>(RedisModel.operations(h.history().calls()));
  }

  private void step(int client, String line, Reply reply) {
    h.invoke(client, cmd(line));
    h.ok(client, cmd(line), reply);
  }

  private static Command cmd(String line) {
    return new Command(List.of(line.split(" ")));
  }
}
