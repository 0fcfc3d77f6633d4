package dev.txnharness.junit;

import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.workload.HistoryTable;
import dev.txnharness.reports.report.RunSummary;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a {@link TransactionCheck}: read back from the report folder the check wrote
 * (summary.json, the histories, the replay scripts), so it says exactly what the report says.
 *
 * <p>Only {@link Verdict#VIOLATION} means the target contradicts Redis; {@link #passed()} is true
 * only for {@link Verdict#PASSED}, never for a run that could not tell.
 */
public final class Result {
    /** Rows of a history table shown in a message; the whole history is in its jsonl file. */
    static final int TABLE_ROWS = 60;
    /** Violations written out in full in a failure message; the report has all of them. */
    static final int VIOLATIONS_SHOWN = 3;

    private final Verdict verdict;
    private final int exitCode;
    private final Long seed;
    private final String command;
    private final String ending;
    private final Path reportDir;
    private final Counts counts;
    private final List<Violation> violations;
    private final List<Outcome> outcomes;
    private final String output;

    private Result(Verdict verdict, int exitCode, Long seed, String command, String ending, Path reportDir, Counts counts,
                   List<Violation> violations, List<Outcome> outcomes, String output) {
        this.verdict = verdict;
        this.exitCode = exitCode;
        this.seed = seed;
        this.command = command;
        this.ending = ending;
        this.reportDir = reportDir;
        this.counts = counts;
        this.violations = violations;
        this.outcomes = outcomes;
        this.output = output;
    }

    /** A run that wrote its report. */
    static Result of(RunSummary s, Path dir, int exitCode, String output) {
        List<Violation> violations = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        int notRun = 0;
        for (RunSummary.ScenarioOutcome o : s.scenarios()) {
            Verdict v = o.failed() ? Verdict.VIOLATION : o.passed() ? Verdict.PASSED : Verdict.COULD_NOT_RUN;
            String steps = steps(o.failures());
            String message = "";
            if (v == Verdict.VIOLATION) {
                Violation viol = new Violation("scenario", o.target(), "\"" + o.title() + "\" (scenario " + o.name() + ")",
                        steps, script(o), true, s.seed(), null, null);
                violations.add(viol);
                message = viol.describe();
            } else if (v == Verdict.COULD_NOT_RUN) {
                notRun++;
                message = "scenario " + o.name() + " on " + o.target() + ": " + o.outcome().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ') + " (not a failure of the target)\n" + steps;
            }
            outcomes.add(new Outcome(o.title(), o.target(), v, message));
        }
        for (RunSummary.HistoryOutcome o : s.histories()) {
            if (!RunSummary.VIOLATION.equals(o.verdict())) continue;
            violations.add(new Violation("history", o.target(),
                    "property \"" + o.property() + "\" does not hold: history " + o.index() + " is not linearizable",
                    o.explanation(), table(dir, o), o.minimal(), o.seed(),
                    o.historyFile() == null ? null : dir.resolve(o.historyFile()),
                    o.replayFile() == null ? null : dir.resolve(o.replayFile())));
        }
        for (RunSummary.PropertyOutcome p : s.properties()) {
            Verdict v = p.violations() > 0 ? Verdict.VIOLATION : p.unknown() > 0 ? Verdict.UNKNOWN : Verdict.PASSED;
            StringBuilder m = new StringBuilder();
            if (v != Verdict.PASSED) {
                m.append(p.histories()).append(" histories checked on ").append(p.target()).append(", ").append(p.violations())
                        .append(" not linearizable, ").append(p.unknown()).append(" with no verdict (budget spent)\n");
                for (Violation viol : violations) {
                    if (viol.kind().equals("history") && viol.target().equals(p.target()) && viol.rule().contains("\"" + p.property() + "\"")) {
                        m.append(viol.describe());
                    }
                }
            }
            outcomes.add(new Outcome("histories: " + p.property(), p.target(), v, m.toString()));
        }
        for (String note : s.notes()) {
            if (note.startsWith("anomalies on ") && !note.contains(", 0 with an anomaly")) {
                violations.add(new Violation("anomalies", note.substring("anomalies on ".length(), note.indexOf(':')),
                        "list-append histories show an isolation anomaly", note, "", true, s.seed(), null, null));
            }
        }
        RunSummary.Counts c = s.counts();
        Counts counts = new Counts(c.scenarios(), c.scenariosFailed(), notRun, c.histories(), c.violations(), c.unknown(), c.ops());
        Verdict verdict = Verdict.valueOf(s.verdict());
        return new Result(verdict, exitCode, s.seed(), s.command(), s.ending(), dir, counts, List.copyOf(violations),
                List.copyOf(outcomes), output);
    }

    /** A run that ended before it wrote a report (bad settings, say): only the exit code and what it printed. */
    static Result notRun(Path dir, int exitCode, String output) {
        Verdict v = exitCode == Verdict.UNKNOWN.exitCode() ? Verdict.UNKNOWN : Verdict.COULD_NOT_RUN;
        String last = output.strip();
        int nl = last.lastIndexOf('\n');
        return new Result(v, exitCode, null, null, nl < 0 ? last : last.substring(nl + 1), dir,
                new Counts(0, 0, 0, 0, 0, 0, 0), List.of(), List.of(), output);
    }

    /** How the check ended. */
    public Verdict verdict() {
        return verdict;
    }

    /** True only when every check passed. */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** {@code ./harness check}'s exit code for this run: 0, 1, 2 or 3. */
    public int exitCode() {
        return exitCode;
    }

    /** The run's seed (null only if it ended before it started). */
    public Long seed() {
        return seed;
    }

    /** The {@code ./harness check …} command line that replays this run, seed included (no password). */
    public String replayCommand() {
        return command;
    }

    /** What ended the run early (the target went away, a budget ran out), or null when it went through. */
    public String ending() {
        return ending;
    }

    /** The report folder: index.html, summary.json, junit.xml, the histories and their replay scripts. */
    public Path reportDir() {
        return reportDir;
    }

    /** The HTML report. */
    public Path reportPage() {
        return reportDir.resolve("index.html");
    }

    /** The counts. */
    public Counts counts() {
        return counts;
    }

    /** Every contradiction found, scenarios first. */
    public List<Violation> violations() {
        return violations;
    }

    /** One entry per scenario and per history property and target. */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** What the check printed (the summary table, progress, the one line that ended it). */
    public String output() {
        return output;
    }

    /** Throws {@link TransactionCheckFailure} with {@link #failureMessage()} unless the check passed. */
    public Result assertPassed() {
        if (!passed()) throw new TransactionCheckFailure(this);
        return this;
    }

    /**
     * The message of a check that did not pass: the verdict, each violation (the rule broken, the
     * checker's explanation, the counterexample), the command that replays the run and the report.
     */
    public String failureMessage() {
        StringBuilder sb = new StringBuilder();
        sb.append("redis-txn-harness: ").append(verdict).append(switch (verdict) {
            case PASSED -> ": every check passed";
            case VIOLATION -> ": the target's replies contradict Redis 7.0";
            case COULD_NOT_RUN -> ": the check could not run (not a failure of the target)";
            case UNKNOWN, INTERRUPTED -> ": no verdict (not a failure of the target)";
        }).append('\n');
        List<String> tally = new ArrayList<>();
        if (counts.scenarios() > 0) tally.add(counts.scenariosFailed() + " of " + counts.scenarios() + " scenarios failed");
        if (counts.scenariosNotRun() > 0) tally.add(counts.scenariosNotRun() + " could not run or ended indeterminate");
        if (counts.histories() > 0) tally.add(counts.historiesViolating() + " of " + counts.histories() + " histories not linearizable");
        if (counts.historiesUnknown() > 0) tally.add(counts.historiesUnknown() + " with no verdict");
        if (!tally.isEmpty()) sb.append(String.join(", ", tally)).append('\n');
        if (ending != null && !ending.isBlank()) sb.append(ending).append('\n');
        for (int i = 0; i < violations.size() && i < VIOLATIONS_SHOWN; i++) sb.append('\n').append(violations.get(i).describe());
        if (violations.size() > VIOLATIONS_SHOWN) {
            sb.append("\n… and ").append(violations.size() - VIOLATIONS_SHOWN).append(" more in the report\n");
        }
        sb.append('\n');
        if (command != null) sb.append("replay the run: ").append(command).append('\n');
        sb.append("report: ").append(reportPage()).append('\n');
        if (command == null) sb.append("output:\n").append(output.strip()).append('\n');
        return sb.toString();
    }

    @Override
    public String toString() {
        return verdict + " (" + counts + ", report " + reportPage() + ")";
    }

    /** The steps whose replies differ, in words. */
    private static String steps(List<RunSummary.StepDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (RunSummary.StepDiff d : diffs) {
            sb.append("line ").append(d.line()).append(", ").append(d.step()).append(": Redis 7.0 answers ").append(d.expected())
                    .append(", the target answered ").append(d.got()).append('\n');
        }
        return sb.toString();
    }

    /**
     * A built-in scenario's script (one line per client step, as properties' scenarios/NAME.scn has
     * it) with each differing reply marked; empty for a scenario that is not built in.
     */
    private static String script(RunSummary.ScenarioOutcome o) {
        String text;
        try (var in = Result.class.getResourceAsStream("/scenarios/" + o.name() + ".scn")) {
            if (in == null) return "";
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.isBlank() || line.startsWith("#")) continue;
            sb.append(line);
            for (RunSummary.StepDiff d : o.failures()) {
                if (d.line() == i + 1) sb.append("    <-- got ").append(d.got());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The history as a per-client table, cut at {@link #TABLE_ROWS} rows; empty when its file is missing. */
    private static String table(Path dir, RunSummary.HistoryOutcome o) {
        if (o.historyFile() == null) return "";
        Path file = dir.resolve(o.historyFile());
        History h;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            h = HistoryJson.read(r);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
        String[] lines = HistoryTable.render(h, -1).split("\n");
        // rows are ops in invoke order: show at least up to the op that could not be placed
        int blocked = o.evidence() == null ? -1 : o.evidence().blocked();
        int rows = blocked >= 0 && blocked < 4 * TABLE_ROWS ? Math.max(TABLE_ROWS, blocked + 3) : TABLE_ROWS;
        if (lines.length <= rows + 1) return String.join("\n", lines);
        return String.join("\n", java.util.Arrays.copyOf(lines, rows + 1)) + "\n    … " + (lines.length - rows - 1)
                + " more ops: " + file;
    }
}
