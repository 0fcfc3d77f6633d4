package dev.txnharness.properties.gen;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A property-based test, run from an ordinary JUnit {@code @Test} method.
 *
 * <pre>{@code
 * @Test void reverseTwiceIsIdentity() {
 *   Property.forAll(Gen.listOf(Gen.ints(0, 9), 0, 20)).check(xs -> {
 *     Property.label(xs.isEmpty() ? "empty" : "non-empty");
 *     assertEquals(xs, reverse(reverse(xs)));
 *   });
 * }
 * }</pre>
 *
 * <p>Contract: {@link Runner#check} draws {@link PropertyConfig#tries()} examples from the seed
 * (the first example from the seed itself, so a printed seed replays its example first); the
 * first example whose body throws is shrunk (see {@link Shrinker}) and reported in a
 * {@link PropertyFailure} carrying the seed, the shrunk example, the original error and a
 * one-line replay command. Label counts are printed after every run. Examples whose body calls
 * {@link #assume} with false are discarded, not counted.
 */
public final class Property {
  private static final ThreadLocal<Statistics> STATS = new ThreadLocal<>();

  private Property() {}

  /** Thrown by {@link #assume} to discard an example. */
  public static final class Discard extends RuntimeException {
    public Discard() {
      super("discarded", null, false, false);
    }
  }

  /** A property over values of {@code gen}, configured from system properties. */
  public static <T> Runner<T> forAll(Gen<T> gen) {
    return new Runner<>(gen, PropertyConfig.fromSystemProperties());
  }

  /** Counts {@code label} for the current example (no effect outside a property). */
  public static void label(String label) {
    Statistics s = STATS.get();
    if (s != null) {
      s.label(label);
    }
  }

  /** Discards the current example unless {@code condition} holds. */
  public static void assume(boolean condition) {
    if (!condition) {
      throw new Discard();
    }
  }

  /** Runs one property; immutable, each setter returns a copy. */
  public static final class Runner<T> {
    private final Gen<T> gen;
    private final PropertyConfig config;
    private final String name;

    private Runner(Gen<T> gen, PropertyConfig config) {
      this(gen, config, null);
    }

    private Runner(Gen<T> gen, PropertyConfig config, String name) {
      this.gen = gen;
      this.config = config;
      this.name = name;
    }

    /** The same property with {@code n} tries (ignores -Dharness.tries). */
    public Runner<T> tries(int n) {
      return new Runner<>(gen, new PropertyConfig(n, config.seed(), config.shrinkMillis()), name);
    }

    /** The same property with a fixed seed, unless -Dharness.seed is given. */
    public Runner<T> seed(long seed) {
      long s = PropertyConfig.seedFixed() ? config.seed() : seed;
      return new Runner<>(gen, new PropertyConfig(config.tries(), s, config.shrinkMillis()), name);
    }

    /** The same property with a shrink time limit. */
    public Runner<T> shrinkMillis(long ms) {
      return new Runner<>(gen, new PropertyConfig(config.tries(), config.seed(), ms), name);
    }

    /** The same property with a name for its printed output (default: the calling test). */
    public Runner<T> named(String name) {
      return new Runner<>(gen, config, name);
    }

    /**
     * Runs the property; returns the label statistics of the passing run.
     *
     * @throws PropertyFailure when an example fails, with the shrunk example
     */
    public Statistics check(Consumer<? super T> body) {
      Caller caller = Caller.find();
      String title = name != null ? name : caller.display();
      Statistics stats = new Statistics();
      SplittableRandom seeds = new SplittableRandom(config.seed());
      long seed = config.seed();
      int discards = 0;
      for (int done = 0; done < config.tries(); ) {
        Choices choices = Choices.random(seed);
        Outcome<T> o = run(body, choices, stats);
        if (o.error() != null) {
          report(title, stats);
          throw failure(title, caller, seed, choices, o, body);
        }
        if (o.discarded()) {
          if (++discards > 10 * config.tries() + 100) {
            report(title, stats);
            throw new AssertionError(title + ": gave up after " + discards
                + " discarded examples; the assumptions reject too much");
          }
        } else {
          done++;
        }
        seed = seeds.nextLong();
      }
      report(title, stats);
      return stats;
    }

    private Outcome<T> run(Consumer<? super T> body, Choices choices, Statistics stats) {
      Statistics previous = STATS.get();
      STATS.set(stats);
      T value = null;
      try {
        value = gen.draw(choices);
        body.accept(value);
        stats.endExample();
        return new Outcome<>(value, null, false);
      } catch (Discard | Choices.Overrun d) {
        stats.discardExample();
        return new Outcome<>(value, null, true);
      } catch (Throwable t) {
        stats.discardExample();
        return new Outcome<>(value, t, false);
      } finally {
        if (previous == null) {
          STATS.remove();
        } else {
          STATS.set(previous);
        }
      }
    }

    private PropertyFailure failure(String title, Caller caller, long seed, Choices choices,
        Outcome<T> first, Consumer<? super T> body) {
      Class<?> errorClass = first.error().getClass();
      Statistics scratch = new Statistics();
      Shrinker shrinker = new Shrinker(candidate -> {
        Choices c = Choices.replay(candidate);
        Outcome<T> o = run(body, c, scratch);
        return o.error() != null && o.error().getClass() == errorClass
            ? new Shrinker.Attempt(c.recorded(), c.spans()) : null;
      }, new Shrinker.Attempt(choices.recorded(), choices.spans()),
          System.nanoTime() + config.shrinkMillis() * 1_000_000L);
      Shrinker.Attempt best = shrinker.shrink();
      Choices replay = Choices.replay(best.choices());
      Outcome<T> shrunk = run(body, replay, scratch);
      Throwable cause = shrunk.error() != null ? shrunk.error() : first.error();
      Object example = shrunk.error() != null ? shrunk.value() : first.value();
      String message = title + " failed\n"
          + "  seed:           " + seed + "\n"
          + "  shrunk example: " + example + "\n"
          + "  (" + shrinker.improvements() + " shrinks in " + shrinker.attempts()
          + " attempts; original example: " + first.value() + ")\n"
          + "  error:          " + cause + "\n"
          + "  replay:         " + caller.replayCommand(seed);
      return new PropertyFailure(message, seed, example, cause);
    }

    private static void report(String title, Statistics stats) {
      StringBuilder sb = new StringBuilder();
      sb.append(title).append(": ").append(stats.examples()).append(" examples passed");
      if (!stats.counts().isEmpty()) {
        sb.append("; labels:\n").append(stats.report());
      } else {
        sb.append('\n');
      }
      System.out.print(sb);
    }
  }

  private record Outcome<T>(T value, Throwable error, boolean discarded) {}

  /** The test method that called {@code check}, for the replay command. */
  private record Caller(String className, String method) {
    static Caller find() {
      Optional<StackWalker.StackFrame> frame = StackWalker.getInstance().walk(s -> s
          .filter(f -> !f.getClassName().startsWith(Property.class.getPackageName() + ".")
              || f.getClassName().contains("Test"))
          .filter(f -> !f.getClassName().startsWith("java.")
              && !f.getClassName().startsWith("jdk."))
          .findFirst());
      if (frame.isEmpty()) {
        return new Caller("UnknownTest", "unknown");
      }
      String cls = frame.get().getClassName();
      int dollar = cls.indexOf('$');
      String top = dollar < 0 ? cls : cls.substring(0, dollar);
      String method = frame.get().getMethodName();
      if (method.startsWith("lambda$")) {
        String rest = method.substring("lambda$".length());
        int end = rest.indexOf('$');
        method = end < 0 ? rest : rest.substring(0, end);
      }
      return new Caller(top, method);
    }

    String display() {
      return className.substring(className.lastIndexOf('.') + 1) + "#" + method;
    }

    String replayCommand(long seed) {
      return "mvn -pl properties test -Dtest=" + display() + " -Dharness.seed=" + seed;
    }
  }
}
