package dev.txnharness.reports.suite;

/**
 * Which {@link HistoriesSuite} the CLI runs. Today the built-in one; when properties' workload
 * package lands, an adapter to it goes here (one line), and the CLI, progress and report stay as
 * they are.
 */
public final class HistoriesSuites {
    private HistoriesSuites() {}

    public static HistoriesSuite defaultSuite() {
        return new BuiltInHistories();
    }
}
