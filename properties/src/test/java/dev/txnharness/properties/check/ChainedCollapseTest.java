package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.Prepared;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Transactions chained on one connection collapse into one block each: a queue-time error then
 * DISCARD then a new MULTI; a run-time error in EXEC then another EXEC; EXECABORT then more
 * commands; a nil EXEC then a new WATCH / MULTI; QUIT or the runner's disconnect end a block like
 * DISCARD; a queued SELECT moves the client at EXEC. Each history is checked collapsed and as
 * recorded, with the same verdict.
 */
class ChainedCollapseTest {
  private static final RedisModel MODEL = new RedisModel();
  private static final LinearizabilityChecker CHECKER =
      new LinearizabilityChecker(Duration.ofSeconds(10), 1);
  private static final Reply EXECABORT =
      Reply.error("EXECABORT Transaction discarded because of previous errors.");

  private final AtomicLong clock = new AtomicLong();
  private final HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);

  @Test
  void aQueueTimeErrorThenDiscardThenANewMulti() {
    step(1, "MULTI", Reply.OK);
    step(1, "SET a", Reply.error("ERR wrong number of arguments for 'set' command"));
    step(1, "DISCARD", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "SET a 1", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.OK)));
    step(2, "GET a", Reply.bulk("1"));
    assertBlocks(2, 1);
  }

  @Test
  void aRunTimeErrorInExecThenAnotherExec() {
    step(1, "SET a v", Reply.OK);
    step(1, "WATCH a", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "LPOP a", Reply.QUEUED);
    step(1, "SET a w", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.error(
        "WRONGTYPE Operation against a key holding the wrong kind of value"), Reply.OK)));
    step(2, "SET a x", Reply.OK); // the watch is gone: EXEC unwatched it
    step(1, "MULTI", Reply.OK);
    step(1, "GET a", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.bulk("x"))));
    assertBlocks(2, 3);
  }

  @Test
  void execabortThenTheNextCommandsRunOutsideMulti() {
    step(1, "WATCH a", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "NOSUCHCMD a", Reply.error(
        "ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' "));
    step(1, "EXEC", EXECABORT);
    step(2, "SET a 5", Reply.OK);
    step(1, "GET a", Reply.bulk("5"));
    step(1, "MULTI", Reply.OK);
    step(1, "INCR a", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(new Reply.Int(6))));
    assertBlocks(2, 3);
  }

  @Test
  void aNilExecThenANewWatchAndMulti() {
    step(1, "WATCH a", Reply.OK);
    step(2, "SET a 1", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "INCR a", Reply.QUEUED);
    step(1, "EXEC", Reply.NIL_ARRAY);
    step(1, "WATCH a", Reply.OK);
    step(1, "GET a", Reply.bulk("1"));
    step(1, "MULTI", Reply.OK);
    step(1, "INCR a", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(new Reply.Int(2))));
    assertBlocks(2, 4);
  }

  @Test
  void aSecondExecThatCommitsAfterANilOneIsAViolationIfTheWatchWasTouched() {
    step(1, "WATCH a", Reply.OK);
    step(2, "SET a 1", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "EXEC", Reply.NIL_ARRAY);
    step(1, "WATCH a", Reply.OK);
    step(2, "SET a 2", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "EXEC", Reply.array(List.of())); // must be nil: a was touched after the new WATCH
    assertEquals(2, blocks(MODEL.prepare(ops())));
    assertEquals(Verdict.VIOLATION, CHECKER.check(MODEL, ops()).verdict());
    assertEquals(Verdict.VIOLATION, CHECKER.check(new Unsplit<>(MODEL), ops()).verdict());
  }

  @Test
  void quitAndDisconnectEndABlockLikeDiscard() {
    step(1, "WATCH a", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "SET a 1", Reply.QUEUED);
    step(1, "QUIT", Reply.OK);
    step(2, "SET a 2", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "GET a", Reply.QUEUED);
    step(1, RedisCommands.DISCONNECT, Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "INCR a", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(new Reply.Int(3))));
    assertBlocks(3, 2);
  }

  @Test
  void aQueuedSelectMovesTheClientAtExec() {
    step(1, "SET a zero", Reply.OK);
    step(1, "MULTI", Reply.OK);
    step(1, "SELECT 1", Reply.QUEUED);
    step(1, "SET a one", Reply.QUEUED);
    step(1, "EXEC", Reply.array(List.of(Reply.OK, Reply.OK)));
    step(1, "GET a", Reply.bulk("one"));
    step(2, "GET a", Reply.bulk("zero"));
    assertBlocks(1, 3);
    step(1, "SELECT 0", Reply.OK);
    step(1, "GET a", Reply.bulk("one")); // wrong: database 0 holds "zero"
    assertEquals(Verdict.VIOLATION, CHECKER.check(MODEL, ops()).verdict());
  }

  /** The history is linearizable, both collapsed (into {@code blocks} blocks) and as recorded. */
  private void assertBlocks(int blocks, int others) {
    List<Operation<RedisInput, Reply>> ops = ops();
    Prepared<RedisInput, Reply> p = MODEL.prepare(ops);
    assertTrue(p.blocked() == null, p.reason());
    assertEquals(blocks, blocks(p), p.ops().toString());
    assertEquals(others, p.ops().size() - blocks, p.ops().toString());
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops).verdict());
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(new Unsplit<>(MODEL), ops).verdict());
    assertTrue(BruteForce.linearizable(MODEL, ops), "as recorded, every order");
  }

  private static long blocks(Prepared<RedisInput, Reply> p) {
    return p.ops().stream().filter(o -> o.input().op() instanceof Op.Multi).count();
  }

  private List<Operation<RedisInput, Reply>> ops() {
    return new ArrayList<>(RedisModel.operations(h.history().calls()));
  }

  private void step(int client, String line, Reply reply) {
    Command c = new Command(List.of(line.split(" ")));
    h.invoke(client, c);
    h.ok(client, c, reply);
  }
}
