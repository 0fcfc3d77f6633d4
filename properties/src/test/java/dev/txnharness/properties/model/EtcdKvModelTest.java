package dev.txnharness.properties.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.txnharness.properties.model.EtcdModel.Input;
import dev.txnharness.properties.model.EtcdModel.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdKvModelTest {
  @Test
  void registerReadsWritesAndCas() {
    EtcdModel m = new EtcdModel();
    int s = m.init();
    assertEquals(s, m.step(s, Input.read(), Output.read(null)));
    assertNull(m.step(s, Input.read(), Output.read(0)));
    s = m.step(s, Input.write(3), Output.done());
    assertEquals(4, m.step(s, Input.cas(3, 4), Output.done()));
    assertNull(m.step(s, Input.cas(3, 4), Output.casFailed()));
    assertEquals(3, m.step(s, Input.cas(1, 4), Output.casFailed()));
    assertEquals(4, m.step(s, Input.cas(3, 4), null), "an unknown cas has its effect");
  }

  @Test
  void kvGetPutAppendAndPartitionByKey() {
    KvModel m = KvModel.partitioned();
    KvState s = m.init();
    s = m.step(s, new KvModel.Input(KvModel.Kind.APPEND, "a", "x"), "");
    s = m.step(s, new KvModel.Input(KvModel.Kind.APPEND, "a", "y"), "");
    assertEquals(s, m.step(s, new KvModel.Input(KvModel.Kind.GET, "a", null), "xy"));
    assertNull(m.step(s, new KvModel.Input(KvModel.Kind.GET, "b", null), "xy"));
    var ops = List.of(
        Operation.of(0, 0, new KvModel.Input(KvModel.Kind.PUT, "a", "1"), "", 0, 1),
        Operation.of(1, 1, new KvModel.Input(KvModel.Kind.PUT, "b", "1"), "", 0, 1),
        Operation.of(2, 0, new KvModel.Input(KvModel.Kind.GET, "a", null), "1", 2, 3));
    assertEquals(2, m.partition(ops).size());
    assertEquals(1, KvModel.unpartitioned().partition(ops).size());
  }
}
