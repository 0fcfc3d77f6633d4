package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.Prepared;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks a history of {@link Operation}s for linearizability against a {@link Model}.
 *
 * <p>Contract: returns {@link Verdict#LINEARIZABLE} only if some order of the ops, consistent
 * with real time and the model, explains every op with a known outcome (ops with an unknown
 * outcome may be placed anywhere after their call, or left out); {@link Verdict#VIOLATION} with
 * evidence only if no such order exists (up to a 2^-128 hash collision, see {@link MemoTable});
 * {@link Verdict#UNKNOWN} if the time budget or the memory budget ran out first. Memory is a
 * budget, never a crash: the searches of all parts share one cap on what their tables hold
 * ({@link MemoryBudget}, 60% of the heap by default), and an {@link OutOfMemoryError} in the
 * search also ends in UNKNOWN.
 *
 * <p>Before the search, {@link Model#prepare} may collapse ops that only make sense together
 * (for Redis: a MULTI block is one op at its EXEC); the evidence of a violation names the
 * recorded ops again.
 *
 * <p>The history is split with {@link Model#partition}. Parts are searched in rounds: each round
 * gives every unfinished part the same number of steps (doubling each round), in parallel when
 * there are several threads. So the cheapest violating part is found without waiting for hard
 * linearizable ones, and the result (verdict and evidence: the lowest-numbered part that failed
 * in the first failing round) does not depend on the number of threads or on timing, only on the
 * budget.
 */
public final class LinearizabilityChecker {
  private static final long FIRST_SLICE = 1 << 15;
  private static volatile ExecutorService pool;

  private final Duration budget;
  private final int threads;
  private final long memoryBytes;

  /** A checker with the given time budget and one worker per available processor. */
  public LinearizabilityChecker(Duration budget) {
    this(budget, Runtime.getRuntime().availableProcessors());
  }

  /** A checker with the given time budget and number of worker threads (at least 1). */
  public LinearizabilityChecker(Duration budget, int threads) {
    this(budget, threads, MemoryBudget.ofHeap().cap());
  }

  /**
   * A checker with the given time budget, number of worker threads and memory budget in bytes
   * (what the search's tables may hold, all parts together).
   */
  public LinearizabilityChecker(Duration budget, int threads, long memoryBytes) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("the time budget must be positive: " + budget);
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("the memory budget must be positive: " + memoryBytes);
    }
    this.budget = budget;
    this.threads = Math.max(1, threads);
    this.memoryBytes = memoryBytes;
  }

  /** Checks {@code ops} against {@code model}. */
  public <S, I, O> CheckResult<I, O> check(Model<S, I, O> model, List<Operation<I, O>> ops) {
    long start = System.nanoTime();
    Prepared<I, O> prepared = model.prepare(ops);
    if (prepared.blocked() != null) {
      Violation<I, O> v = new Violation<>(List.of(), "(not needed: this op alone decides)",
          prepared.blocked(), prepared.reason());
      return new CheckResult<>(Verdict.VIOLATION, v, Duration.ofNanos(System.nanoTime() - start),
          0, 0, null);
    }
    List<Search<S, I, O>> searches = new ArrayList<>();
    try {
      return search(model, prepared, searches, start);
    } catch (OutOfMemoryError e) {
      searches.clear(); // let the tables go before anything else is allocated
      return new CheckResult<>(Verdict.UNKNOWN, null, Duration.ofNanos(System.nanoTime() - start),
          0, 0, "the JVM ran out of memory (" + (Runtime.getRuntime().maxMemory() >> 20)
          + " MB heap; more with -Xmx)");
    }
  }

  private <S, I, O> CheckResult<I, O> search(Model<S, I, O> model, Prepared<I, O> prepared,
      List<Search<S, I, O>> searches, long start) {
    long deadline = start + budget.toNanos();
    MemoryBudget memory = new MemoryBudget(memoryBytes);
    List<List<Operation<I, O>>> parts = model.partition(prepared.ops());
    for (List<Operation<I, O>> part : parts) {
      searches.add(new Search<>(model, part, deadline, memory));
    }
    Verdict verdict = Verdict.LINEARIZABLE;
    Violation<I, O> violation = null;
    String spent = null;
    List<Search<S, I, O>> active = new ArrayList<>(searches);
    long slice = FIRST_SLICE;
    while (!active.isEmpty() && violation == null) {
      // Most histories finish within the first slice: run it inline, without a thread hand-off.
      List<Search.Outcome> outcomes = round(active, slice, slice == FIRST_SLICE ? 1 : threads);
      List<Search<S, I, O>> still = new ArrayList<>();
      for (int p = 0; p < active.size(); p++) {
        Search.Outcome o = outcomes.get(p);
        if (o == Search.Outcome.ILLEGAL && violation == null) {
          verdict = Verdict.VIOLATION;
          violation = recorded(prepared, active.get(p).violation());
        } else if (o == Search.Outcome.TIMEOUT || o == Search.Outcome.MEMORY) {
          if (verdict == Verdict.LINEARIZABLE) {
            verdict = Verdict.UNKNOWN;
            spent = o == Search.Outcome.TIMEOUT
                ? "the time budget (" + budget.toMillis() / 1000.0 + " s) ran out"
                : "the memory budget (" + (memoryBytes >> 20) + " MB) ran out";
          }
        } else if (o == Search.Outcome.PAUSED) {
          still.add(active.get(p));
        }
      }
      active = still;
      slice *= 2;
    }
    long configurations = 0;
    for (Search<S, I, O> s : searches) {
      configurations += s.configurations();
      s.release();
    }
    return new CheckResult<>(verdict, violation, Duration.ofNanos(System.nanoTime() - start),
        parts.size(), configurations, verdict == Verdict.UNKNOWN ? spent : null);
  }

  /** The evidence in terms of the recorded ops: a collapsed op stands for its members again. */
  private static <I, O> Violation<I, O> recorded(Prepared<I, O> prepared, Violation<I, O> v) {
    if (prepared.members().isEmpty()) {
      return v;
    }
    List<Operation<I, O>> prefix = new ArrayList<>();
    for (Operation<I, O> op : v.prefix()) {
      prefix.addAll(prepared.recorded(op));
    }
    List<Operation<I, O>> blocked = prepared.recorded(v.blocked());
    return new Violation<>(prefix, v.state(), blocked.get(blocked.size() - 1), v.reason());
  }

  private <S, I, O> List<Search.Outcome> round(
      List<Search<S, I, O>> active, long slice, int threads) {
    List<Search.Outcome> outcomes = new ArrayList<>();
    if (threads == 1 || active.size() == 1) {
      for (Search<S, I, O> s : active) {
        outcomes.add(s.run(slice));
      }
      return outcomes;
    }
    List<Callable<Search.Outcome>> tasks = new ArrayList<>();
    for (Search<S, I, O> s : active) {
      tasks.add(() -> s.run(slice));
    }
    try {
      for (Future<Search.Outcome> f : pool(threads).invokeAll(tasks)) {
        outcomes.add(f.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutOfMemoryError oom) {
        throw oom; // ends in UNKNOWN, see check
      }
      throw new IllegalStateException("the check failed: " + e.getCause(), e.getCause());
    }
  }

  private static ExecutorService pool(int threads) {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (LinearizabilityChecker.class) {
        if (pool == null) {
          int n = Math.max(threads, Runtime.getRuntime().availableProcessors());
          pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "linearizability-check");
            t.setDaemon(true);
            return t;
          });
        }
        p = pool;
      }
    }
    return p;
  }
}
