package dev.txnharness.junit;

/**
 * What a check counted, over all its targets (the report's summary table has them per target).
 *
 * @param scenarios          scenarios run
 * @param scenariosFailed    scenarios whose replies contradict Redis
 * @param scenariosNotRun    scenarios that could not run or ended indeterminate (not failures)
 * @param histories          histories checked
 * @param historiesViolating histories that are not linearizable
 * @param historiesUnknown   histories with no verdict (the checker's budget ran out)
 * @param ops                ops recorded in all histories
 */
public record Counts(int scenarios, int scenariosFailed, int scenariosNotRun, int histories, int historiesViolating,
                     int historiesUnknown, long ops) {}
