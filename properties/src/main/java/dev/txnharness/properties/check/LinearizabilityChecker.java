package dev.txnharness.properties.check;

import dev.txnharness.properties.model.Model;
import dev.txnharness.properties.model.Operation;
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
 * {@link Verdict#UNKNOWN} if the time budget (or the memory budget: a cap on explored
 * configurations) ran out first.
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
  private final long maxConfigurations;

  /** A checker with the given time budget and one worker per available processor. */
  public LinearizabilityChecker(Duration budget) {
    this(budget, Runtime.getRuntime().availableProcessors());
  }

  /** A checker with the given time budget and number of worker threads (at least 1). */
  public LinearizabilityChecker(Duration budget, int threads) {
    this.budget = budget;
    this.threads = Math.max(1, threads);
    // A memo entry costs about 40 bytes with the table's slack; keep to half the heap.
    this.maxConfigurations = Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 80);
  }

  /** Checks {@code ops} against {@code model}. */
  public <S, I, O> CheckResult<I, O> check(Model<S, I, O> model, List<Operation<I, O>> ops) {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    List<List<Operation<I, O>>> parts = model.partition(ops);
    List<Search<S, I, O>> searches = new ArrayList<>();
    // The memory budget is shared in proportion to the parts' sizes (many tiny parts must not
    // starve a big one).
    long total = Math.max(1, ops.size());
    for (List<Operation<I, O>> part : parts) {
      long share = (long) (maxConfigurations * (part.size() / (double) total));
      searches.add(new Search<>(model, part, deadline, Math.max(1 << 16, share)));
    }
    Verdict verdict = Verdict.LINEARIZABLE;
    Violation<I, O> violation = null;
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
          violation = active.get(p).violation();
        } else if (o == Search.Outcome.TIMEOUT) {
          if (verdict == Verdict.LINEARIZABLE) {
            verdict = Verdict.UNKNOWN;
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
    }
    return new CheckResult<>(verdict, violation, Duration.ofNanos(System.nanoTime() - start),
        parts.size(), configurations);
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
