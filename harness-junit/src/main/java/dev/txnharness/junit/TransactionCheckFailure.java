package dev.txnharness.junit;

/**
 * Thrown by {@link Result#assertPassed()} and {@link TransactionCheck#check()} when a check did not
 * pass: the message has the checker's explanation, the counterexample and the command that replays
 * the run; {@link #result()} has the rest.
 */
public final class TransactionCheckFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient Result result;

    TransactionCheckFailure(Result result) {
        super(result.failureMessage());
        this.result = result;
    }

    /** The check's whole result. */
    public Result result() {
        return result;
    }
}
