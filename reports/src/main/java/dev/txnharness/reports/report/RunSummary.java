package dev.txnharness.reports.report;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * Everything a report shows except the histories themselves (those are history-N.jsonl beside
 * it): what ran, on what, with which seed, and every verdict. Written as summary.json; {@code
 * ./harness report DIR} reads it back to re-render the page.
 *
 * <p>Stable for other tools: {@code schemaVersion} grows when a field changes meaning or goes
 * away (new fields may appear without it). Seeds are strings, since a 64-bit seed loses its low
 * bits as a JavaScript number.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} of the writer
 * @param command   the command line that made the run
 * @param verdict   PASSED, VIOLATION (a reply contradicts Redis), UNKNOWN (a budget or the memory
 *                  ran out), COULD_NOT_RUN (the target went away or refused, or some checks could
 *                  not run or ended indeterminate and none failed; what was checked is here) or
 *                  INTERRUPTED (SIGTERM or Ctrl-C)
 * @param ending    null for a run that went through; else one line saying what ended it
 * @param targets   every target that ran, in column order of the conformance matrix
 * @param properties one entry per history property and target: the totals
 * @param histories every history that did not pass, and the first passing ones (up to {@link
 *                  #PASSING_LISTED}); {@code properties} has the totals
 * @param groups    the failing scenarios grouped by root cause (the rule their first deviating
 *                  step breaks), most frequent first; wire-type-only groups after behaviour ones
 * @param coverage  what the run exercised, counted from what was sent and answered
 * @param stopped   one line per suite that stopped before its budget was spent (--max-violations),
 *                  saying what was left unrun; empty when nothing stopped early
 */
public record RunSummary(int schemaVersion, String tool, String command, String startedAt, long elapsedMillis,
                         List<TargetInfo> targets, @JsonFormat(shape = JsonFormat.Shape.STRING) long seed,
                         List<String> suites, int clients, int ops, String time, String verdict, String ending,
                         Counts counts, List<ScenarioOutcome> scenarios, List<PropertyOutcome> properties,
                         List<HistoryOutcome> histories, List<String> notes, List<FailureGroup> groups,
                         Coverage coverage, List<String> stopped) {

    /**
     * The summary.json format this code writes. 2: schemaVersion, ending, seeds as strings. 3:
     * groups, coverage, stopped; a scenario's file and transcript; a step's command; in a
     * differential run "expected" is the reference's (--against) reply and "got" the target's.
     */
    public static final int SCHEMA_VERSION = 3;

    public static final String PASSED = "PASSED";
    public static final String VIOLATION = "VIOLATION";
    public static final String UNKNOWN = "UNKNOWN";
    /** No contradiction found, but the target went away, refused, or some checks could not run or
     * ended indeterminate (exit 2). */
    public static final String COULD_NOT_RUN = "COULD_NOT_RUN";
    public static final String INTERRUPTED = "INTERRUPTED";
    /** How many passing histories summary.json lists one by one. */
    public static final int PASSING_LISTED = 100;

    /** A run that went through (no {@code ending}), in the current schema. */
    public RunSummary(String tool, String command, String startedAt, long elapsedMillis, List<TargetInfo> targets, long seed,
                      List<String> suites, int clients, int ops, String time, String verdict, Counts counts,
                      List<ScenarioOutcome> scenarios, List<PropertyOutcome> properties, List<HistoryOutcome> histories,
                      List<String> notes) {
        this(SCHEMA_VERSION, tool, command, startedAt, elapsedMillis, targets, seed, suites, clients, ops, time, verdict, null,
                counts, scenarios, properties, histories, notes, Triage.groups(scenarios), null, List.of());
    }

    public RunSummary {
        // a summary.json written before schema 3 has none of these
        if (groups == null) groups = Triage.groups(scenarios == null ? List.of() : scenarios);
        if (stopped == null) stopped = List.of();
    }

    /**
     * Failing scenarios that break the same rule: {@code kind} is {@link Triage#BEHAVIOUR} or
     * {@link Triage#WIRE_TYPE} (the same value as redis-cli prints it, another RESP type); {@code
     * rule} says it in words ("EXEC answers $-1 instead of *-1"); {@code example} is the shortest
     * failing scenario of the group (fewest steps), {@code exampleFile} its file; {@code scenarios}
     * names them all.
     */
    public record FailureGroup(String key, String kind, String target, String rule, int count, String example,
                               String exampleFile, List<String> scenarios) {}

    /**
     * What the run exercised, counted from what was sent and answered (both suites), not from what
     * was generated: {@code commands} maps a command name to the replies it got (a disconnect is
     * counted when it was made); {@code paths} maps each transaction path ({@link Coverage#PATHS})
     * to how often it happened.
     */
    public record Coverage(java.util.Map<String, Long> commands, java.util.Map<String, Long> paths) {
        /** The transaction paths, in the order the report lists them. */
        public static final List<String> PATHS = List.of("QUEUED", "EXEC ran", "EXECABORT", "nil EXEC (watch abort)",
                "run-time error inside EXEC", "DISCARD", "disconnect/QUIT in a transaction");
    }

    /** A history property on one target: how many histories, how many failed. */
    public record PropertyOutcome(String property, String target, int histories, int violations, int unknown, long ops,
                                  long checkMillis) {}

    /** A target column: its name and what answered. */
    public record TargetInfo(String name, String version) {}

    /**
     * The totals of the summary table. {@code scenariosFailed} counts only contradictions; a scenario
     * that could not run (a refused setup) or ended indeterminate (a dropped connection) is counted
     * apart.
     */
    public record Counts(int scenarios, int scenariosFailed, int histories, int violations, int unknown, long ops,
                         int scenariosCouldNotRun, int scenariosIndeterminate) {
        public Counts(int scenarios, int scenariosFailed, int histories, int violations, int unknown, long ops) {
            this(scenarios, scenariosFailed, histories, violations, unknown, ops, 0, 0);
        }
    }

    /**
     * One scenario on one target. {@code target} is a column name; for a differential run it is
     * "A vs B" and each failure's expected/got are A's and B's replies. {@code outcome} is PASSED,
     * FAILED (a reply contradicts the expected one), INDETERMINATE (a connection dropped) or
     * COULD_NOT_RUN (the server refused the setup); {@code failures} holds the steps behind it.
     */
    public record ScenarioOutcome(String name, String title, String target, boolean passed, long millis,
                                  List<StepDiff> failures, String outcome, String file, int length, List<StepDiff> transcript) {
        public static final String FAILED = "FAILED";
        public static final String INDETERMINATE = "INDETERMINATE";

        public ScenarioOutcome(String name, String title, String target, boolean passed, long millis, List<StepDiff> failures) {
            this(name, title, target, passed, millis, failures, passed ? PASSED : FAILED);
        }

        public ScenarioOutcome(String name, String title, String target, boolean passed, long millis, List<StepDiff> failures,
                               String outcome) {
            this(name, title, target, passed, millis, failures, outcome, null, 0, List.of());
        }

        public ScenarioOutcome {
            if (outcome == null) outcome = passed ? PASSED : FAILED; // a summary.json written before outcomes
            if (transcript == null) transcript = List.of();
        }

        /** A reply contradicted the expected one. */
        public boolean failed() {
            return FAILED.equals(outcome);
        }
    }

    /**
     * A step and its replies (in {@code failures}, one whose reply was not the expected one).
     * {@code command} names the command whose reply this is (for RECV, the one sent before), null
     * for a step that reads nothing; {@code ok} tells a matching step of a transcript from one that
     * deviates.
     */
    public record StepDiff(int line, String step, String expected, String got, String command, boolean ok) {
        public StepDiff(int line, String step, String expected, String got) {
            this(line, step, expected, got, null, false);
        }
    }

    /**
     * One checked history.
     *
     * @param historyFile the jsonl file beside summary.json (null when not written: a passing history)
     * @param replayFile  the replay script (null when there is nothing to replay)
     * @param evidence    the checker's evidence, for a violation
     * @param reproduced  for a counterexample found on real threads, how often replaying it in the
     *                    recorded order deviated again ("7/20"); null otherwise
     */
    public record HistoryOutcome(int index, String property, String target, @JsonFormat(shape = JsonFormat.Shape.STRING) long seed, int clients, int recordedOps,
                                 int ops, boolean minimal, String verdict, String explanation, long checkMillis,
                                 String historyFile, String replayFile, Evidence evidence, String reproduced) {
        public HistoryOutcome(int index, String property, String target, long seed, int clients, int recordedOps, int ops,
                              boolean minimal, String verdict, String explanation, long checkMillis, String historyFile,
                              String replayFile, Evidence evidence) {
            this(index, property, target, seed, clients, recordedOps, ops, minimal, verdict, explanation, checkMillis, historyFile,
                    replayFile, evidence, null);
        }
    }

    /**
     * Why a history is not linearizable, in ids of its ops ({@code History.calls()} positions).
     *
     * @param prefix  the longest linearizable prefix, in linearization order
     * @param blocked the op that could not be placed
     * @param state   the model state after the prefix
     * @param reason  the checker's explanation in words
     */
    public record Evidence(List<Integer> prefix, int blocked, String state, String reason) {}
}
