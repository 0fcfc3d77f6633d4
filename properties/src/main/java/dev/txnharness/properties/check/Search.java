package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Wing–Gong / Lowe search on one part of a history, with Porcupine's memoisation.
 *
 * <p>Ops are call and return entries in one doubly linked list in time order (calls before
 * returns at equal times, so touching intervals count as concurrent). The search repeatedly
 * tries to take effect ("lift") an op whose call precedes the first remaining return; it
 * backtracks when it meets a return entry. Speed comes from: states interned as ints; the
 * transition (state, op class) cached; the linearized set kept as two incremental Zobrist hashes
 * so a memo entry is 20 bytes and needs no bitset copy; ops with an unknown outcome needing no
 * return entry (they may take effect at any time after their call, or never); and, among
 * unknown-outcome ops with equal inputs, only the earliest-called unplaced one being tried (they
 * are interchangeable once called, so this loses no linearization).
 */
final class Search<S, I, O> {
  enum Outcome {
    OK,
    ILLEGAL,
    TIMEOUT,
    MEMORY,
    PAUSED
  }

  private static final boolean DEBUG = Boolean.getBoolean("harness.checker.debug");
  private static final int MISSING = -2;
  private static final int ILLEGAL = -1;

  private final Model<S, I, O> model;
  private final List<Operation<I, O>> ops;
  private final long deadline;
  private final int n;
  private final int head;
  private final int[] next;
  private final int[] prev;
  private final boolean[] optional;
  private final boolean[] readOnly;
  private final int[] opClass;
  private final int[] prevSame;
  private final long[] z1;
  private final long[] z2;
  private final StateTable<S> states;
  private final MemoryBudget budget;
  private long reported; // this search's bytes as last reported to the budget
  private LongIntMap transitions;
  private MemoTable memo;
  private final List<Object[]> classes = new ArrayList<>();

  private int bestDepth = -1;
  private int[] bestStack = new int[0];
  private int bestState;
  private long memoSize;
  private long modelSteps;
  private long steps;
  private Outcome outcome;
  // the paused search
  private int[] stackOp;
  private int[] stackState;
  private boolean[] linearized;
  private boolean[] forced;
  private boolean scanForced;
  private int required;
  private int state;
  private long h1;
  private long h2;
  private int depth;
  private int entry;

