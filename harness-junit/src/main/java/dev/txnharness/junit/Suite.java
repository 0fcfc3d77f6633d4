package dev.txnharness.junit;

/** The suites of {@code ./harness check --suite}. */
public enum Suite {
    /** Deterministic multi-client scripts with the exact replies Redis 7.0 gives (Redis's own tests among them). */
    SCENARIOS,
    /** Seeded concurrent workloads, each history checked for linearizability against a model of Redis 7.0. */
    HISTORIES,
    /** List-append histories checked for isolation anomalies (Elle-style cycles). */
    ANOMALIES;

    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
