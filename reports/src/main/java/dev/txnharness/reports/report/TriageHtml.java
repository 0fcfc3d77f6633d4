package dev.txnharness.reports.report;

import static dev.txnharness.reports.report.Html.esc;

import java.util.Map;

/**
 * The report's triage parts: the failing scenarios grouped by root cause (shown before every
 * failure), a failing cell's transcript up to its first deviation, and what the run exercised.
 */
final class TriageHtml {
    private TriageHtml() {}

    /** The id of a matrix cell, which a group's example links to. */
    static String anchor(RunSummary.ScenarioOutcome o) {
        return "scn-" + o.name() + "-" + o.target().replaceAll("[^A-Za-z0-9]+", "_");
    }

    /** One row per group: count, kind, rule, the shortest example and its file. */
    static void groups(RunSummary s, StringBuilder sb) {
        if (s.groups().isEmpty()) return;
        int n = s.groups().stream().mapToInt(RunSummary.FailureGroup::count).sum();
        // one target: its (possibly long) name is in the summary already, not repeated on every row
        boolean oneTarget = s.groups().stream().map(RunSummary.FailureGroup::target).distinct().count() == 1;
        sb.append("<section id=\"groups\"><h2>Failures by root cause</h2><p>").append(n).append(" failing scenario(s) break ")
          .append(s.groups().size()).append(" rule(s): each group is the rule the first deviating step breaks. "
                  + "<i>wire type only</i>: the same value as redis-cli prints it, another RESP type.</p>\n")
          .append("<table class=\"groups\"><thead><tr><th>count</th><th>kind</th><th>rule</th>")
          .append(oneTarget ? "" : "<th>target</th>").append("<th>shortest example</th></tr></thead><tbody>\n");
        for (RunSummary.FailureGroup g : s.groups()) {
            String cell = "scn-" + g.example() + "-" + g.target().replaceAll("[^A-Za-z0-9]+", "_");
            sb.append("<tr class=\"").append(g.kind().equals(Triage.WIRE_TYPE) ? "k-wire" : "k-behaviour").append("\"><td class=\"n\">")
              .append(g.count()).append("</td><td>").append(esc(g.kind())).append("</td><td><b>").append(esc(g.rule()))
              .append("</b></td>").append(oneTarget ? "" : "<td>" + esc(g.target()) + "</td>").append("<td><a href=\"#").append(esc(cell)).append("\">")
              .append(esc(g.example())).append("</a>");
            if (g.exampleFile() != null) sb.append("<br><code>").append(esc(g.exampleFile())).append("</code>");
            if (g.count() > 1) {
                sb.append("<details><summary>all ").append(g.count()).append("</summary>")
                  .append(esc(String.join(", ", g.scenarios()))).append("</details>");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody></table></section>\n");
    }

    /** Every step up to the first deviation, with what was expected and got. */
    static void transcript(RunSummary.ScenarioOutcome o, StringBuilder sb) {
        if (o.transcript().isEmpty()) return;
        sb.append("<table class=\"diff transcript\"><tr><th>line</th><th>step, up to the first deviation</th><th>expected</th><th>got</th></tr>");
        for (RunSummary.StepDiff d : o.transcript()) {
            sb.append("<tr class=\"").append(d.ok() ? "okstep" : "dev").append("\"><td>").append(d.line()).append("</td><td><code>")
              .append(esc(d.step())).append("</code></td><td class=\"exp\"><code>").append(esc(d.expected() == null ? "" : d.expected()))
              .append("</code></td><td class=\"got\"><code>").append(esc(d.got() == null ? "" : d.got())).append("</code></td></tr>");
        }
        sb.append("</table>");
    }

    /** The coverage counts: transaction paths, then commands. */
    static void coverage(RunSummary s, StringBuilder sb) {
        RunSummary.Coverage c = s.coverage();
        if (c == null || c.commands().isEmpty()) return;
        sb.append("<section id=\"coverage\"><h2>What the run exercised</h2><p>Counted from what was sent and answered "
                + "(scenarios and histories), not from what was generated.</p>\n<table class=\"kv\">");
        for (Map.Entry<String, Long> e : c.paths().entrySet()) {
            sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"").append(e.getValue() == 0 ? "bad" : "")
              .append("\">").append(e.getValue()).append("</td></tr>");
        }
        sb.append("</table>\n<details><summary>").append(c.commands().size()).append(" commands</summary><table class=\"kv\">");
        for (Map.Entry<String, Long> e : c.commands().entrySet()) {
            sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(e.getValue()).append("</td></tr>");
        }
        sb.append("</table></details></section>\n");
    }
}
