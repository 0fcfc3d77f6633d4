package dev.txnharness.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.gen.Property;
import dev.txnharness.properties.gen.Statistics;
import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.RespTarget;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The workload properties ({@link Invariants}) on every target named by {@code -Dharness.target}
 * (comma-separated; the build sets engine,resp,redis), in real-threads mode, and in
 * deterministic-schedule mode on the in-process engine. A launched redis-server is started here;
 * if it cannot start, the tests fail with the launcher's message (never skipped).
 *
 * <p>The linearizability property checks all three invariants on mixed workloads; the counter
 * and half-applied properties check their own invariant on workloads made only of CAS loops or
 * pair transactions (16 clients CAS-looping on one key over TCP is a hard input for a
 * linearizability checker and its own question is simpler).
 *
 * <p>Tries: {@code -Dharness.tries} (default 100) per deterministic property; the threaded ones run
 * half of that (each example is a whole multi-threaded run). Seeds: fresh each run, printed
 * on failure with the replay command.
 */
class WorkloadPropertiesTest {
  private static final Duration BUDGET = Duration.ofSeconds(20);
  private static final List<Target> opened = new ArrayList<>();

  static List<String> targetNames() {
    String spec = System.getProperty("harness.target", "engine,resp,redis");
    List<String> out = new ArrayList<>();
    for (String s : spec.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  static int tries() {
    return Integer.getInteger("harness.tries", 100);
  }

  static int threadedTries() {
    return Math.max(5, tries() / 2);
  }

  @TestFactory
  Stream<DynamicNode> everyPropertyOnEveryTarget() {
    return targetNames().stream().map(name -> {
      Target[] holder = new Target[1];
      return DynamicContainer.dynamicContainer("target " + name, Stream.of(
          threaded(name, holder, "every history is linearizable (threads)",
              Workloads.Spec.properties(16), e -> Invariants.hold(e, BUDGET)),
          threaded(name, holder, "the CAS-increment counter equals the committed EXECs (threads)",
              Workloads.Spec.properties(16).focus(Workloads.Focus.CAS),
              Invariants::counterMatchesCommits),
          threaded(name, holder, "no EXEC is ever seen half-applied (threads)",
              Workloads.Spec.properties(16).focus(Workloads.Focus.PAIRS),
              Invariants::noHalfAppliedExec),
          threaded(name, holder, "every history with the issue 13 commands is linearizable"
              + " (threads)", Workloads.Spec.properties(8).withCoverage(), e -> {
                labelCoverage(e);
                Invariants.hold(e, BUDGET);
              })));
    });
  }

  private static DynamicTest threaded(String name, Target[] holder, String title,
      Workloads.Spec spec, Consumer<Execution> property) {
    return DynamicTest.dynamicTest(title, () -> {
      if (holder[0] == null) {
        holder[0] = Targets.of(name); // throws with the launcher's reason: no silent skip
        synchronized (opened) {
          opened.add(holder[0]);
        }
      }
      Target t = holder[0];
      Statistics s = Property.forAll(Workloads.workloads(spec)).tries(threadedTries())
          .named(title + " on " + name).check(w -> {
            Execution e = Runs.threaded(t, w);
            label(e);
            property.accept(e);
          });
      assertTrue(s.examples() > 0);
    });
  }

  @Test
  void deterministicScheduleOnTheEngineIsLinearizable() {
    Statistics s = Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(Workloads.Spec.properties(16)), 0)).tries(tries()).check(e -> {
          label(e);
          Invariants.hold(e, BUDGET);
        });
    assertTrue(s.count("EXEC committed") > 0 && s.count("EXEC aborted (nil)") > 0
        && s.count("EXECABORT") > 0, "the workloads should commit and abort: " + s.counts());
  }

