package dev.txnharness.properties.gen;

/**
 * A property found a failing example. The message holds the seed, the shrunk example, the error
 * and the one-line command that replays it; the cause is the shrunk example's error.
 */
public final class PropertyFailure extends AssertionError {
  private final long seed;
  private final transient Object example;

  PropertyFailure(String message, long seed, Object example, Throwable cause) {
    super(message, cause);
    this.seed = seed;
    this.example = example;
  }

  /** The seed whose first example fails. */
  public long seed() {
    return seed;
  }

  /** The shrunk failing example. */
  public Object example() {
    return example;
  }
}
