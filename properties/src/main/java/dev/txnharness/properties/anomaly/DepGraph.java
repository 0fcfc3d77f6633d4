package dev.txnharness.properties.anomaly;

import java.util.Arrays;

/**
 * The dependency graph between committed transactions, in flat arrays: edges are added as (from,
 * to, type, key, value), then {@link #freeze} builds an adjacency array (CSR). Then
 * {@link #components} (Tarjan, iterative: no recursion, so 1M nodes need no big stack) and
 * {@link #shortestPath} (BFS inside one component, over the edge types of a mask).
 *
 * <p>Contract: nodes are 0..n-1; an edge's {@code key} and {@code value} are only carried for
 * the explanation. Not thread-safe.
 */
final class DepGraph {
  /** Write-write: the second appended right after the first in a key's version order. */
  static final int WW = 1;
  /** Write-read: the second read a version whose last element the first appended. */
  static final int WR = 2;
  /** Read-write (anti-dependency): the first read a version the second's append is not in. */
  static final int RW = 4;
  /** Real time: the first completed before the second was invoked. */
  static final int RT = 8;

  private final int nodes;
  private int edges;
  private int[] from;
  private int[] to;
  private byte[] type;
  private int[] key;
  private long[] value;
  // CSR, after freeze: the out-edges of v are edge ids out[start[v] .. start[v+1])
  private int[] start;
  private int[] out;

  /** A graph of {@code nodes} nodes with room for {@code edges} edges (more grow the arrays). */
  DepGraph(int nodes, int edges) {
    this.nodes = nodes;
    int cap = Math.max(16, edges);
    from = new int[cap];
    to = new int[cap];
    type = new byte[cap];
    key = new int[cap];
    value = new long[cap];
  }

  void add(int a, int b, int t, int k, long v) {
    if (edges == from.length) {
      int cap = edges * 2;
      from = Arrays.copyOf(from, cap);
      to = Arrays.copyOf(to, cap);
      type = Arrays.copyOf(type, cap);
      key = Arrays.copyOf(key, cap);
      value = Arrays.copyOf(value, cap);
    }
    from[edges] = a;
    to[edges] = b;
    type[edges] = (byte) t;
    key[edges] = k;
    value[edges] = v;
    edges++;
  }

  int edgeCount() {
    return edges;
  }

  int from(int e) {
    return from[e];
  }

  int to(int e) {
    return to[e];
  }

  int type(int e) {
    return type[e];
  }

  int key(int e) {
    return key[e];
  }

  long value(int e) {
    return value[e];
  }

  /** Builds the adjacency arrays; no edge may be added after. */
  void freeze() {
    start = new int[nodes + 1];
    for (int e = 0; e < edges; e++) {
      start[from[e] + 1]++;
    }
    for (int v = 0; v < nodes; v++) {
      start[v + 1] += start[v];
    }
    out = new int[edges];
    int[] fill = Arrays.copyOf(start, nodes);
    for (int e = 0; e < edges; e++) {
      out[fill[from[e]]++] = e;
    }
  }

  /**
   * Tarjan's strongly connected components, iteratively. Returns the component of each node;
   * components of one node without a self edge get -1 (they hold no cycle).
   */
  int[] components() {
    int[] index = new int[nodes];
    int[] low = new int[nodes];
    int[] comp = new int[nodes];
    boolean[] onStack = new boolean[nodes];
    Arrays.fill(index, -1);
    Arrays.fill(comp, -1);
    int[] stack = new int[nodes];
    int sp = 0;
    int[] callNode = new int[nodes];
    int[] callEdge = new int[nodes];
    int next = 0;
    int comps = 0;
    for (int root = 0; root < nodes; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callNode[0] = root;
      callEdge[0] = start[root];
      index[root] = low[root] = next++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callNode[depth];
        if (callEdge[depth] < start[v + 1]) {
          int w = to[out[callEdge[depth]++]];
          if (index[w] < 0) {
            index[w] = low[w] = next++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = start[w];
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          int size = 0;
          int w;
          do {
            w = stack[--sp];
            onStack[w] = false;
            comp[w] = comps;
            size++;
          } while (w != v);
          if (size == 1 && !hasSelfEdge(v)) {
            comp[v] = -1;
          } else {
            comps++;
          }
        }
        depth--;
        if (depth >= 0) {
          int parent = callNode[depth];
          low[parent] = Math.min(low[parent], low[v]);
        }
      }
    }
    return comp;
  }

  private boolean hasSelfEdge(int v) {
    for (int i = start[v]; i < start[v + 1]; i++) {
      if (to[out[i]] == v) {
        return true;
      }
    }
    return false;
  }

  /** The out-edge ids of {@code v}: {@code out[outStart(v) .. outStart(v+1))}. */
  int outStart(int v) {
    return start[v];
  }

  int outEdge(int i) {
    return out[i];
  }

  /**
   * Reusable BFS scratch: {@code seen} is stamped with a generation so that a BFS costs only what
   * it visits, not the graph's size.
   */
  static final class Scratch {
    final int[] seen;
    final int[] via;
    final int[] queue;
    int generation;
    long visits;

    Scratch(int nodes) {
      seen = new int[nodes];
      via = new int[nodes];
      queue = new int[nodes];
    }
  }

  /**
   * The shortest path of edges whose type is in {@code mask} from {@code src} to {@code dst},
   * staying in component {@code c}, as edge ids in order; null if there is none or the search
   * would visit more than {@code maxVisits} nodes.
   */
  int[] shortestPath(int src, int dst, int mask, int[] comp, int c, Scratch s, long maxVisits) {
    int gen = ++s.generation;
    int head = 0;
    int tail = 0;
    s.queue[tail++] = src;
    s.seen[src] = gen;
    s.via[src] = -1;
    while (head < tail) {
      int v = s.queue[head++];
      if (v == dst) {
        int len = 0;
        for (int x = dst; x != src; x = from[s.via[x]]) {
          len++;
        }
        int[] path = new int[len];
        int x = dst;
        for (int i = len - 1; i >= 0; i--) {
          path[i] = s.via[x];
          x = from[s.via[x]];
        }
        return path;
      }
      if (++s.visits > maxVisits) {
        return null;
      }
      for (int i = start[v]; i < start[v + 1]; i++) {
        int e = out[i];
        int w = to[e];
        if ((type[e] & mask) == 0 || comp[w] != c || s.seen[w] == gen) {
          continue;
        }
        s.seen[w] = gen;
        s.via[w] = e;
        s.queue[tail++] = w;
      }
    }
    return null;
  }
}