  @Test
  void deterministicScheduleWithOverlappingIntervalsIsLinearizable() {
    Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(Workloads.Spec.properties(8)), 3)).tries(tries()).check(e -> {
          label(e);
          Invariants.hold(e, BUDGET);
        });
  }

  @Test
  void deterministicScheduleWithTheIssue13CommandsIsLinearizable() {
    Statistics s = deterministicWithCoverage("deterministicScheduleWithTheIssue13CommandsIsLinearizable", Workloads.Spec.properties(8), 0);
    for (String l : List.of("a pop that popped", "a disconnect or QUIT",
        "a command in database 1", "a transaction after a nil EXEC")) {
      assertTrue(s.count(l) > 0, l + " should happen: " + s.counts());
    }
  }

  @Test
  void deterministicScheduleWithTheIssue13CommandsAndOverlappingIntervalsIsLinearizable() {
    deterministicWithCoverage("deterministicScheduleWithTheIssue13CommandsAndOverlappingIntervalsIsLinearizable", Workloads.Spec.properties(6), 3);
  }

  @Test
  void deterministicScheduleWithTheIssue13CommandsAndFlushesIsLinearizable() {
    Statistics s = deterministicWithCoverage("deterministicScheduleWithTheIssue13CommandsAndFlushesIsLinearizable", Workloads.Spec.withFlush(6), 0);
    assertTrue(s.count("SWAPDB") > 0, "SWAPDB should happen: " + s.counts());
  }

  /** RENAME, COPY, MOVE and SWAPDB carry TTLs along: with expiry blocks and clock steps. */
  @Test
  void deterministicScheduleWithTheIssue13CommandsAndExpiryIsLinearizable() {
    deterministicWithCoverage("deterministicScheduleWithTheIssue13CommandsAndExpiryIsLinearizable", Workloads.Spec.withFlush(6).withExpiry(), 0);
  }

  /** Deterministic-schedule runs on the engine of {@code spec} with the issue 13 blocks. */
  private static Statistics deterministicWithCoverage(String test, Workloads.Spec spec,
      int overlap) {
    return Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(spec.withCoverage()), overlap)).tries(tries())
        .named("WorkloadPropertiesTest#" + test).check(e -> {
          label(e);
          labelCoverage(e);
          Invariants.hold(e, BUDGET);
        });
  }

  @Test
  void deterministicScheduleWithFlushesIsLinearizable() {
    Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(Workloads.Spec.withFlush(6)), 0)).tries(tries()).check(e -> {
          label(e);
          Invariants.hold(e, BUDGET);
        });
  }

  @Test
  void deterministicScheduleWithExpiryIsLinearizable() {
    Statistics s = Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(Workloads.Spec.properties(6).withExpiry()), 0)).tries(tries())
        .check(e -> {
          label(e);
          labelExpiry(e);
          Invariants.hold(e, BUDGET);
        });
    assertTrue(s.count("a watched key expired before EXEC") > 0,
        "the workloads should let a watched key expire: " + s.counts());
  }

  @Test
  void deterministicScheduleWithExpiryAndOverlappingIntervalsIsLinearizable() {
    Property.forAll(Runs.deterministicRuns(EngineTarget::new,
        Workloads.workloads(Workloads.Spec.properties(6).withExpiry()), 3)).tries(tries())
        .check(e -> {
          label(e);
          Invariants.hold(e, BUDGET);
        });
  }

  /** The same over the wire: the RESP target's engine runs on a clock the harness moves too. */
  @Test
  void deterministicScheduleWithExpiryOverRespIsLinearizable() {
    Statistics s = Property.forAll(Runs.deterministicRuns(RespTarget::start,
        Workloads.workloads(Workloads.Spec.properties(6).withExpiry()), 0)).tries(Math.max(1, tries() / 2))
        .check(e -> {
          labelExpiry(e);
          Invariants.hold(e, BUDGET);
        });
    assertTrue(s.count("a watched key expired before EXEC") > 0,
        "the workloads should let a watched key expire: " + s.counts());
  }

  @Test
  void expiryWorkloadsNeedAControlledClock() {
    Workload w = new Workload(List.of(List.of(new Step.AdvanceClock(150))));
    try (EngineTarget t = new EngineTarget()) {
      assertThrows(IllegalArgumentException.class, () -> Runs.threaded(t, w));
    }
    Workload ttl = new Workload(List.of(
        List.of(new Step.Send(Op.Command.of("SET", "a", "1", "PX", "100")))));
    assertTrue(ttl.usesExpiry());
    assertTrue(!new Workload(List.of(
        List.of(new Step.Send(Op.Command.of("SET", "a", "1"))))).usesExpiry());
  }

  /**
   * On real time (a server whose clock the harness does not move) the expiry blocks lose their
   * clock steps and get TTLs too long to run out: such workloads run on real threads, keep their
   * TTL commands, and stay linearizable on the engine.
   */
  @Test
  void realTimeWorkloadsKeepTtlsThatNeverRunOut() {
    Statistics s = Property.forAll(Workloads.workloads(Workloads.Spec.properties(4).withExpiry()).map(Workloads::onRealTime))
        .tries(threadedTries())
        .check(w -> {
          assertTrue(!w.usesExpiry(), () -> "no clock step and no short TTL left: " + w);
          for (List<Step> steps : w.clients()) {
            for (Step st : steps) {
              if (st instanceof Step.Send send && send.command().argv().contains(Long.toString(Workloads.REAL_TIME_TTL_MS))) {
                Property.label("a TTL command");
              }
            }
          }
          try (EngineTarget t = new EngineTarget()) {
            Invariants.hold(Runs.threaded(t, w), BUDGET);
          }
        });
    assertTrue(s.count("a TTL command") > 0, "the workloads should keep TTL commands: " + s.counts());
    Workload ttl = Workloads.onRealTime(new Workload(List.of(List.of(
        new Step.Send(Op.Command.of("SET", "a", "1", "PX", "100")), new Step.AdvanceClock(150),
        new Step.Send(Op.Command.of("PEXPIRE", "a", "250"))))));
    assertEquals(List.of(new Step.Send(Op.Command.of("SET", "a", "1", "PX", "600000")),
        new Step.Send(Op.Command.of("PEXPIRE", "a", "600000"))), ttl.clients().get(0));
  }

  /** Labels a run where a WATCH was followed, before the watcher's EXEC, by a clock step. */
  static void labelExpiry(Execution e) {
    java.util.Set<Integer> watching = new java.util.HashSet<>();
    java.util.Set<Integer> clocked = new java.util.HashSet<>();
    for (Call c : e.calls()) {
      if (!(c.op() instanceof Op.Command cmd)) {
        continue;
      }
      if (RedisCommands.isClock(cmd)) {
        clocked.addAll(watching);
      } else if (cmd.name().equals("WATCH")) {
        watching.add(c.client());
      } else if (cmd.name().equals("EXEC") || cmd.name().equals("UNWATCH")
          || cmd.name().equals("DISCARD")) {
        if (clocked.remove(c.client()) && cmd.name().equals("EXEC")
            && c.reply() instanceof Reply.NullArray) {
          Property.label("a watched key expired before EXEC");
        }
        watching.remove(c.client());
      }
    }
  }

  /** Labels what the issue 13 blocks did in a run. */
  static void labelCoverage(Execution e) {
    java.util.Set<Integer> nilExec = new java.util.HashSet<>();
    for (Call c : e.calls()) {
      if (!(c.op() instanceof Op.Command cmd) || c.unknown()) {
        continue;
      }
      switch (cmd.name()) {
        case "SPOP", "LPOP", "RPOP" -> {
          if (c.reply() instanceof Reply.Array a && !a.items().isEmpty()
              || c.reply() instanceof Reply.Bulk) {
            Property.label("a pop that popped");
          }
        }
        case "QUIT", RedisCommands.DISCONNECT -> Property.label("a disconnect or QUIT");
        case "SELECT" -> Property.label("a command in database 1");
        case "SWAPDB", "MOVE" -> Property.label(cmd.name());
        case "RENAME", "RENAMENX", "COPY" -> Property.label("RENAME / COPY");
        case "EXEC" -> {
          if (nilExec.remove(c.client()) && c.reply() instanceof Reply.Array) {
            Property.label("a transaction after a nil EXEC");
          }
          if (c.reply() instanceof Reply.NullArray) {
            nilExec.add(c.client());
          }
        }
        default -> { }
      }
    }
  }

  /** Statistics: what the examples did (printed after each property). */
  static void label(Execution e) {
    int n = e.workload().size();
    Property.label(n <= 4 ? "2-4 clients" : n <= 8 ? "5-8 clients" : "9-16 clients");
    for (Call c : e.calls()) {
      if (c.op() instanceof Op.Command cmd && cmd.name().equals("EXEC")) {
        if (c.unknown()) {
          Property.label("EXEC outcome unknown");
        } else if (c.reply() instanceof Reply.Array) {
          Property.label("EXEC committed");
        } else if (c.reply() instanceof Reply.NullArray) {
          Property.label("EXEC aborted (nil)");
        } else if (c.reply() instanceof Reply.Error err && err.code().equals("EXECABORT")) {
          Property.label("EXECABORT");
        }
      }
    }
    if (e.casCommitted() > 0) {
      Property.label("CAS committed");
    }
  }

  @AfterAll
  static void closeTargets() {
    synchronized (opened) {
      for (Target t : opened) {
        t.close();
      }
      opened.clear();
    }
  }
}
