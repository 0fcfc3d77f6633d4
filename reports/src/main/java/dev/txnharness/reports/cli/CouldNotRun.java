package dev.txnharness.reports.cli;

/** The run could not start or go on (unreachable target, unreadable file): exit code 2, one line. */
public final class CouldNotRun extends RuntimeException {
    public CouldNotRun(String message) {
        super(message);
    }

    public CouldNotRun(String message, Throwable cause) {
        super(message, cause);
    }
}
