package dev.txnharness.properties.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of events recorded from several clients.
 *
 * <p>Contract: events are in the order they were recorded, which is also timestamp order; a
 * client has at most one op outstanding; a completion names the op of its client's outstanding
 * invoke. {@link #calls()} pairs invokes with completions and checks these rules.
 */
public record History(List<Event> events) {

  public History {
    events = List.copyOf(events);
  }

  /**
   * The calls of this history in invoke order. Ops that ended in {@code fail} are left out (they
   * surely did not happen); ops that ended in {@code info}, or never completed, have an unknown
   * reply.
   *
   * @throws IllegalArgumentException if a client invokes twice without a completion, or a
   *     completion has no invoke
   */
  public List<Call> calls() {
    Map<Integer, Integer> open = new HashMap<>();
    List<Event> invokes = new ArrayList<>();
    List<Event> completions = new ArrayList<>();
    for (Event e : events) {
      if (e.type() == EventType.INVOKE) {
        if (open.containsKey(e.client())) {
          throw new IllegalArgumentException(
              "client " + e.client() + " invoked " + e.op() + " while another op was outstanding");
        }
        open.put(e.client(), invokes.size());
        invokes.add(e);
        completions.add(null);
      } else {
        Integer idx = open.remove(e.client());
        if (idx == null) {
          throw new IllegalArgumentException(
              "client " + e.client() + " completed " + e.op() + " without an invoke");
        }
        completions.set(idx, e);
      }
    }
    List<Call> calls = new ArrayList<>(invokes.size());
    for (int i = 0; i < invokes.size(); i++) {
      Event inv = invokes.get(i);
      Event done = completions.get(i);
      if (done != null && done.type() == EventType.FAIL) {
        continue;
      }
      if (done == null || done.type() == EventType.INFO) {
        calls.add(new Call(inv.client(), inv.op(), null, inv.nanos(), Long.MAX_VALUE));
      } else {
        calls.add(new Call(inv.client(), inv.op(), done.reply(), inv.nanos(), done.nanos()));
      }
    }
    return calls;
  }
}
