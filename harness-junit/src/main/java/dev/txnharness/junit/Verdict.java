package dev.txnharness.junit;

/**
 * How a check ended, with {@code ./harness}'s exit code. Only {@link #VIOLATION} says the target is
 * wrong; the others say the harness could not tell.
 */
public enum Verdict {
    /** Every check passed (exit 0). */
    PASSED(0),
    /** A reply contradicts Redis: a scenario failed, a history is not linearizable, or an anomaly (exit 1). */
    VIOLATION(1),
    /** No contradiction, but the target went away, refused, or some checks could not run (exit 2). */
    COULD_NOT_RUN(2),
    /** No contradiction, but a budget or the memory ran out before a verdict (exit 3). */
    UNKNOWN(3),
    /** Stopped by SIGTERM or Ctrl-C (exit 3). */
    INTERRUPTED(3);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code {@code ./harness check} gives for this verdict. */
    public int exitCode() {
        return exitCode;
    }
}
