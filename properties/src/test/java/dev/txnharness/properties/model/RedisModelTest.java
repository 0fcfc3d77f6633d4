package dev.txnharness.properties.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis model answers as Redis 7.0 does (shared/SEMANTICS.md), one client step at a time. */
class RedisModelTest extends AbstractRedisModelTest {

  @Test
  void execFailsOnWatchedKeyModifiedByAnotherClient() {
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "SET", "x", "1");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SET", "x", "2");
    refuses(1, Reply.array(List.of(Reply.OK)), "EXEC");
    send(1, Reply.NIL_ARRAY, "EXEC");
    send(1, Reply.bulk("1"), "GET", "x");
  }

  @Test
  void anUnknownCommandMayBeWordedAsRedis62OrRedis70() {
    send(1, Reply.OK, "MULTI");
    send(1, new Reply.Error("ERR unknown command `NOSUCH`, with args beginning with: `a`, "),
        "NOSUCH", "a");
    send(1, new Reply.Error("ERR unknown command 'NOSUCH', with args beginning with: 'a' "),
        "NOSUCH", "a");
    refuses(1, new Reply.Error("ERR unknown command `OTHER`, with args beginning with: "),
        "NOSUCH", "a");
    refuses(1, Reply.QUEUED, "NOSUCH", "a");
    send(1, Reply.error("EXECABORT Transaction discarded because of previous errors."), "EXEC");
  }

  @Test
  void saddOfAnExistingMemberDoesNotTouchTheWatchedKey() {
    send(2, new Reply.Int(1), "SADD", "s", "a");
    send(1, Reply.OK, "WATCH", "s");
    send(2, new Reply.Int(0), "SADD", "s", "a");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "SMEMBERS", "s");
    refuses(1, Reply.NIL_ARRAY, "EXEC");
    send(1, Reply.array(List.of(Reply.array(List.of(Reply.bulk("a"))))), "EXEC");
  }

  @Test
  void setToTheSameValueStillTouches() {
    send(2, Reply.OK, "SET", "x", "v");
    send(1, Reply.OK, "WATCH", "x");
    send(1, Reply.OK, "SET", "x", "v"); // the watcher itself, outside MULTI
    send(1, Reply.OK, "MULTI");
    send(1, Reply.NIL_ARRAY, "EXEC");
  }

  @Test
  void aQueueTimeErrorMakesExecAbortAndWinsOverATouchedWatch() {
    send(1, Reply.OK, "WATCH", "x");
    send(2, new Reply.Int(1), "INCR", "x");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.error("ERR wrong number of arguments for 'get' command"), "GET");
    send(1, Reply.QUEUED, "INCR", "x");
    send(1, Reply.error("EXECABORT Transaction discarded because of previous errors."), "EXEC");
    send(1, Reply.bulk("1"), "GET", "x");
    send(1, Reply.error("ERR EXEC without MULTI"), "EXEC");
  }

  @Test
  void runTimeErrorsStayInTheArrayAndNothingIsRolledBack() {
    send(1, Reply.OK, "SET", "s", "abc");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "INCR", "s");
    send(1, Reply.QUEUED, "RPUSH", "l", "a", "b");
    send(1, Reply.array(List.of(Reply.error("ERR value is not an integer or out of range"),
        new Reply.Int(2))), "EXEC");
    send(2, Reply.array(List.of(Reply.bulk("a"), Reply.bulk("b"))), "LRANGE", "l", "0", "-1");
  }

  @Test
  void unknownCommandErrorQuotesItsArguments() {
    send(1, Reply.error("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "),
        "FOO", "a", "b");
  }

  @Test
  void nestedMultiAndWatchInsideMultiAreErrorsThatDoNotAbort() {
    send(1, Reply.OK, "MULTI");
    send(1, Reply.error("ERR MULTI calls can not be nested"), "MULTI");
    send(1, Reply.error("ERR WATCH inside MULTI is not allowed"), "WATCH", "x");
    send(1, Reply.QUEUED, "HSET", "h", "f", "v");
    send(1, Reply.array(List.of(new Reply.Int(1))), "EXEC");
    send(2, Reply.bulk("v"), "HGET", "h", "f");
  }

  @Test
  void discardUnwatchesAndAQueuedUnwatchDoesNotSaveADirtyTransaction() {
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "SET", "x", "1");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "UNWATCH");
    send(1, Reply.NIL_ARRAY, "EXEC");
    send(1, Reply.OK, "WATCH", "x");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.OK, "DISCARD");
    send(2, Reply.OK, "SET", "x", "2");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.array(List.of()), "EXEC");
  }

  @Test
  void smembersIsComparedAsASet() {
    send(1, new Reply.Int(2), "SADD", "s", "b", "a");
    send(1, Reply.array(List.of(Reply.bulk("b"), Reply.bulk("a"))), "SMEMBERS", "s");
    refuses(1, Reply.array(List.of(Reply.bulk("a"))), "SMEMBERS", "s");
  }

  @Test
  void aCommittedTransactionRecordIsAtomicAndItsReadsArePinned() {
    send(2, Reply.OK, "SET", "x", "5");
    Op.Transaction t = new Op.Transaction(List.of("x"), List.of(Command.of("GET", "x")),
        List.of(Command.of("SET", "x", "6")));
    RedisInput in = new RedisInput(1, t);
    Reply good = Op.Transaction.reply(List.of(Reply.bulk("5")), Reply.array(List.of(Reply.OK)));
    Reply staleRead =
        Op.Transaction.reply(List.of(Reply.bulk("4")), Reply.array(List.of(Reply.OK)));
    assertNull(model.step(state, in, staleRead));
    assertTrue(model.explain(state, in, staleRead).contains("the committed EXEC implies"));
    state = model.step(state, in, good);
    send(2, Reply.bulk("6"), "GET", "x");
    Reply aborted = Op.Transaction.reply(List.of(Reply.bulk("9")), Reply.NIL_ARRAY);
    assertEquals(state, model.step(state, in, aborted), "an aborted record changes nothing");
    Op.Transaction unwatched = new Op.Transaction(List.of(), List.of(), List.of());
    assertNull(model.step(state, new RedisInput(1, unwatched),
        Op.Transaction.reply(List.of(), Reply.NIL_ARRAY)), "nil needs a WATCH");
  }

  // ---- expiry (SEMANTICS 16, 17) against the model clock ------------------------------------

  private void clock(long millis) {
    RedisInput in = new RedisInput(9, RedisCommands.advanceClock(millis));
    state = model.step(state, in, Reply.OK);
    assertNotNull(state);
  }

  @Test
  void aKeyExpiresWhenTheClockPassesItsTtl() {
    send(1, Reply.OK, "SET", "x", "1", "PX", "100");
    clock(100); // Redis expires when now > when: exactly 100 ms later the key is still there
    send(1, Reply.bulk("1"), "GET", "x");
    clock(1);
    send(1, Reply.NIL, "GET", "x");
    refuses(1, Reply.bulk("1"), "GET", "x");
    send(1, new Reply.Int(0), "DEL", "x");
  }

  @Test
  void aWatchedKeyAliveAtWatchThatExpiresFailsExec() {
    send(1, Reply.OK, "SET", "x", "1", "PX", "100");
    send(1, Reply.OK, "WATCH", "x");
    clock(150);
    send(1, Reply.OK, "MULTI");
    send(1, Reply.QUEUED, "GET", "x");
    refuses(1, Reply.array(List.of(Reply.NIL)), "EXEC");
    send(1, Reply.NIL_ARRAY, "EXEC");
  }

  @Test
  void aWatchedKeyAlreadyExpiredAtWatchDoesNotFailExecByItself() {
    send(1, Reply.OK, "SET", "x", "1", "PX", "100");
    clock(150);
    send(1, Reply.OK, "WATCH", "x");
    clock(150);
    send(2, Reply.NIL, "GET", "x"); // its lazy deletion is no change
    send(1, Reply.OK, "MULTI");
    refuses(1, Reply.NIL_ARRAY, "EXEC");
    send(1, Reply.array(List.of()), "EXEC");
    // ... but a new write to it is
    send(1, Reply.OK, "WATCH", "x");
    send(2, Reply.OK, "SET", "x", "2");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.NIL_ARRAY, "EXEC");
  }

  @Test
  void aTtlNotReachedDoesNotFailExec() {
    send(1, Reply.OK, "SET", "x", "1", "PX", "250");
    send(1, Reply.OK, "WATCH", "x");
    clock(150);
    send(1, Reply.OK, "MULTI");
    send(1, Reply.array(List.of()), "EXEC");
  }

  @Test
  void pexpireTouchesAnExistingKeyOnly() {
    send(1, Reply.OK, "WATCH", "x");
    send(2, new Reply.Int(0), "PEXPIRE", "x", "100"); // missing: no change
    send(2, Reply.OK, "SET", "y", "1");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.array(List.of()), "EXEC");
    send(1, Reply.OK, "WATCH", "y");
    send(2, new Reply.Int(1), "PEXPIRE", "y", "100");
    send(1, Reply.OK, "MULTI");
    send(1, Reply.NIL_ARRAY, "EXEC");
    clock(101);
    send(1, Reply.NIL, "GET", "y");
    send(1, Reply.OK, "SET", "z", "1");
    send(1, new Reply.Int(1), "PEXPIRE", "z", "0"); // not in the future: deleted at once
    send(1, Reply.NIL, "GET", "z");
  }

  @Test
  void writesKeepOrDropTheTtlAsRedisDoes() {
    send(1, Reply.OK, "SET", "a", "1", "PX", "100");
    send(1, new Reply.Int(2), "INCR", "a"); // INCR keeps the TTL
    send(1, Reply.OK, "SET", "b", "1", "PX", "100");
    send(1, Reply.OK, "SET", "b", "2"); // a plain SET drops it
    send(1, Reply.OK, "SET", "c", "1", "PX", "100");
    send(1, Reply.OK, "SET", "c", "2", "KEEPTTL");
    send(1, Reply.OK, "SET", "d", "1", "EX", "1");
    send(1, Reply.NIL, "SET", "d", "2", "NX", "PX", "5"); // NX fails: the TTL stays
    clock(150);
    send(1, Reply.NIL, "GET", "a");
    send(1, Reply.bulk("2"), "GET", "b");
    send(1, Reply.NIL, "GET", "c");
    send(1, Reply.bulk("1"), "GET", "d");
    send(1, Reply.error("ERR invalid expire time in 'set' command"), "SET", "e", "1", "PX", "0");
    send(1, Reply.error("ERR syntax error"), "SET", "e", "1", "PX", "5", "KEEPTTL");
    send(1, Reply.error("ERR value is not an integer or out of range"),
        "SET", "e", "1", "PX", "x");
  }

  @Test
  void theClockStepIsNoCommandOfTheClientsSession() {
    send(1, Reply.OK, "SET", "x", "1", "PX", "100");
    send(1, Reply.OK, "MULTI");
    RedisInput in = new RedisInput(1, RedisCommands.advanceClock(150));
    state = model.step(state, in, Reply.OK); // not queued, though client 1 is in MULTI
    assertNotNull(state);
    send(1, Reply.QUEUED, "GET", "x");
    send(1, Reply.array(List.of(Reply.NIL)), "EXEC");
  }
}
