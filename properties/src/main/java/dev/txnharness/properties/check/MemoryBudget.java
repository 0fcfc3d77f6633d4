package dev.txnharness.properties.check;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one check may use, shared by every part's search: their memo tables, state tables
 * and transition caches draw on one cap. When it is spent the verdict is UNKNOWN, never a crash.
 *
 * <p>Each search reports its own estimate now and then ({@link #update}); the estimates count
 * what a table will hold at its next growth, when the old and the new arrays live at once, so the
 * cap holds through a growth step.
 */
final class MemoryBudget {
  private final long cap;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long cap) {
    this.cap = cap;
  }

  /** The default cap: 60% of the heap this JVM may grow to. */
  static MemoryBudget ofHeap() {
    return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * 0.6));
  }

  long cap() {
    return cap;
  }

  /**
   * Replaces one search's previous estimate with {@code now}; returns false when the total is
   * past the cap.
   */
  boolean update(long previous, long now) {
    return used.addAndGet(now - previous) <= cap;
  }
}
