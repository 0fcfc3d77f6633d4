package dev.txnharness.properties.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txnharness.engine.protocol.Reply.Array;
import dev.txnharness.engine.protocol.Reply.Bulk;
import dev.txnharness.engine.protocol.Reply.Err;
import dev.txnharness.engine.protocol.Reply.Int;
import dev.txnharness.engine.protocol.Reply.NullArray;
import dev.txnharness.engine.protocol.Reply.NullBulk;
import dev.txnharness.engine.protocol.Reply.Simple;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepliesTest {
  @Test
  void everyResp2TypeMapsToItsHistoryReply() {
    assertEquals(Reply.OK, Replies.fromWire(new Simple("OK")));
    assertEquals(Reply.error("EXECABORT Transaction discarded because of previous errors."),
        Replies.fromWire(new Err("EXECABORT Transaction discarded because of previous errors.")));
    assertEquals(new Reply.Int(-3), Replies.fromWire(Int.of(-3)));
    assertEquals(Reply.bulk("v"), Replies.fromWire(Bulk.of("v")));
    assertEquals(Reply.NIL, Replies.fromWire(NullBulk.INSTANCE));
    assertEquals(Reply.NIL_ARRAY, Replies.fromWire(NullArray.INSTANCE));
    assertEquals(Reply.array(List.of(Reply.OK, Reply.array(List.of(Reply.NIL)), Reply.NIL_ARRAY)),
        Replies.fromWire(Array.of(new Simple("OK"), Array.of(NullBulk.INSTANCE),
            NullArray.INSTANCE)));
  }

  @Test
  void anAbortedExecFromTheEngineIsANullArrayNotANullBulk() throws Exception {
    try (EngineTarget t = new EngineTarget(); Connection a = t.connect();
        Connection b = t.connect()) {
      a.call("WATCH", "k");
      b.call("SET", "k", "1");
      a.call("MULTI");
      a.call("INCR", "k");
      assertEquals(Reply.NIL_ARRAY, Replies.fromWire(a.call("EXEC")));
    }
  }
}
