package dev.txnharness.properties.gen;

/**
 * How hard a property runs, from system properties with quick defaults.
 *
 * <ul>
 *   <li>{@code -Dharness.tries=N} examples per property (default 100);
 *   <li>{@code -Dharness.seed=S} the seed of the first example (default: fresh each run);
 *   <li>{@code -Dharness.shrinkMillis=MS} the time shrinking may take (default 10000).
 * </ul>
 */
public record PropertyConfig(int tries, long seed, long shrinkMillis) {

  /** The configuration from the system properties. */
  public static PropertyConfig fromSystemProperties() {
    int tries = Integer.getInteger("harness.tries", 100);
    String seed = System.getProperty("harness.seed");
    long s = seed == null || seed.isBlank() ? System.nanoTime() ^ 0x9E3779B97F4A7C15L
        : Long.parseLong(seed.trim());
    long shrink = Long.getLong("harness.shrinkMillis", 10_000L);
    return new PropertyConfig(tries, s, shrink);
  }

  /** True when the seed came from {@code -Dharness.seed}. */
  public static boolean seedFixed() {
    String seed = System.getProperty("harness.seed");
    return seed != null && !seed.isBlank();
  }
}
