package dev.txnharness.properties.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * Names the cycles of a dependency graph: for each strongly connected component, the shortest
 * cycle of each class, found by BFS inside the component from the far end of an edge of the
 * class's characteristic type back to its start (Elle's approach). Classes in order: G0 (ww
 * only), G1c (with a wr), G-single (exactly one rw), G2-item (more), then the same with real-time
 * edges when a component has no cycle without them.
 *
 * <p>Bounded: at most {@link #STARTS} start edges per class and component, and one BFS visit budget
 * for the whole graph ({@link AnomalyChecker.Options#searchVisits}); a component whose cycles
 * could not be named within it is still reported, as kind {@code cycle}.
 */
final class Cycles {
  static final int STARTS = 32;
  private static final int DATA = DepGraph.WW | DepGraph.WR | DepGraph.RW;

  private final DepGraph g;
  private final AnomalyChecker words;

  Cycles(DepGraph g, AnomalyChecker words) {
    this.g = g;
    this.words = words;
  }

  /** Reports the cycles; returns the number of cyclic components. */
  int find() {
    int[] comp = g.components();
    int comps = 0;
    int nodes = comp.length;
    for (int c : comp) {
      comps = Math.max(comps, c + 1);
    }
    if (comps == 0) {
      return 0;
    }
    // nodes grouped by component (counting sort)
    int[] start = new int[comps + 1];
    for (int c : comp) {
      if (c >= 0) {
        start[c + 1]++;
      }
    }
    for (int c = 0; c < comps; c++) {
      start[c + 1] += start[c];
    }
    int[] members = new int[start[comps]];
    int[] fill = java.util.Arrays.copyOf(start, comps);
    for (int v = 0; v < nodes; v++) {
      if (comp[v] >= 0) {
        members[fill[comp[v]]++] = v;
      }
    }
    DepGraph.Scratch s = new DepGraph.Scratch(nodes);
    long budget = words.options().searchVisits();
    for (int c = 0; c < comps; c++) {
      List<String> found = new ArrayList<>();
      search(c, comp, members, start, DepGraph.WW, DepGraph.WW, s, budget, found);
      search(c, comp, members, start, DepGraph.WR, DepGraph.WW | DepGraph.WR, s, budget, found);
      search(c, comp, members, start, DepGraph.RW, DepGraph.WW | DepGraph.WR, s, budget, found);
      search(c, comp, members, start, DepGraph.RW, DATA, s, budget, found);
      if (found.isEmpty()) {
        search(c, comp, members, start, DepGraph.RT, DATA | DepGraph.RT, s, budget, found);
      }
      if (found.isEmpty()) {
        int size = start[c + 1] - start[c];
        int first = members[start[c]];
        words.findings().add("cycle", () -> new Anomaly("cycle", List.of(words.txn(first)), List.of(),
            "a dependency cycle among " + size + " transactions (including T" + first + "); the search budget ran out"
                + " before its shortest cycle was named"));
      }
    }
    return comps;
  }

  /** Tries edges of type {@code startType} in component c; reports the shortest cycle of each kind. */
  private void search(int c, int[] comp, int[] members, int[] start, int startType, int mask,
      DepGraph.Scratch s, long budget, List<String> found) {
    int tries = 0;
    int[] best = null;
    String bestKind = null;
    for (int i = start[c]; i < start[c + 1] && tries < STARTS; i++) {
      int v = members[i];
      for (int j = g.outStart(v); j < g.outStart(v + 1) && tries < STARTS; j++) {
        int e = g.outEdge(j);
        if (g.type(e) != startType || comp[g.to(e)] != c) {
          continue;
        }
        tries++;
        if (s.visits > budget) {
          return;
        }
        int[] path = g.shortestPath(g.to(e), v, mask, comp, c, s, budget);
        if (path == null) {
          continue;
        }
        int[] cycle = new int[path.length + 1];
        cycle[0] = e;
        System.arraycopy(path, 0, cycle, 1, path.length);
        String kind = kind(cycle);
        if (found.contains(kind)) {
          continue;
        }
        if (best == null || cycle.length < best.length) {
          best = cycle;
          bestKind = kind;
          if (cycle.length == 2) {
            break;
          }
        }
      }
    }
    if (best != null) {
      found.add(bestKind);
      report(bestKind, best);
    }
  }

  private String kind(int[] cycle) {
    int rw = 0;
    boolean wr = false;
    boolean rt = false;
    for (int e : cycle) {
      int t = g.type(e);
      rw += t == DepGraph.RW ? 1 : 0;
      wr |= t == DepGraph.WR;
      rt |= t == DepGraph.RT;
    }
    return Kinds.ofCycle(rw, wr, rt);
  }

  private void report(String kind, int[] cycle) {
    words.findings().add(kind, () -> {
      List<Anomaly.Txn> txns = new ArrayList<>();
      List<Anomaly.Edge> edges = new ArrayList<>();
      StringBuilder order = new StringBuilder();
      for (int e : cycle) {
        txns.add(words.txn(g.from(e)));
        edges.add(words.edge(g, e));
        order.append('T').append(g.from(e)).append(" < ");
      }
      order.append('T').append(g.from(cycle[0]));
      return new Anomaly(kind, txns, edges, "Let " + namesOf(txns) + " be these transactions. Then " + order
          + ": a contradiction! (" + describe(kind) + ")");
    });
  }

  private static String namesOf(List<Anomaly.Txn> txns) {
    List<String> names = new ArrayList<>();
    for (Anomaly.Txn t : txns) {
      names.add(t.name());
    }
    return String.join(", ", names);
  }

  static String describe(String kind) {
    String base = kind.replace("-realtime", "");
    String what = switch (base) {
      case "G0" -> "write cycle: appends of committed transactions interleave";
      case "G1c" -> "circular information flow: each saw the other's writes";
      case "G-single" -> "read skew: one anti-dependency closes the cycle";
      default -> "anti-dependency cycle: write skew";
    };
    return kind.endsWith("-realtime") ? what + "; it needs the real-time order, so it breaks strict serializability" : what;
  }
}
