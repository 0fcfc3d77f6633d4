package dev.txnharness.reports.cli;

/** The exit codes of every subcommand. */
public final class ExitCodes {
    /** Every check held. */
    public static final int PASSED = 0;
    /** A violation was found (a scenario failed, a history is not linearizable, a reply differs). */
    public static final int VIOLATION = 1;
    /** Could not run: bad arguments, unreachable target, unreadable file. */
    public static final int COULD_NOT_RUN = 2;
    /** Unknown: the checker ran out of budget before a verdict. */
    public static final int UNKNOWN = 3;

    private ExitCodes() {}
}
