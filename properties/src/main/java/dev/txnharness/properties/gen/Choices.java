package dev.txnharness.properties.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The recorded source of every random choice a generator makes, as in Hypothesis.
 *
 * <p>Contract: each {@link #choose} returns a value in {@code [0, n)} and records it. A fresh
 * source draws from a seeded random generator; a replaying source returns the given choices in
 * order (reduced modulo {@code n} when too large) and zeros once they run out, so that a smaller
 * choice sequence always yields a valid (and usually smaller) example. Because generators are
 * functions of the choices, shrinking the choices shrinks anything generated: op lists, keys,
 * schedules. {@link #startSpan()}/{@link #endSpan()} mark the choices of one generated part, so a
 * shrinker can delete whole parts.
 */
public final class Choices {
  /** Thrown when an example needs more than {@link #MAX_CHOICES} choices. */
  public static final class Overrun extends RuntimeException {
    Overrun() {
      super("too many choices", null, false, false);
    }
  }

  /** A bound on the choices of one example, so a runaway generator stops. */
  public static final int MAX_CHOICES = 100_000;

  private final SplittableRandom random;
  private final long[] prefix;
  private final int limit;
  private long[] recorded = new long[64];
  private int size;
  private final List<int[]> spans = new ArrayList<>();
  private final List<Integer> open = new ArrayList<>();

  private Choices(SplittableRandom random, long[] prefix, int limit) {
    this.random = random;
    this.prefix = prefix;
    this.limit = limit;
  }

  /** A source drawing fresh choices from {@code seed}. */
  public static Choices random(long seed) {
    return new Choices(new SplittableRandom(seed), new long[0], MAX_CHOICES);
  }

  /**
   * A source drawing fresh choices from {@code seed}, allowing up to {@code limit} choices: for
   * generating big seeded inputs (benchmarks), not for properties (they must stay shrinkable).
   */
  public static Choices random(long seed, int limit) {
    return new Choices(new SplittableRandom(seed), new long[0], limit);
  }

  /** A source replaying {@code choices}, then zeros. */
  public static Choices replay(long[] choices) {
    return new Choices(null, choices.clone(), MAX_CHOICES);
  }

  /** A value in {@code [0, n)}; {@code n} must be positive. */
  public long choose(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    if (size >= limit) {
      throw new Overrun();
    }
    long v;
    if (size < prefix.length) {
      v = Long.remainderUnsigned(prefix[size], n);
    } else if (random != null) {
      v = random.nextLong(n);
    } else {
      v = 0;
    }
    if (size == recorded.length) {
      recorded = Arrays.copyOf(recorded, size * 2);
    }
    recorded[size++] = v;
    return v;
  }

  /** A biased coin: true with probability about {@code p} on a fresh source; false shrinks. */
  public boolean chance(double p) {
    long scale = 1 << 20;
    return choose(scale) >= scale - Math.round(p * scale);
  }

  /** Marks the start of a part of the example. */
  public void startSpan() {
    open.add(size);
  }

  /** Marks the end of the part started last. */
  public void endSpan() {
    int start = open.remove(open.size() - 1);
    if (size > start) {
      spans.add(new int[] {start, size});
    }
  }

  /** The choices made so far. */
  public long[] recorded() {
    return Arrays.copyOf(recorded, size);
  }

  /** The spans closed so far, as {@code [start, end)} pairs of choice indices. */
  public List<int[]> spans() {
    return List.copyOf(spans);
  }
}
