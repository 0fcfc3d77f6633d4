package dev.txnharness.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.Verdict;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.target.LaunchedRedisTarget;
import dev.txnharness.properties.target.RespTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keys that really expire on real time (issue 13): the expiry op the real-threads runner records
 * per short TTL ({@link Runs#withExpiries}), its window rule, real histories on a launched
 * redis-server with no false violation, and the engine's EXPIRY_DOES_NOT_TOUCH caught on real
 * threads behind its RESP server.
 */
class RealTimeExpiryTest {
  private static final Duration BUDGET = Duration.ofSeconds(10);
  private static final long MS = 1_000_000L;
  private static final long MARGIN = Runs.EXPIRY_MARGIN_MS;

  /**
   * {@code SET t:x v PX 100} answered over [0, 1] ms: the expiry's window is [100 - margin,
   * 101 + margin] ms. A GET of client 1 over [at, at + 1] ms answered {@code reply}.
   */
  private static Verdict getAt(long at, Reply reply) {
    Command set = Command.of("SET", "t:x", "v", "PX", "100");
    Command get = Command.of("GET", "t:x");
    List<Event> ev = new ArrayList<>(List.of(
        Event.invoke(0, set, 0), Event.ok(0, set, Reply.OK, MS),
        Event.invoke(1, get, at * MS), Event.ok(1, get, reply, (at + 1) * MS)));
    Execution e = new Execution("test", "threaded", new Workload(List.of(List.of(), List.of())),
        new History(ev), 2, 0, 0);
    Execution x = Runs.withExpiries(e, MARGIN);
    List<Call> expiries = x.calls().stream()
        .filter(c -> RedisCommands.isExpiry((Command) c.op())).toList();
    assertEquals(1, expiries.size(), "one expiry op per SET PX of a t: key");
    assertEquals((100 - MARGIN) * MS, expiries.get(0).invokeNanos());
    assertEquals((101 + MARGIN) * MS, expiries.get(0).returnNanos());
    return Invariants.check(x, BUDGET).verdict();
  }

  @Test
  void anOpInsideTheExpiryWindowAcceptsBothOutcomesAndOneOutsideItOnlyOne() {
    Reply alive = Reply.bulk("v");
    Reply gone = Reply.NIL;
    // well before the window: only alive
    assertEquals(Verdict.LINEARIZABLE, getAt(50, alive));
    assertEquals(Verdict.VIOLATION, getAt(50, gone));
    // inside the window, on either side of the TTL: both
    for (long at : new long[] {100 - MARGIN + 1, 100, 101, 101 + MARGIN - 2}) {
      assertEquals(Verdict.LINEARIZABLE, getAt(at, alive), "alive at " + at + " ms");
      assertEquals(Verdict.LINEARIZABLE, getAt(at, gone), "gone at " + at + " ms");
    }
    // after the window: only gone
    assertEquals(Verdict.LINEARIZABLE, getAt(101 + MARGIN + 1, gone));
    assertEquals(Verdict.VIOLATION, getAt(101 + MARGIN + 1, alive));
  }

  @Test
  void aSetWhoseReplyNeverCameGetsAnExpiryThatMayOrMayNotHappen() {
    Command set = Command.of("SET", "t:x", "v", "PX", "100");
    Execution e = new Execution("test", "threaded", new Workload(List.of(List.of())),
        new History(List.of(Event.invoke(0, set, 0), Event.info(0, set, MS))), 1, 0, 0);
    List<Call> calls = Runs.withExpiries(e, MARGIN).calls();
    assertEquals(2, calls.size());
    assertTrue(calls.get(1).unknown() && RedisCommands.isExpiry((Command) calls.get(1).op()));
  }

  /** The histories suite's real-threads shape: all blocks, the real-time expiry blocks among them. */
  private static Workload draw(long seed) {
    Workloads.Spec spec = Workloads.Spec.properties(4).withExpiry().withCoverage().onRealTime();
    return Workloads.onRealTime(Workloads.fixed(spec, 4, 12).draw(Choices.random(seed, Integer.MAX_VALUE)));
  }

  @Test
  void historiesWithKeysThatReallyExpireOnRedisHaveNoFalseViolation() throws Exception {
    int histories = Integer.getInteger("harness.expiryHistories", 30);
    int expiries = 0;
    int seenGone = 0; // a t: key's GET nil or a watched t: key's EXEC nil after its pause
    try (LaunchedRedisTarget redis = LaunchedRedisTarget.redis70()) {
      for (int i = 0; i < histories; i++) {
        long seed = 1000 + i;
        Execution e = Runs.threaded(redis, draw(seed));
        CheckResult<RedisInput, Reply> r = Invariants.check(e, BUDGET);
        assertNotEquals(Verdict.VIOLATION, r.verdict(), () -> "seed " + seed + ": " + r + "\n" + e);
        Invariants.counterMatchesCommits(e);
        Invariants.noHalfAppliedExec(e);
        for (Call c : e.calls()) {
          Command cmd = (Command) c.op();
          expiries += RedisCommands.isExpiry(cmd) ? 1 : 0;
          if (cmd.name().equals("GET") && cmd.arg(1).startsWith(Workloads.EXPIRING)
              && c.reply() instanceof Reply.NullBulk) {
            seenGone++;
          }
        }
      }
    }
    System.out.printf("real-time expiry on redis: %d histories, %d expiry ops, %d reads of an expired key%n",
        histories, expiries, seenGone);
    assertTrue(expiries >= histories, "about two expiry blocks per history: " + expiries);
    assertTrue(seenGone > 0, "some keys really expired while the histories ran");
  }

  @Test
  void expiryDoesNotTouchIsFoundOnRealThreadsBehindTheRespServer() throws Exception {
    int found = -1;
    try (RespTarget resp = RespTarget.start(Set.of(Fault.EXPIRY_DOES_NOT_TOUCH), Duration.ofSeconds(10))) {
      for (int i = 0; i < 50 && found < 0; i++) {
        Execution e = Runs.threaded(resp, draw(2000 + i));
        if (Invariants.check(e, BUDGET).verdict() == Verdict.VIOLATION) {
          found = i;
        }
      }
    }
    System.out.println("EXPIRY_DOES_NOT_TOUCH on resp, real threads: found at history " + found);
    assertTrue(found >= 0, "EXPIRY_DOES_NOT_TOUCH was not found in 50 real-threads histories");
  }

  @Test
  void theRespServerWithoutFaultsHasNoViolationOnRealThreads() throws Exception {
    try (RespTarget resp = RespTarget.start(Set.of(), Duration.ofSeconds(10))) {
      for (int i = 0; i < 20; i++) {
        Execution e = Runs.threaded(resp, draw(2000 + i));
        CheckResult<RedisInput, Reply> r = Invariants.check(e, BUDGET);
        assertNotEquals(Verdict.VIOLATION, r.verdict(), () -> r + "\n" + e);
      }
    }
  }
}
