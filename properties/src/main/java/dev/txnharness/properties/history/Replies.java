package dev.txnharness.properties.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The one conversion from the engine's wire-exact reply ({@code dev.txnharness.engine.protocol.Reply},
 * what a {@code Connection} returns) to the history's {@link Reply}, used where a runner records
 * what a target answered.
 *
 * <p>Contract: RESP2 types map one to one (simple, error, integer, bulk, null bulk, array, null
 * array). RESP3-only types, which the harness does not ask for, are mapped to what Redis would send
 * in RESP2 (map and set and push to arrays, double and big number and verbatim to bulk strings,
 * boolean to 1/0); the RESP3 null {@code _} becomes {@link Reply#NIL}, since it cannot say whether
 * it stood for a null bulk or a null array.
 */
public final class Replies {
  private Replies() {}

  /** The history reply for a reply read from the wire. */
  public static Reply fromWire(dev.txnharness.engine.protocol.Reply r) {
    if (r instanceof dev.txnharness.engine.protocol.Reply.Simple s) {
      return new Reply.Simple(s.value());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Err e) {
      return new Reply.Error(e.message());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Int i) {
      return new Reply.Int(i.value());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Bulk b) {
      return new Reply.Bulk(b.utf8());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.NullBulk
        || r instanceof dev.txnharness.engine.protocol.Reply.Null) {
      return Reply.NIL;
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.NullArray) {
      return Reply.NIL_ARRAY;
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Array a) {
      return array(a.items());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.SetReply s) {
      return array(s.items());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.MapReply m) {
      return array(m.keysAndValues());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Push p) {
      return array(p.items());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Verbatim v) {
      return new Reply.Bulk(new String(v.value(), java.nio.charset.StandardCharsets.UTF_8));
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.DoubleReply d) {
      return new Reply.Bulk(doubleText(d.value()));
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.BigNumber n) {
      return new Reply.Bulk(n.value());
    } else if (r instanceof dev.txnharness.engine.protocol.Reply.Bool b) {
      return new Reply.Int(b.value() ? 1 : 0);
    }
    throw new IllegalArgumentException("no history reply for " + r);
  }

  private static Reply array(List<dev.txnharness.engine.protocol.Reply> items) {
    List<Reply> out = new ArrayList<>(items.size());
    for (dev.txnharness.engine.protocol.Reply x : items) {
      out.add(fromWire(x));
    }
    return new Reply.Array(out);
  }

  private static String doubleText(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e17 ? Long.toString((long) d) : Double.toString(d);
  }
}
