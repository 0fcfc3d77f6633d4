package dev.txnharness.properties.anomaly;

import java.util.List;

/** The anomaly kinds, most serious first: the order reports list them in. */
final class Kinds {
  private Kinds() {}

  static final List<String> ORDER = List.of(
      "garbage-read", "duplicate-elements", "incompatible-order", "internal", "lost-append",
      "G0", "G1a", "G1b", "G1c", "lost-update", "G-single", "G2-item",
      "G0-realtime", "G1c-realtime", "G-single-realtime", "G2-item-realtime", "cycle");

  /** Adya's name for a cycle with these edges (Elle's, with -realtime when it needs real time). */
  static String ofCycle(int rw, boolean wr, boolean rt) {
    String base = rw == 0 ? (wr ? "G1c" : "G0") : rw == 1 ? "G-single" : "G2-item";
    return rt ? base + "-realtime" : base;
  }
}
