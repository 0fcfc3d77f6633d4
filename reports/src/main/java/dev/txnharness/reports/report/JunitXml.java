package dev.txnharness.reports.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders junit.xml in the Ant/Surefire format CI systems read: one testsuite per suite and
 * target, one testcase per scenario and per history property (a property fails when any of its
 * histories is not linearizable; an exhausted checker budget is an error, never a pass).
 */
public final class JunitXml {
    private JunitXml() {}

    /** {@code out}: a line for {@code <system-out>} (null: none); {@code errorType}: the error's type attribute. */
    private record Case(String classname, String name, double seconds, String failure, String error, String detail, String out,
                        String errorType) {
        Case(String classname, String name, double seconds, String failure, String error, String detail, String out) {
            this(classname, name, seconds, failure, error, detail, out, "Unknown");
        }
    }

    public static String render(RunSummary s) {
        Map<String, List<Case>> suites = new LinkedHashMap<>();
        for (RunSummary.ScenarioOutcome o : s.scenarios()) {
            StringBuilder d = new StringBuilder(o.title()).append('\n');
            if (o.file() != null && !o.passed()) d.append("file: ").append(o.file()).append('\n');
            if (o.failed() && !o.failures().isEmpty()) d.append("rule: ").append(Triage.cause(o.failures().get(0)).rule()).append('\n');
            for (RunSummary.StepDiff f : o.failures()) {
                d.append("line ").append(f.line()).append(": ").append(f.step()).append("\n  expected: ").append(f.expected())
                 .append("\n  got:      ").append(f.got()).append('\n');
            }
            suites.computeIfAbsent("scenarios on " + o.target(), k -> new ArrayList<>()).add(new Case(
                    "scenarios." + o.target(), o.name(), o.millis() / 1000.0,
                    o.failed() ? o.failures().size() + " reply(ies) differ from the expected ones" : null,
                    // not a failure: the server was not shown wrong, the scenario could not say
                    o.passed() || o.failed() ? null : o.outcome().equals(RunSummary.COULD_NOT_RUN)
                            ? "could not run: " + (o.failures().isEmpty() ? "" : o.failures().get(0).got())
                            : "indeterminate: a connection dropped or a reply never came", d.toString(), null));
        }
        for (RunSummary.PropertyOutcome p : s.properties()) {
            StringBuilder d = new StringBuilder();
            for (RunSummary.HistoryOutcome h : s.histories()) {
                if (!h.target().equals(p.target()) || !h.property().equals(p.property()) || RunSummary.PASSED.equals(h.verdict())) continue;
                d.append("history ").append(h.index()).append(" (seed ").append(h.seed()).append("): ").append(h.explanation())
                 .append("\n  files: ").append(h.historyFile()).append(h.replayFile() == null ? "" : ", " + h.replayFile()).append("\n\n");
            }
            // the name is the property alone, the same in every run, so CI can follow one test across runs;
            // the counts (which vary with the time budget) go in the detail
            String name = p.property();
            suites.computeIfAbsent("histories on " + p.target(), k -> new ArrayList<>()).add(new Case(
                    "histories." + p.target(), name, p.checkMillis() / 1000.0,
                    p.violations() > 0 ? p.violations() + " of " + p.histories() + " histories are not linearizable" : null,
                    p.violations() == 0 && p.unknown() > 0 ? p.unknown() + " history(ies) could not be decided within the checker's budget" : null,
                    d.toString(), p.histories() + " histories, " + p.ops() + " ops"));
        }
        if (s.ending() != null) {
            // a run that ended early (target died, interrupted, out of memory) is an error a CI must see,
            // under a name that is the same in every run
            suites.computeIfAbsent("run", k -> new ArrayList<>()).add(new Case("harness.run", "the run went through",
                    s.elapsedMillis() / 1000.0, null, s.ending(), s.ending(), null, s.verdict()));
        }
        int tests = 0, failures = 0, errors = 0;
        for (List<Case> cs : suites.values()) {
            for (Case c : cs) {
                tests++;
                if (c.failure() != null) failures++;
                if (c.error() != null) errors++;
            }
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"redis-txn-harness\" tests=\"").append(tests).append("\" failures=\"").append(failures)
          .append("\" errors=\"").append(errors).append("\" time=\"").append(secs(s.elapsedMillis() / 1000.0)).append("\">\n");
        for (Map.Entry<String, List<Case>> e : suites.entrySet()) {
            List<Case> cs = e.getValue();
            double t = cs.stream().mapToDouble(Case::seconds).sum();
            sb.append("  <testsuite name=\"").append(x(e.getKey())).append("\" tests=\"").append(cs.size()).append("\" failures=\"")
              .append(cs.stream().filter(c -> c.failure() != null).count()).append("\" errors=\"")
              .append(cs.stream().filter(c -> c.error() != null).count()).append("\" skipped=\"0\" time=\"").append(secs(t))
              .append("\" timestamp=\"").append(x(s.startedAt())).append("\">\n");
            sb.append("    <properties><property name=\"seed\" value=\"").append(s.seed()).append("\"/><property name=\"command\" value=\"")
              .append(x(s.command())).append("\"/></properties>\n");
            for (Case c : cs) {
                sb.append("    <testcase classname=\"").append(x(c.classname())).append("\" name=\"").append(x(c.name()))
                  .append("\" time=\"").append(secs(c.seconds())).append('"');
                String out = c.out() == null ? "" : "      <system-out>" + x(c.out()) + "</system-out>\n";
                if (c.failure() == null && c.error() == null) {
                    sb.append(out.isEmpty() ? "/>\n" : ">\n" + out + "    </testcase>\n");
                    continue;
                }
                sb.append(">\n      <").append(c.failure() != null ? "failure" : "error").append(" message=\"")
                  .append(x(c.failure() != null ? c.failure() : c.error())).append("\" type=\"")
                  .append(c.failure() != null ? "Violation" : x(c.errorType())).append("\">").append(x(c.detail()))
                  .append("</").append(c.failure() != null ? "failure" : "error").append(">\n").append(out).append("    </testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        return sb.append("</testsuites>\n").toString();
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** XML-escaped, without the characters XML 1.0 forbids. */
    static String x(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') sb.append(c);
                    else sb.append("\\x").append(String.format("%02x", (int) c));
                }
            }
        }
        return sb.toString();
    }
}
