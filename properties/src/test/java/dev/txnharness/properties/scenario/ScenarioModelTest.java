package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Replies;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.properties.model.RedisModel;
import dev.txnharness.properties.model.RedisState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Redis model agrees with every built-in scenario it can run: the scenarios' replies were
 * recorded from redis-server 7.0.15, so this checks the model against a real Redis, step by step
 * in the recorded order. A scenario runs when every command is one the model knows, with
 * arguments it models, and it has no WAIT (real time), no blocking SEND/RECV and no RESP3; a CLOSE
 * is the runner's disconnect ({@link RedisCommands#DISCONNECT}); a {@code *} reply is an unknown
 * outcome.
 */
class ScenarioModelTest {
  private static final RedisModel MODEL = new RedisModel();

  /** Options the model does not know for commands it does (it would answer a syntax error). */
  private static final List<String> UNMODELLED_OPTIONS =
      List.of("GET", "EXAT", "PXAT", "ASYNC", "SYNC");

  @Test
  void theModelAnswersAsTheRecordedRedisWhereverItRuns() {
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Scenario sc : ScenarioParser.builtIn()) {
      if (!runnable(sc)) {
        continue;
      }
      ran++;
      String failure = run(sc);
      if (failure != null) {
        failures.add(sc.name() + ": " + failure);
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + ran + " scenarios disagree with the model:\n  "
          + String.join("\n  ", failures));
    }
    assertTrue(ran >= 120, "only " + ran + " scenarios ran on the model");
    System.out.println("ScenarioModelTest: " + ran + " scenarios agree with the model");
  }

  private static boolean runnable(Scenario sc) {
    for (Scenario.Step st : sc.steps()) {
      if (st instanceof Scenario.Wait || st instanceof Scenario.Receive) {
        return false;
      }
      if (st instanceof Scenario.Command c) {
        if (c.send() || !RedisCommands.known(c.argv().get(0)) && !unknownToRedis(c)) {
          return false;
        }
        for (String a : c.argv().subList(1, c.argv().size())) {
          if (c.argv().get(0).equalsIgnoreCase("SET") || c.argv().get(0).startsWith("FLUSH")) {
            if (UNMODELLED_OPTIONS.contains(a.toUpperCase(java.util.Locale.ROOT))) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  /** A command Redis itself does not know: the model answers it as Redis does. */
  private static boolean unknownToRedis(Scenario.Command c) {
    return c.expect() != null && c.expect().text().contains("unknown command");
  }

  /** Runs {@code sc} on the model; the first disagreement in words, or null. */
  private static String run(Scenario sc) {
    RedisState state = MODEL.init();
    Map<String, Integer> clients = new HashMap<>();
    for (Scenario.Step st : sc.steps()) {
      Command cmd;
      Reply want;
      String client;
      if (st instanceof Scenario.Close c) {
        client = c.client();
        cmd = RedisCommands.disconnect();
        want = Reply.OK;
      } else {
        Scenario.Command c = (Scenario.Command) st;
        client = c.client();
        cmd = new Command(c.argv());
        want = c.expect().any() ? null : Replies.fromWire(ReplyText.parse(c.expect().text()));
      }
      int id = clients.computeIfAbsent(client, x -> clients.size() + 1);
      RedisInput in = new RedisInput(id, cmd);
      RedisState next = MODEL.step(state, in, want);
      if (next == null) {
        return "line " + st.line() + ": " + MODEL.explain(state, in, want);
      }
      state = next;
    }
    return null;
  }
}
