package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.gen.Property;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.model.RedisState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Linearizability checks of Redis histories: per-command sessions and partitioning. */
class RedisCheckTest {
  private static final RedisModel MODEL = new RedisModel();
  private static final LinearizabilityChecker CHECKER =
      new LinearizabilityChecker(Duration.ofSeconds(10), 1);

  @Test
  void twoWatchedReadModifyWriteTransactionsCannotBothCommitOnTheSameRead() {
    AtomicLong clock = new AtomicLong();
    HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);
    step(h, 0, "SET x 0", Reply.OK);
    // clients 1 and 2 interleave WATCH x; GET x -> 0; MULTI; SET x n; EXEC
    for (String[] s : new String[][] {{"WATCH x", "+OK"}, {"GET x", "$0"}, {"MULTI", "+OK"}}) {
      h.invoke(1, cmd(s[0]));
      h.invoke(2, cmd(s[0]));
      h.ok(1, cmd(s[0]), parse(s[1]));
      h.ok(2, cmd(s[0]), parse(s[1]));
    }
    step(h, 1, "SET x 1", Reply.QUEUED);
    step(h, 2, "SET x 2", Reply.QUEUED);
    step(h, 1, "EXEC", Reply.array(List.of(Reply.OK)));
    step(h, 2, "EXEC", Reply.array(List.of(Reply.OK))); // lost update: must have been nil
    List<Operation<RedisInput, Reply>> ops = RedisModel.operations(h.history().calls());
    CheckResult<RedisInput, Reply> r = CHECKER.check(MODEL, ops);
    assertEquals(Verdict.VIOLATION, r.verdict());
    assertTrue(r.violation().reason().contains("EXEC"), r.explanation());

