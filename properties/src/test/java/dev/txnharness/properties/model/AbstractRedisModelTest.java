package dev.txnharness.properties.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;

/** Drives the Redis model one client command at a time, from the empty state. */
abstract class AbstractRedisModelTest {
  protected final RedisModel model = new RedisModel();
  protected RedisState state = model.init();

  /** Sends {@code argv} from {@code client}, asserts the model expects {@code reply}. */
  protected void send(int client, Reply reply, String... argv) {
    RedisInput in = new RedisInput(client, Command.of(argv));
    RedisState next = model.step(state, in, reply);
    assertNotNull(next, () -> model.explain(state, in, reply));
    state = next;
  }

  /** Asserts that {@code client}'s {@code argv} cannot answer {@code reply} now. */
  protected void refuses(int client, Reply reply, String... argv) {
    assertNull(model.step(state, new RedisInput(client, Command.of(argv)), reply),
        () -> String.join(" ", argv) + " -> " + reply + " should be impossible in " + state);
  }
}
