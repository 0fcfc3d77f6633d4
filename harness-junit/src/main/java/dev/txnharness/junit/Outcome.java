package dev.txnharness.junit;

/**
 * One line of a check's result, as a test runner shows it: a scenario on a target, or a suite's
 * histories on a target. {@link TransactionCheck#dynamicTests()} makes one test of each.
 *
 * @param name    the scenario's title, or e.g. {@code histories: workload invariants}
 * @param target  the target as the report names it
 * @param verdict how it ended
 * @param message what a failure or an inconclusive ending says (empty when passed)
 */
public record Outcome(String name, String target, Verdict verdict, String message) {
    /** True when it passed. */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