  Search(Model<S, I, O> model, List<Operation<I, O>> part, long deadline, MemoryBudget budget) {
    this.model = model;
    this.deadline = deadline;
    this.budget = budget;
    this.states = new StateTable<>(model::sizeOf);
    List<Operation<I, O>> kept = new ArrayList<>();
    for (Operation<I, O> op : part) {
      if (!(op.unknown() && model.unknownIsNoOp(op.input()))) {
        kept.add(op);
      }
    }
    kept.sort(Comparator.comparingLong(Operation::call));
    this.ops = kept;
    this.n = kept.size();
    this.head = 2 * n;
    this.next = new int[2 * n + 1];
    this.prev = new int[2 * n + 1];
    this.optional = new boolean[n];
    this.readOnly = new boolean[n];
    this.opClass = new int[n];
    this.prevSame = new int[n];
    this.z1 = new long[n];
    this.z2 = new long[n];
    this.transitions = new LongIntMap(4 * n);
    this.memo = new MemoTable(4 * n);
    SplittableRandom random = new SplittableRandom(0x7A0B1157L);
    Map<List<Object>, Integer> classIds = new HashMap<>();
    Map<Object, Integer> lastUnknownWithInput = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Operation<I, O> op = kept.get(i);
      optional[i] = op.unknown();
      readOnly[i] = !optional[i] && model.readOnly(op.input(), op.output());
      List<Object> key = Arrays.asList(op.input(), op.output());
      Integer cls = classIds.get(key);
      if (cls == null) {
        cls = classes.size();
        classIds.put(key, cls);
        classes.add(new Object[] {op.input(), op.output()});
      }
      opClass[i] = cls;
      prevSame[i] = -1;
      if (optional[i]) {
        Integer before = lastUnknownWithInput.put(op.input(), i);
        prevSame[i] = before == null ? -1 : before;
      }
      z1[i] = random.nextLong();
      z2[i] = random.nextLong();
    }
    linkEntries();
  }

  private void linkEntries() {
    List<long[]> entries = new ArrayList<>(); // {time, kind (0 call, 1 return), op}
    for (int i = 0; i < n; i++) {
      Operation<I, O> op = ops.get(i);
      entries.add(new long[] {op.call(), 0, i});
      if (!optional[i]) {
        entries.add(new long[] {op.ret(), 1, i});
      }
    }
    entries.sort(Comparator.<long[]>comparingLong(e -> e[0])
        .thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
    int last = head;
    for (long[] e : entries) {
      int id = 2 * (int) e[2] + (int) e[1];
      next[last] = id;
      prev[id] = last;
      last = id;
    }
    next[last] = -1;
  }

  /**
   * Runs the search for at most {@code maxSteps} more steps; {@link #violation()} explains an
   * ILLEGAL outcome. Resumable: PAUSED keeps the search where it was.
   */
  Outcome run(long maxSteps) {
    if (outcome != null) {
      return outcome;
    }
    if (stackOp == null) {
      start();
      if (!withinBudget()) {
        outcome = Outcome.MEMORY; // not even the tables for this part fit
        memo = null;
        transitions = null;
        return outcome;
      }
    }
    int[] stackOp = this.stackOp;
    int[] stackState = this.stackState;
    boolean[] linearized = this.linearized;
    int required = this.required;
    int state = this.state;
    long h1 = this.h1;
    long h2 = this.h2;
    int depth = this.depth;
    int e = this.entry;
    boolean[] forced = this.forced;
    boolean scanForced = this.scanForced;
    long steps = 0;
    Outcome result = null;
    while (required > 0) {
      if ((++steps & 0x3FFF) == 0) {
        if (System.nanoTime() - deadline > 0) {
          result = Outcome.TIMEOUT;
          break;
        }
        if (!withinBudget()) {
          result = Outcome.MEMORY;
          break;
        }
        if (steps >= maxSteps) {
          result = Outcome.PAUSED;
          break;
        }
      }
      boolean backtrack = false;
      if (scanForced) {
        // A legal pending read-only op is placed at once; see Model.readOnly.
        scanForced = false;
        int found = -1;
        for (int x = next[head]; x >= 0 && (x & 1) == 0; x = next[x]) {
          int i = x >> 1;
          if (readOnly[i] && transition(state, i) >= 0) {
            if (memo.add(h1 ^ z1[i], h2 ^ z2[i], state)) {
              found = i;
            } else {
              backtrack = true; // this configuration was explored before, and failed
            }
            break;
          }
        }
        if (found >= 0) {
          int i = found;
          stackOp[depth] = i;
          stackState[depth] = state;
          forced[depth] = true;
          depth++;
          linearized[i] = true;
          h1 ^= z1[i];
          h2 ^= z2[i];
          lift(i);
          required--;
          scanForced = true;
          continue;
        }
        e = next[head];
      }
      if (!backtrack && (e & 1) == 0) {
        int i = e >> 1;
        int p = prevSame[i];
        if (!readOnly[i] && (p < 0 || linearized[p])) {
          int to = transition(state, i);
          if (to >= 0) {
            long a = h1 ^ z1[i];
            long b = h2 ^ z2[i];
            if (memo.add(a, b, to)) {
              stackOp[depth] = i;
              stackState[depth] = state;
              forced[depth] = false;
              depth++;
              linearized[i] = true;
              state = to;
              h1 = a;
              h2 = b;
              lift(i);
              if (!optional[i]) {
                required--;
              }
              scanForced = true;
              continue;
            }
          }
        }
        e = next[e];
        continue;
      }
      // Backtrack: undo ops until one that was a free choice; forced ones had no alternative.
      // The deepest linearization is the evidence of a violation; it is copied only here, when
      // it is about to be undone (copying at every new depth made linearizable histories cost
      // time quadratic in their length).
      if (depth > bestDepth) {
        record(stackOp, depth, state);
      }
      int i = -1;
      do {
        if (depth == 0) {
          result = Outcome.ILLEGAL;
          break;
        }
        depth--;
        i = stackOp[depth];
        state = stackState[depth];
        linearized[i] = false;
        h1 ^= z1[i];
        h2 ^= z2[i];
        unlift(i);
        if (!optional[i]) {
          required++;
        }
      } while (forced[depth]);
      if (result != null) {
        break;
      }
      e = next[2 * i];
    }
    if (result == null) {
      result = Outcome.OK;
    }
    this.required = required;
    this.state = state;
    this.h1 = h1;
    this.h2 = h2;
    this.depth = depth;
    this.entry = e;
    this.scanForced = scanForced;
    this.steps += steps;
    if (result != Outcome.PAUSED) {
      if (DEBUG) {
        System.err.println("search n=" + n + " " + result + " steps=" + this.steps + " memo="
            + memo.size() + " states=" + states.size() + " modelSteps=" + modelSteps);
      }
      outcome = result;
      this.stackOp = null;
      this.stackState = null;
      this.linearized = null;
      this.forced = null;
      memoSize = memo.size();
      memo = null;
      transitions = null;
      budget.update(reported, states.bytes()); // the states stay, for the evidence
      reported = states.bytes();
    }
    return result;
  }

  /** Reports this search's memory to the shared budget; false when the budget is spent. */
  private boolean withinBudget() {
    long now = memo.bytesAtNextGrowth() + transitions.bytesAtNextGrowth() + states.bytes()
        + 64L * n;
    boolean ok = budget.update(reported, now);
    reported = now;
    return ok;
  }

  /** Gives this search's memory back to the budget (the check is over). */
  void release() {
    budget.update(reported, 0);
    reported = 0;
  }

  private void start() {
    stackOp = new int[n];
    stackState = new int[n];
    linearized = new boolean[n];
    forced = new boolean[n];
    scanForced = true;
    for (int i = 0; i < n; i++) {
      if (!optional[i]) {
        required++;
      }
    }
    state = states.intern(model.init());
    record(stackOp, 0, state);
    entry = next[head];
  }

  /** Distinct configurations visited so far. */
  long configurations() {
    return memo == null ? memoSize : memo.size();
  }

  /** Steps taken so far. */
  long steps() {
    return steps;
  }

  private int transition(int state, int op) {
    int cls = opClass[op];
    long key = ((long) state << 32) | cls;
    int to = transitions.get(key, MISSING);
    if (to == MISSING) {
      @SuppressWarnings("unchecked")
      I in = (I) classes.get(cls)[0];
      @SuppressWarnings("unchecked")
      O out = (O) classes.get(cls)[1];
      modelSteps++;
      S nextState = model.step(states.get(state), in, out);
      to = nextState == null ? ILLEGAL : states.intern(nextState);
      transitions.put(key, to);
    }
    return to;
  }

  private void lift(int i) {
    unlink(2 * i);
    if (!optional[i]) {
      unlink(2 * i + 1);
    }
  }

  private void unlift(int i) {
    if (!optional[i]) {
      relink(2 * i + 1);
    }
    relink(2 * i);
  }

  private void unlink(int e) {
    int p = prev[e];
    int x = next[e];
    next[p] = x;
    if (x >= 0) {
      prev[x] = p;
    }
  }

  private void relink(int e) {
    int p = prev[e];
    int x = next[e];
    next[p] = e;
    if (x >= 0) {
      prev[x] = e;
    }
  }

  private void record(int[] stackOp, int depth, int state) {
    bestDepth = depth;
    bestStack = Arrays.copyOf(stackOp, depth);
    bestState = state;
  }

  /** The evidence for an ILLEGAL outcome: rebuilt from the longest linearization seen. */
  Violation<I, O> violation() {
    boolean[] placed = new boolean[n];
    for (int i : bestStack) {
      placed[i] = true;
    }
    List<Operation<I, O>> prefix = new ArrayList<>();
    for (int i : bestStack) {
      prefix.add(ops.get(i));
    }
    Operation<I, O> blocked = null;
    List<Operation<I, O>> candidates = new ArrayList<>();
    long firstReturn = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      Operation<I, O> op = ops.get(i);
      if (!placed[i] && !optional[i] && op.ret() < firstReturn) {
        firstReturn = op.ret();
        blocked = op;
      }
    }
    for (int i = 0; i < n; i++) {
      Operation<I, O> op = ops.get(i);
      if (!placed[i] && op.call() <= firstReturn) {
        candidates.add(op);
      }
    }
    S state = states.get(bestState);
    StringBuilder why = new StringBuilder();
    why.append(model.describeOp(blocked.input(), blocked.output()))
        .append(" had to take effect before it returned, but no order of the ops")
        .append(" still pending could explain it. In state ")
        .append(model.describeState(state)).append(":");
    for (Operation<I, O> c : candidates) {
      why.append("\n  - #").append(c.id()).append(' ')
          .append(model.describeOp(c.input(), c.output())).append(": ");
      S to = model.step(state, c.input(), c.output());
      if (to == null) {
        why.append(model.explain(state, c.input(), c.output()));
      } else {
        why.append("could take effect (state becomes ").append(model.describeState(to))
            .append("), but then the remaining ops could not be linearized");
      }
    }
    return new Violation<>(prefix, model.describeState(state), blocked, why.toString());
  }
}
