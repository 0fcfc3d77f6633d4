package dev.txnharness.reports.suite;

/**
 * Which {@link HistoriesSuite} the CLI runs: {@link WorkloadHistories}, the adapter to properties'
 * workload package (generators, runners, invariants). Another suite plugs in here, and the CLI,
 * progress and report stay as they are.
 */
public final class HistoriesSuites {
    private HistoriesSuites() {}

    public static HistoriesSuite defaultSuite() {
        return new WorkloadHistories();
    }
}
