package dev.txnharness.properties.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.properties.history.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The commands issue 13 added to the Redis model answer as Redis 7.0.15 does (the replies were
 * checked on a real redis-server 7.0.15): no-op writes that do not touch, partial pops, reads
 * that never touch, RENAME / COPY / MOVE / SWAPDB / SELECT, QUIT and the runner's disconnect.
 */
class RedisModelCoverageTest extends AbstractRedisModelTest {
  private static Reply i(long n) {
    return new Reply.Int(n);
  }

  private static Reply arr(Reply... items) {
    return Reply.array(List.of(items));
  }

  private static Reply b(String s) {
    return Reply.bulk(s);
  }

  /** Client 1 watches {@code key}, client 2 runs {@code argv}; EXEC answers {@code exec}. */
  private void watchThen(String key, Reply reply, Reply exec, String... argv) {
    send(1, Reply.OK, "WATCH", key);
    send(2, reply, argv);
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "PING");
    send(1, exec, "EXEC");
  }

  private static final Reply COMMITTED = arr(new Reply.Simple("PONG"));

  @Test
  void noOpWritesDoNotTouchAWatchedKey() {
    send(2, i(1), "SADD", "s", "m");
    send(2, i(1), "HSET", "h", "f", "v");
    watchThen("x", i(0), COMMITTED, "DEL", "x");
    watchThen("s", i(0), COMMITTED, "SADD", "s", "m");
    watchThen("h", i(0), COMMITTED, "HDEL", "h", "g");
    watchThen("s", i(0), COMMITTED, "SREM", "s", "n");
    watchThen("s", arr(), COMMITTED, "SPOP", "s", "0");
    watchThen("x", Reply.NIL, COMMITTED, "LPOP", "x");
    refuses(2, i(1), "SREM", "s", "n");
  }

  @Test
  void removalsThatChangeTheValueTouch() {
    send(2, i(2), "SADD", "s", "m", "n");
    send(2, i(2), "HSET", "h", "f", "v", "g", "w");
    watchThen("h", i(1), Reply.NIL_ARRAY, "HDEL", "h", "g", "zz");
    watchThen("s", i(1), Reply.NIL_ARRAY, "SREM", "s", "n");
    send(2, arr(b("m")), "SMEMBERS", "s");
    send(2, i(1), "SREM", "s", "m"); // a removal of the last member: the set is gone
    send(2, i(0), "EXISTS", "s");
  }

  @Test
  void spopIsANondeterministicChoiceResolvedByItsReply() {
    send(2, i(3), "SADD", "s", "a", "b", "c");
    refuses(1, b("z"), "SPOP", "s"); // not a member
    send(1, b("b"), "SPOP", "s");
    send(1, arr(b("a"), b("c")), "SMEMBERS", "s");
    refuses(1, arr(b("a"), b("a")), "SPOP", "s", "2"); // members are distinct
    refuses(1, arr(b("a")), "SPOP", "s", "2"); // two asked, two there
    send(1, arr(b("c"), b("a")), "SPOP", "s", "5"); // everything, in any order
    send(1, i(0), "EXISTS", "s");
    send(1, arr(), "SPOP", "s", "2");
    send(1, Reply.NIL, "SPOP", "s");
    send(1, Reply.error("ERR value is out of range, must be positive"), "SPOP", "s", "-1");
    send(1, Reply.error("ERR syntax error"), "SPOP", "s", "1", "x");
  }

  @Test
  void aPartialSpopLeavesTheRestAndTouches() {
    send(2, i(3), "SADD", "s", "a", "b", "c");
    watchThen("s", arr(b("c"), b("a")), Reply.NIL_ARRAY, "SPOP", "s", "2");
    send(2, arr(b("b")), "SMEMBERS", "s");
    send(2, i(1), "SCARD", "s");
  }

  @Test
  void spopInsideExecIsResolvedByItsItemInTheArray() {
    send(2, i(3), "SADD", "s", "a", "b", "c");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SPOP", "s");
    send(1, Reply.QUEUED, "SMEMBERS", "s");
    refuses(1, arr(b("b"), arr(b("b"), b("c"))), "EXEC");
    send(1, arr(b("b"), arr(b("c"), b("a"))), "EXEC");
  }

  @Test
  void lpopAndRpopWithACount() {
    send(2, i(3), "RPUSH", "l", "a", "b", "c");
    send(2, arr(), "LPOP", "l", "0");
    send(2, arr(b("c"), b("b")), "RPOP", "l", "2");
    send(2, arr(b("a")), "LRANGE", "l", "0", "-1");
    send(2, arr(b("a")), "LPOP", "l", "5");
    send(2, Reply.NIL_ARRAY, "LPOP", "l", "1");
    send(2, Reply.NIL_ARRAY, "LPOP", "l", "0");
    send(2, Reply.NIL, "RPOP", "l");
    send(2, Reply.error("ERR value is out of range, must be positive"), "LPOP", "l", "-1");
    // arity past the count is checked at run time: queued inside MULTI
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "LPOP", "l", "1", "2");
    send(1, arr(Reply.error("ERR wrong number of arguments for 'lpop' command")), "EXEC");
  }

  @Test
  void readsNeverTouch() {
    send(2, Reply.OK, "SET", "x", "hello");
    send(1, Reply.OK, "WATCH", "x");
    send(2, i(2), "EXISTS", "x", "x");
    send(2, i(1), "TOUCH", "x", "nokey");
    send(2, new Reply.Simple("string"), "TYPE", "x");
    send(2, new Reply.Simple("none"), "TYPE", "nokey");
    send(2, i(5), "STRLEN", "x");
    send(2, Reply.error(RedisCommands.WRONGTYPE), "LLEN", "x");
    send(2, i(0), "SCARD", "nokey");
    send(2, i(0), "HLEN", "nokey");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "PING");
    send(1, COMMITTED, "EXEC");
  }

  @Test
  void renameTouchesSourceAndDestinationAndMovesTheTtl() {
    send(2, Reply.OK, "SET", "a", "1", "PX", "100");
    watchThen("b", Reply.OK, Reply.NIL_ARRAY, "RENAME", "a", "b");
    assertEquals(Long.valueOf(100), state.ttls().get("b"));
    watchThen("b", Reply.OK, COMMITTED, "RENAME", "b", "b"); // itself: no change
    send(2, Reply.error("ERR no such key"), "RENAMENX", "a", "b");
    send(2, Reply.OK, "SET", "a", "2");
    watchThen("a", i(0), COMMITTED, "RENAMENX", "a", "b");
    watchThen("a", i(1), Reply.NIL_ARRAY, "RENAMENX", "a", "c");
  }

  @Test
  void copyTouchesTheDestinationOnly() {
    send(2, Reply.OK, "SET", "a", "1");
    watchThen("a", i(1), COMMITTED, "COPY", "a", "b");
    watchThen("b", i(0), COMMITTED, "COPY", "a", "b");
    watchThen("b", i(1), Reply.NIL_ARRAY, "COPY", "a", "b", "REPLACE");
    send(2, Reply.error("ERR source and destination objects are the same"), "COPY", "a", "a");
    send(2, Reply.error("ERR DB index is out of range"), "COPY", "a", "b", "DB", "16");
    send(2, i(0), "COPY", "nokey", "b");
  }

  @Test
  void selectIsPerClientAndWatchRemembersItsDatabase() {
    send(1, Reply.OK, "SELECT", "1");
    send(1, Reply.OK, "WATCH", "x");
    send(1, Reply.OK, "SELECT", "0");
    send(2, Reply.OK, "SET", "x", "0"); // db 0: not the watched key
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "GET", "x");
    send(1, arr(b("0")), "EXEC");
    send(1, Reply.OK, "SELECT", "1");
    send(1, Reply.NIL, "GET", "x");
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "SELECT", "1");
    send(2, Reply.OK, "SET", "x", "1");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.NIL_ARRAY, "EXEC");
    send(1, Reply.error("ERR DB index is out of range"), "SELECT", "16");
    send(1, Reply.error(RedisCommands.NOT_INTEGER), "SELECT", "x");
  }

  @Test
  void selectInsideMultiIsQueuedAndTakesEffectAtExec() {
    send(2, Reply.OK, "SET", "x", "zero");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SELECT", "1");
    send(1, Reply.QUEUED, "SET", "x", "one");
    send(1, Reply.OK, "DISCARD");
    send(1, b("zero"), "GET", "x"); // the queued SELECT never ran
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "GET", "x");
    send(1, Reply.QUEUED, "SELECT", "1");
    send(1, Reply.QUEUED, "SET", "x", "one");
    send(1, arr(b("zero"), Reply.OK, Reply.OK), "EXEC");
    send(1, b("one"), "GET", "x"); // still in db 1
    send(2, b("zero"), "GET", "x");
  }

  @Test
  void moveTouchesTheKeyInBothDatabases() {
    send(2, Reply.OK, "SET", "x", "1");
    send(3, Reply.OK, "SELECT", "1");
    send(3, Reply.OK, "WATCH", "x"); // x in db 1, missing yet
    watchThen("x", i(1), Reply.NIL_ARRAY, "MOVE", "x", "1");
    send(3, Reply.OK, "MULTI");
    send(3, Reply.NIL_ARRAY, "EXEC");
    send(3, b("1"), "GET", "x");
    send(2, i(0), "MOVE", "x", "1");
    send(2, Reply.error("ERR source and destination objects are the same"), "MOVE", "x", "0");
  }

  @Test
  void swapdbTouchesWatchedKeysThatExistInEitherDatabase() {
    send(2, Reply.OK, "SET", "x", "1"); // db 0 only
    send(3, Reply.OK, "SELECT", "1");
    send(3, Reply.OK, "WATCH", "x"); // missing in db 1, but exists in db 0
    send(1, Reply.OK, "WATCH", "y"); // missing in both
    send(2, Reply.OK, "SWAPDB", "0", "1");
    send(3, Reply.OK, "MULTI");
    send(3, Reply.QUEUED, "GET", "x");
    send(3, Reply.NIL_ARRAY, "EXEC");
    send(3, b("1"), "GET", "x");
    send(1, Reply.OK, "MULTI");
    send(1, arr(), "EXEC");
    send(1, Reply.NIL, "GET", "x");
    send(1, Reply.error("ERR invalid first DB index"), "SWAPDB", "x", "1");
    send(1, Reply.error("ERR DB index is out of range"), "SWAPDB", "0", "16");
  }

  @Test
  void flushdbEmptiesTheSelectedDatabaseOnlyAndFlushallEveryOne() {
    send(1, Reply.OK, "SET", "x", "0");
    send(2, Reply.OK, "SELECT", "2");
    send(2, Reply.OK, "SET", "x", "2");
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "FLUSHDB");
    send(1, Reply.OK, "MULTI");
    send(1, arr(), "EXEC");
    send(1, b("0"), "GET", "x");
    send(2, Reply.OK, "SET", "x", "2");
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "FLUSHALL");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.NIL_ARRAY, "EXEC");
    send(2, i(0), "EXISTS", "x");
  }

  @Test
  void quitAndDisconnectDiscardTheMultiAndTheWatchesAndTheDatabase() {
    send(1, Reply.OK, "SELECT", "3");
    send(1, Reply.OK, "WATCH", "x");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SET", "x", "1");
    send(1, Reply.OK, "QUIT");
    send(2, Reply.OK, "SELECT", "3");
    send(2, Reply.OK, "SET", "x", "2");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "GET", "x");
    send(1, arr(Reply.NIL), "EXEC"); // a new connection: db 0, nothing watched
    send(1, Reply.OK, "WATCH", "y");
    send(1, Reply.OK, RedisCommands.DISCONNECT);
    send(2, Reply.OK, "SELECT", "0");
    send(2, Reply.OK, "SET", "y", "1");
    send(1, Reply.OK, "MULTI");
    send(1, arr(), "EXEC");
    assertEquals(RedisSession.IDLE, state.session(1));
  }

  @Test
  void aRejectedExecOutsideMultiAbortsAndUnwatches() {
    send(1, Reply.OK, "WATCH", "x");
    send(1, Reply.error("EXECABORT Transaction discarded because of: wrong number of arguments"
        + " for 'exec' command"), "EXEC", "x");
    send(2, Reply.OK, "SET", "x", "1");
    send(1, Reply.OK, "MULTI");
    send(1, arr(), "EXEC");
  }

  @Test
  void pingWithTwoArgumentsIsAnArityErrorAtRunTime() {
    send(1, Reply.error("ERR wrong number of arguments for 'ping' command"), "PING", "a", "b");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "PING", "a", "b");
    send(1, arr(Reply.error("ERR wrong number of arguments for 'ping' command")), "EXEC");
  }

  @Test
  void aTransactionRecordRunsInItsClientsDatabase() {
    send(1, Reply.OK, "SELECT", "1");
    dev.txnharness.properties.history.Op.Transaction t =
        new dev.txnharness.properties.history.Op.Transaction(List.of("x"),
            List.of(dev.txnharness.properties.history.Op.Command.of("GET", "x")),
            List.of(dev.txnharness.properties.history.Op.Command.of("SET", "x", "1")));
    RedisInput in = new RedisInput(1, t);
    Reply committed = dev.txnharness.properties.history.Op.Transaction.reply(
        List.of(Reply.NIL), arr(Reply.OK));
    RedisState next = model.step(state, in, committed);
    org.junit.jupiter.api.Assertions.assertNotNull(next, () -> model.explain(state, in, committed));
    state = next;
    send(1, b("1"), "GET", "x");
    send(2, Reply.NIL, "GET", "x");
  }

  @Test
  void aLostSpopReplyLeavesOneOfSeveralSetsThatLaterRepliesNarrow() {
    send(2, i(3), "SADD", "s", "a", "b", "c");
    state = model.step(state, new RedisInput(1,
        dev.txnharness.properties.history.Op.Command.of("SPOP", "s")), null); // reply lost
    send(2, i(2), "SCARD", "s");
    send(2, arr(b("a"), b("c")), "SMEMBERS", "s"); // b was popped: possible
    send(2, arr(b("b"), b("c")), "SMEMBERS", "s"); // a read narrows nothing (Model.readOnly)
    refuses(2, arr(b("a"), b("b"), b("c")), "SMEMBERS", "s");
    send(2, i(1), "SREM", "s", "a"); // a was there: {a, b} or {a, c} before, {b} or {c} now
    refuses(2, arr(b("a")), "SMEMBERS", "s");
    send(2, b("c"), "SPOP", "s"); // so it was {c}
    send(2, i(0), "EXISTS", "s");
  }

  @Test
  void aLostSpopInsideExecIsUncertainTooAndAWriteReplyResolvesIt() {
    send(2, i(2), "SADD", "s", "a", "b");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SPOP", "s");
    state = model.step(state, new RedisInput(1,
        dev.txnharness.properties.history.Op.Command.of("EXEC")), null); // EXEC's reply lost
    refuses(2, i(2), "SADD", "s", "a", "b"); // one of them is left: adding both adds one
    refuses(2, i(0), "SADD", "s", "a", "b");
    send(2, i(1), "SADD", "s", "b"); // b was popped
    send(2, arr(b("a"), b("b")), "SMEMBERS", "s");
  }
}
