package dev.txnharness.properties.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: a function from a {@link Choices} source to a value.
 *
 * <p>Contract: a generator takes every random decision through the source it is given (never its
 * own randomness), so the same choices give the same value and smaller choices give simpler
 * values: lists shrink by dropping elements, numbers towards their lower bound, {@link #oneOf}
 * towards its first alternative.
 */
@FunctionalInterface
public interface Gen<T> {

  /** Draws one value. */
  T draw(Choices c);

  /** A generator of {@code f} applied to this one's values. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return c -> f.apply(draw(c));
  }

  /** A generator whose second stage depends on this one's value. */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
    return c -> f.apply(draw(c)).draw(c);
  }

  /** Values satisfying {@code p}; gives up (as an assumption failure) after 100 misses. */
  default Gen<T> filter(Predicate<? super T> p) {
    return c -> {
      for (int i = 0; i < 100; i++) {
        c.startSpan();
        T t = draw(c);
        c.endSpan();
        if (p.test(t)) {
          return t;
        }
      }
      throw new Property.Discard();
    };
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return c -> value;
  }

  /** A long in {@code [lo, hi]}, shrinking towards {@code lo}. */
  static Gen<Long> longs(long lo, long hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range");
    }
    long span = hi - lo + 1; // as an unsigned number; 0 means all 2^64 values
    if (span > 0) {
      return c -> lo + c.choose(span);
    }
    return c -> {
      long raw = (c.choose(1L << 32) << 32) | c.choose(1L << 32);
      return lo + (span == 0 ? raw : Long.remainderUnsigned(raw, span));
    };
  }

  /** An int in {@code [lo, hi]}, shrinking towards {@code lo}. */
  static Gen<Integer> ints(int lo, int hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range");
    }
    return c -> lo + (int) c.choose((long) hi - lo + 1);
  }

  /** A boolean, shrinking towards false. */
  static Gen<Boolean> booleans() {
    return c -> c.choose(2) == 1;
  }

  /** One of {@code values}, shrinking towards the first. */
  @SafeVarargs
  static <T> Gen<T> elements(T... values) {
    List<T> copy = List.of(values);
    return c -> copy.get((int) c.choose(copy.size()));
  }

  /** One of {@code values}, shrinking towards the first. */
  static <T> Gen<T> elements(List<T> values) {
    List<T> copy = List.copyOf(values);
    return c -> copy.get((int) c.choose(copy.size()));
  }

  /** A value of one of {@code gens}, shrinking towards the first generator. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = List.of(gens);
    return c -> {
      c.startSpan();
      T t = copy.get((int) c.choose(copy.size())).draw(c);
      c.endSpan();
      return t;
    };
  }

  /**
   * A list of {@code min..max} elements. Before each element past {@code min} a coin says
   * whether to go on (about {@code 1 - 1/avg} likely), so deleting an element's span or zeroing
   * its coin shortens the list.
   */
  static <T> Gen<List<T>> listOf(Gen<T> element, int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("bad size range");
    }
    double more = max == min ? 0 : 1.0 - 1.0 / (1 + Math.min(max - min, (min + max) / 2.0 + 1));
    return c -> {
      List<T> out = new ArrayList<>();
      while (out.size() < max) {
        c.startSpan();
        if (out.size() >= min && !c.chance(more)) {
          c.endSpan();
          break;
        }
        out.add(element.draw(c));
        c.endSpan();
      }
      return out;
    };
  }
}
