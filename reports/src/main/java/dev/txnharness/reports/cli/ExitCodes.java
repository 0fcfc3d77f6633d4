package dev.txnharness.reports.cli;

/**
 * The exit codes of every subcommand: a contract CI scripts rely on, so exit 1 means the target's
 * own replies contradict Redis and nothing else.
 *
 * <ul>
 *   <li>0 {@link #PASSED}: every check held;
 *   <li>1 {@link #VIOLATION}: a scenario got a reply Redis does not give, a history is not
 *       linearizable, a replayed reply deviates;
 *   <li>2 {@link #COULD_NOT_RUN}: bad arguments, unreachable target, authentication refused,
 *       refused setup, a redirecting cluster node, an unreadable file, the target died mid-run, or
 *       a failure of the harness itself with nothing checked;
 *   <li>3 {@link #UNKNOWN}: no verdict: a checker budget or the memory ran out, ops stayed
 *       indeterminate, or the harness failed after some results were in.
 * </ul>
 *
 * A failure of ours (an exception, an {@link OutOfMemoryError}, a {@link StackOverflowError})
 * never becomes 1: {@link #of(Throwable, boolean)} maps it. A run ended by SIGTERM or Ctrl-C
 * exits as the JVM does on that signal (143, 130) after writing its report.
 */
public final class ExitCodes {
    /** Every check held. */
    public static final int PASSED = 0;
    /** The target's replies contradict Redis (a scenario failed, a history is not linearizable, a reply differs). */
    public static final int VIOLATION = 1;
    /** Could not run: bad arguments, unreachable target, unreadable file, the target went away. */
    public static final int COULD_NOT_RUN = 2;
    /** Unknown: a budget or the memory ran out before a verdict. */
    public static final int UNKNOWN = 3;

    /** The one-line text of the exit codes, as {@code help} and every {@code --help} print it. */
    public static final String TEXT = "Exit codes: 0 passed, 1 the target's replies contradict Redis (violation), "
            + "2 could not run (bad arguments, unreachable or refusing target, target died), 3 unknown (budget or memory spent).";

    private ExitCodes() {}

    /**
     * The exit code for a throwable that ended a command: never {@link #VIOLATION}. Out of memory is
     * {@link #UNKNOWN}; anything else is {@link #COULD_NOT_RUN}, or {@link #UNKNOWN} when some
     * results were already in ({@code partial}).
     */
    public static int of(Throwable t, boolean partial) {
        if (isOutOfMemory(t)) return UNKNOWN;
        return partial ? UNKNOWN : COULD_NOT_RUN;
    }

    /** True for an OutOfMemoryError, also when it is the cause of another throwable. */
    public static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) return true;
        }
        return false;
    }

    /** One line that says what went wrong, for a throwable that is not a plain {@link CouldNotRun}. */
    public static String describe(Throwable t) {
        if (isOutOfMemory(t)) {
            return "out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB heap); give the JVM more (JAVA_OPTS=-Xmx4g ./harness ...) or use smaller --ops / --clients";
        }
        if (t instanceof StackOverflowError) return "stack overflow in the harness (a bug of ours; HARNESS_DEBUG=1 prints the trace)";
        return TargetSpec.oneLine(t) + " (" + t.getClass().getName() + ")";
    }
}