    // the same history where the second EXEC answers nil is linearizable
    List<Operation<RedisInput, Reply>> fixed = new ArrayList<>(ops);
    Operation<RedisInput, Reply> last = fixed.remove(fixed.size() - 1);
    fixed.add(Operation.of(last.id(), last.client(), last.input(), Reply.NIL_ARRAY, last.call(),
        last.ret()));
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, fixed).verdict());
  }

  @Test
  void aTransactionRecordWithALostUpdateIsAViolation() {
    AtomicLong clock = new AtomicLong();
    HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);
    step(h, 0, "SET x 0", Reply.OK);
    Op.Transaction t1 = new Op.Transaction(List.of("x"), List.of(Command.of("GET", "x")),
        List.of(Command.of("SET", "x", "1")));
    Op.Transaction t2 = new Op.Transaction(List.of("x"), List.of(Command.of("GET", "x")),
        List.of(Command.of("SET", "x", "2")));
    Reply committedOnZero =
        Op.Transaction.reply(List.of(Reply.bulk("0")), Reply.array(List.of(Reply.OK)));
    h.invoke(1, t1);
    h.invoke(2, t2);
    h.ok(1, t1, committedOnZero);
    h.ok(2, t2, committedOnZero);
    var ops = RedisModel.operations(h.history().calls());
    assertEquals(Verdict.VIOLATION, CHECKER.check(MODEL, ops).verdict());
  }

  /**
   * An SPOP whose reply was lost popped members the model cannot know: a later read that some
   * pop could explain is no violation (reads narrow nothing); writes whose replies show which
   * members are there narrow the candidates, and a reply no candidate explains is a violation.
   */
  @Test
  void aLostSpopReplyIsNoFalseAlarm() {
    AtomicLong clock = new AtomicLong();
    HistoryRecorder h = new HistoryRecorder(clock::incrementAndGet);
    h.invoke(0, Command.of("SADD", "s", "a", "b", "c"));
    h.ok(0, Command.of("SADD", "s", "a", "b", "c"), new Reply.Int(3));
    h.invoke(1, Command.of("SPOP", "s", "2"));
    h.info(1, Command.of("SPOP", "s", "2"));
    h.invoke(2, Command.of("SMEMBERS", "s"));
    h.ok(2, Command.of("SMEMBERS", "s"), Reply.array(List.of(Reply.bulk("b"))));
    h.invoke(2, Command.of("SADD", "s", "a"));
    h.ok(2, Command.of("SADD", "s", "a"), new Reply.Int(1));
    var ops = RedisModel.operations(h.history().calls());
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops).verdict());
    assertTrue(BruteForce.linearizable(MODEL, ops));
    h.invoke(2, Command.of("SREM", "s", "b"));
    h.ok(2, Command.of("SREM", "s", "b"), new Reply.Int(1)); // so {a, b} is left, or {a, c} was
    ops = RedisModel.operations(h.history().calls());
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(MODEL, ops).verdict());
    h.invoke(2, Command.of("SREM", "s", "c"));
    h.ok(2, Command.of("SREM", "s", "c"), new Reply.Int(1)); // c cannot be there any more
    ops = RedisModel.operations(h.history().calls());
    assertEquals(Verdict.VIOLATION, CHECKER.check(MODEL, ops).verdict());
  }

  static final Gen<Command> COMMANDS = c -> {
    String k = Gen.elements("a", "b").draw(c);
    switch ((int) c.choose(10)) {
      case 0: return Command.of("GET", k);
      case 1: return Command.of("SET", k, Gen.elements("0", "1").draw(c));
      case 2: return Command.of("INCR", k);
      case 3: return Command.of("WATCH", k);
      case 4: return Command.of("MULTI");
      case 5: return Command.of("EXEC");
      case 6: return Command.of("DISCARD");
      case 7: return Command.of("UNWATCH");
      case 8: return Command.of("SADD", k, Gen.elements("m", "n").draw(c));
      default: return RedisCheckTest.COVERAGE.draw(c);
    }
  };

  /** The commands issue 13 added to the model, on the same keys. */
  static final Gen<Command> COVERAGE = c -> {
    String k = Gen.elements("a", "b").draw(c);
    String other = k.equals("a") ? "b" : "a";
    String m = Gen.elements("m", "n").draw(c);
    switch ((int) c.choose(19)) {
      case 0: return Command.of("DEL", k);
      case 1: return Command.of("SREM", k, m);
      case 2: return Command.of("HSET", k, "f", m);
      case 3: return Command.of("HDEL", k, "f");
      case 4: return Command.of("SPOP", k);
      case 5: return Command.of("SPOP", k, Gen.elements("1", "2").draw(c));
      case 6: return Command.of("RPUSH", k, m, "o");
      case 7: return Gen.elements(Command.of("LPOP", k, "1"), Command.of("RPOP", k)).draw(c);
      case 8: return Gen.elements(Command.of("EXISTS", k, other), Command.of("TYPE", k),
          Command.of("SCARD", k), Command.of("TOUCH", k)).draw(c);
      case 9: return Command.of("RENAME", k, other);
      case 10: return Command.of("RENAMENX", k, other);
      case 11: return Command.of("COPY", k, other);
      case 12: return Command.of("SELECT", Gen.elements("1", "0").draw(c));
      case 13: return Command.of("MOVE", k, "1");
      case 14: return Command.of("COPY", k, k, "DB", "1");
      case 15: return Command.of("SWAPDB", "0", "1");
      case 16: return Command.of("QUIT");
      case 17: return RedisCommands.disconnect();
      default: return Command.of("FLUSHDB");
    }
  };

  /**
   * Random multi-client histories made by running random commands through the model at random
   * points inside random intervals, then sometimes corrupting a reply or losing an outcome.
   */
  /** One client's next few commands: a single command or a whole WATCH/MULTI/EXEC block. */
  static final Gen<List<Command>> BLOCKS = c -> {
    String k = Gen.elements("a", "b").draw(c);
    switch ((int) c.choose(8)) {
      case 0: return List.of(COMMANDS.draw(c));
      case 6: return List.of(COVERAGE.draw(c));
      case 7: return List.of(Command.of("SELECT", "1"), COMMANDS.draw(c), COMMANDS.draw(c));
      case 4: return List.of(Command.of("SADD", k, "m", "n", "o"), Command.of("SPOP", k, "2"));
      case 5: // chained: a queue-time error, DISCARD or EXEC, and a new MULTI on the connection
        return List.of(Command.of("MULTI"), Command.of("SET", k), Command.of(
            Gen.elements("DISCARD", "EXEC").draw(c)), Command.of("MULTI"), COVERAGE.draw(c),
            Command.of("EXEC"));
      case 1: return List.of(Command.of("WATCH", k), Command.of("MULTI"), Command.of("INCR", k),
          Command.of("EXEC"));
      case 2: return List.of(Command.of("MULTI"), Command.of("SET", k, "1"), Command.of("EXEC"));
      default: return List.of(Command.of("WATCH", k), Command.of("GET", k), Command.of("MULTI"),
          Command.of("SET", k, "0"), Command.of("EXEC"));
    }
  };

  /**
   * Random multi-client histories made by running random per-client scripts through the model
   * in a random interleaving, each command at a point inside a random interval, then sometimes
   * corrupting a reply or losing an outcome.
   */
  static final Gen<List<Operation<RedisInput, Reply>>> HISTORIES = c -> {
    int clients = 1 + (int) c.choose(3);
    List<List<Command>> scripts = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      List<Command> script = new ArrayList<>();
      for (List<Command> b : Gen.listOf(BLOCKS, 0, 3).draw(c)) {
        script.addAll(b);
      }
      scripts.add(script);
    }
    int n = 9;
    RedisState state = MODEL.init();
    Map<Integer, Long> lastRet = new HashMap<>();
    int[] next = new int[clients];
    List<Operation<RedisInput, Reply>> ops = new ArrayList<>();
    for (int i = 0; ops.size() < n; i++) {
      List<Integer> ready = new ArrayList<>();
      for (int k = 0; k < clients; k++) {
        if (next[k] < scripts.get(k).size()) {
          ready.add(k);
        }
      }
      if (ready.isEmpty()) {
        break;
      }
      c.startSpan();
      int client = ready.get((int) c.choose(ready.size()));
      Command cmd = scripts.get(client).get(next[client]++);
      long point = 20L * (i + 1);
      long call = Math.max(point - c.choose(10), lastRet.getOrDefault(client, -1L) + 1);
      long ret = point + c.choose(9);
      Reply reply = MODEL.expectedReply(state, client, cmd);
      state = MODEL.nextState(state, client, cmd);
      RedisInput in = new RedisInput(client, cmd);
      if (c.chance(0.08)) {
        ops.add(Operation.unknown(ops.size(), client, in, call));
        next[client] = Integer.MAX_VALUE / 2; // a client that lost its connection is done
      } else {
        if (c.chance(0.1)) {
          reply = corrupt(reply);
        }
        ops.add(Operation.of(ops.size(), client, in, reply, call, ret));
      }
      lastRet.put(client, ret);
      c.endSpan();
    }
    return ops;
  };

  private static Reply corrupt(Reply r) {
    if (r instanceof Reply.Int i) {
      return new Reply.Int(i.value() + 1);
    }
    if (r instanceof Reply.Bulk || r instanceof Reply.NullBulk) {
      return Reply.bulk("x");
    }
    if (r instanceof Reply.NullArray) {
      return Reply.array(List.of());
    }
    if (r instanceof Reply.Array) {
      return Reply.NIL_ARRAY;
    }
    return Reply.OK.equals(r) ? Reply.QUEUED : Reply.OK;
  }

  @Test
  void partitionedUnsplitAndBruteForceAgree() {
    Property.forAll(HISTORIES).tries(Math.max(200, Integer.getInteger("harness.tries", 100)))
        .check(ops -> {
          boolean expected = BruteForce.linearizable(MODEL, ops);
          Verdict want = expected ? Verdict.LINEARIZABLE : Verdict.VIOLATION;
          Property.label(expected ? "linearizable" : "violation");
          Property.label("parts: " + MODEL.partition(ops).size());
          for (Operation<RedisInput, Reply> op : ops) {
            if (op.output() instanceof Reply.Array && ((Command) op.input().op()).name()
                .equals("EXEC")) {
              Property.label("EXEC committed");
            } else if (Reply.NIL_ARRAY.equals(op.output())) {
              Property.label("EXEC aborted (nil)");
            }
          }
          Property.label("search ops: " + MODEL.prepare(ops).ops().size() + " of " + ops.size());
          for (Operation<RedisInput, Reply> op : ops) {
            String name = ((Command) op.input().op()).name();
            if (Set.of("SPOP", "SELECT", "SWAPDB", "MOVE", "RENAME", "QUIT",
                RedisCommands.DISCONNECT).contains(name)) {
              Property.label("has " + name);
            }
          }
          assertEquals(want, CHECKER.check(AS_RECORDED, ops).verdict(), "as recorded");
          assertEquals(want, CHECKER.check(new Unsplit<>(MODEL), ops).verdict(),
              "MULTI blocks collapsed, unsplit");
          assertEquals(want, CHECKER.check(MODEL, ops).verdict(), "collapsed and partitioned");
        });
  }

  /** The model searching every recorded command as an op of its own, in one part. */
  private static final Model<RedisState, RedisInput, Reply> AS_RECORDED = new Model<>() {
    @Override
    public RedisState init() {
      return MODEL.init();
    }

    @Override
    public RedisState step(RedisState state, RedisInput input, Reply output) {
      return MODEL.step(state, input, output);
    }
  };

  private static void step(HistoryRecorder h, int client, String line, Reply reply) {
    h.invoke(client, cmd(line));
    h.ok(client, cmd(line), reply);
  }

  private static Command cmd(String line) {
    return new Command(List.of(line.split(" ")));
  }

  private static Reply parse(String s) {
    return s.startsWith("+") ? new Reply.Simple(s.substring(1)) : Reply.bulk(s.substring(1));
  }
}
