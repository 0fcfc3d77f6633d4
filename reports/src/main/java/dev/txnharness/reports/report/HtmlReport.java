package dev.txnharness.reports.report;

import static dev.txnharness.reports.report.Html.esc;

import dev.txnharness.properties.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders index.html: the summary, the conformance matrix (scenarios × targets, with the reply
 * diff of each failure), one section per violation (timeline, longest linearizable prefix, the op
 * that could not be placed, the checker's words, a per-client table), and the list of histories.
 * One self-contained file: inline CSS, an inline script for the timelines only (Timeline), no network.
 */
public final class HtmlReport {
    private static final int TABLE_LIMIT = 300;

    private HtmlReport() {}

    public static String render(RunSummary s, Map<Integer, History> histories) {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>redis-txn-harness: ")
          .append(esc(s.verdict())).append(" on ").append(esc(targetNames(s))).append("</title>\n<style>\n")
          .append(CSS).append("</style></head>\n<body>\n");
        sb.append("<header><h1>redis-txn-harness report</h1><span id=\"verdict\" class=\"badge v-")
          .append(esc(s.verdict().toLowerCase())).append("\">").append(esc(verdictWords(s))).append("</span></header>\n");
        summary(s, sb);
        TriageHtml.groups(s, sb);
        violations(s, histories, sb);
        matrix(s, sb);
        TriageHtml.coverage(s, sb);
        historyList(s, sb);
        sb.append("<footer>Made by <code>").append(esc(s.command())).append("</code> at ").append(esc(s.startedAt()))
          .append(". Files: summary.json, junit.xml, history-N.jsonl, replay-N.sh.</footer>\n</body></html>\n");
        return sb.toString();
    }

    static String verdictWords(RunSummary s) {
        return switch (s.verdict()) {
            case RunSummary.PASSED -> "PASSED: every check held";
            case RunSummary.VIOLATION -> "VIOLATION: " + problems(s);
            case RunSummary.UNKNOWN -> "UNKNOWN: " + (s.ending() != null ? "the run ended early" : "a check ran out of budget");
            case RunSummary.COULD_NOT_RUN -> s.ending() != null ? "COULD NOT RUN: the run ended early"
                    : "COULD NOT RUN: no contradiction, but " + notRun(s.counts());
            case RunSummary.INTERRUPTED -> "INTERRUPTED: stopped by a signal";
            default -> s.verdict();
        };
    }

    private static String problems(RunSummary s) {
        List<String> p = new ArrayList<>();
        RunSummary.Counts c = s.counts();
        if (c.scenariosFailed() > 0) p.add(c.scenariosFailed() + " scenario(s) failed");
        if (c.violations() > 0) p.add(c.violations() + " history(ies) not linearizable");
        return String.join(", ", p);
    }

    private static String notRun(RunSummary.Counts c) {
        List<String> p = new ArrayList<>();
        if (c.scenariosCouldNotRun() > 0) p.add(c.scenariosCouldNotRun() + " scenario(s) could not run");
        if (c.scenariosIndeterminate() > 0) p.add(c.scenariosIndeterminate() + " scenario(s) ended indeterminate");
        return String.join(", ", p);
    }

    private static String targetNames(RunSummary s) {
        List<String> n = new ArrayList<>();
        s.targets().forEach(t -> n.add(t.name()));
        return String.join(", ", n);
    }

    private static void summary(RunSummary s, StringBuilder sb) {
        RunSummary.Counts c = s.counts();
        sb.append("<section id=\"summary\"><h2>Summary</h2><table class=\"kv\">\n");
        for (RunSummary.TargetInfo t : s.targets()) {
            row(sb, "target", "<b>" + esc(t.name()) + "</b> — " + esc(t.version()));
        }
        if (s.ending() != null) row(sb, "ended", "<b>" + esc(s.ending()) + "</b> — what was checked before is below");
        for (String st : s.stopped()) row(sb, "stopped early", "<b>" + esc(st) + "</b>");
        row(sb, "seed", "<code>" + s.seed() + "</code>");
        row(sb, "suites", esc(String.join(", ", s.suites())));
        if (s.suites().contains("histories")) {
            row(sb, "workload", s.clients() + " clients, " + s.ops() + " ops per history, time budget " + esc(s.time()));
        }
        if (s.suites().contains("scenarios") || !s.scenarios().isEmpty()) {
            int notRun = c.scenariosCouldNotRun() + c.scenariosIndeterminate();
            row(sb, "scenarios", (c.scenarios() - c.scenariosFailed() - notRun) + " passed, " + cls(c.scenariosFailed()) + " failed</span>"
                    + (notRun > 0 ? ", " + notRun(c) : "") + " of " + c.scenarios());
        }
        if (s.suites().contains("histories")) {
            row(sb, "histories", c.histories() + " checked (" + c.ops() + " ops), " + cls(c.violations()) + " not linearizable</span>, "
                    + c.unknown() + " unknown");
        }
        row(sb, "time", String.format(java.util.Locale.ROOT, "%.1f s", s.elapsedMillis() / 1000.0));
        row(sb, "re-run", "<code>" + esc(s.command()) + "</code>");
        for (String n : s.notes()) row(sb, "note", esc(n));
        sb.append("</table>\n</section>\n");
    }

    private static String cls(int bad) {
        return "<span class=\"" + (bad > 0 ? "bad" : "good") + "\">" + bad;
    }

    private static void row(StringBuilder sb, String k, String vHtml) {
        sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(vHtml).append("</td></tr>\n");
    }

    private static void matrix(RunSummary s, StringBuilder sb) {
        if (s.scenarios().isEmpty()) return;
        long failing = s.scenarios().stream().filter(o -> !o.passed()).count();
        Set<String> cols = new LinkedHashSet<>();
        Map<String, Map<String, RunSummary.ScenarioOutcome>> rows = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (RunSummary.ScenarioOutcome o : s.scenarios()) {
            cols.add(o.target());
            rows.computeIfAbsent(o.name(), k -> new LinkedHashMap<>()).put(o.target(), o);
            titles.put(o.name(), o.title());
        }
        sb.append("<section id=\"matrix\"><h2>Conformance matrix</h2><p>Each scenario is a deterministic multi-client ")
          .append("script with the exact replies Redis gives; a cell fails when any reply differs (open it for the diff). "
                  + "Failing scenarios come first.</p>\n")
          .append("<table class=\"matrix\"><thead><tr><th>scenario</th>");
        for (String c : cols) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr></thead><tbody>\n");
        // failing rows first (then those that could not say), each kind in file order
        List<Map.Entry<String, Map<String, RunSummary.ScenarioOutcome>>> ordered = new ArrayList<>(rows.entrySet());
        ordered.sort(java.util.Comparator.comparingInt(r -> r.getValue().values().stream().anyMatch(RunSummary.ScenarioOutcome::failed) ? 0
                : r.getValue().values().stream().allMatch(RunSummary.ScenarioOutcome::passed) ? 2 : 1));
        for (Map.Entry<String, Map<String, RunSummary.ScenarioOutcome>> r : ordered) {
            sb.append("<tr><td><b>").append(esc(r.getKey())).append("</b><br><span class=\"title\">")
              .append(esc(titles.get(r.getKey()))).append("</span></td>");
            for (String c : cols) {
                RunSummary.ScenarioOutcome o = r.getValue().get(c);
                if (o == null) {
                    sb.append("<td class=\"na\">—</td>");
                } else if (o.passed()) {
                    sb.append("<td class=\"pass\">✓ pass</td>");
                } else {
                    String head = o.failed() ? "✗ " + o.failures().size() + " reply(ies) differ"
                            : o.outcome().equals(RunSummary.COULD_NOT_RUN) ? "⚠ could not run" : "? indeterminate";
                    sb.append("<td class=\"").append(o.failed() ? "fail" : "na").append("\" id=\"").append(esc(TriageHtml.anchor(o)))
                      .append("\"><details").append(failing <= 4 ? " open" : "")
                      .append("><summary>").append(esc(head)).append("</summary>");
                    if (o.file() != null) sb.append("<p class=\"file\">file <code>").append(esc(o.file())).append("</code></p>");
                    TriageHtml.transcript(o, sb);
                    sb.append("<table class=\"diff\"><tr><th>line</th><th>step</th><th>expected</th><th>got</th></tr>");
                    for (RunSummary.StepDiff d : o.failures()) {
                        sb.append("<tr><td>").append(d.line()).append("</td><td><code>").append(esc(d.step()))
                          .append("</code></td><td class=\"exp\"><code>").append(esc(d.expected()))
                          .append("</code></td><td class=\"got\"><code>").append(esc(d.got())).append("</code></td></tr>");
                    }
                    sb.append("</table></details></td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></section>\n");
    }

    private static void violations(RunSummary s, Map<Integer, History> histories, StringBuilder sb) {
        List<RunSummary.HistoryOutcome> bad = new ArrayList<>();
        for (RunSummary.HistoryOutcome h : s.histories()) if (h.evidence() != null) bad.add(h);
        if (bad.isEmpty()) return;
        sb.append("<section id=\"violations\"><h2>Violations</h2>\n");
        for (RunSummary.HistoryOutcome h : bad) {
            History hist = histories.get(h.index());
            RunSummary.Evidence ev = h.evidence();
            sb.append("<article class=\"violation\" id=\"history-").append(h.index()).append("\"><h3>History ").append(h.index())
              .append(": not linearizable <span class=\"prop\">(").append(esc(h.property())).append(" on ").append(esc(h.target()))
              .append(", seed ").append(h.seed()).append(")</span></h3>\n");
            sb.append("<p>").append(h.minimal() ? "The minimal counterexample: " + h.ops() + " ops by " + h.clients()
                    + " clients, shrunk from " + h.recordedOps() + " recorded ops." : h.ops() + " ops by " + h.clients() + " clients (not shrunk).")
              .append(h.reproduced() == null ? "" : " Found on real threads: reproduced " + h.reproduced() + " when replayed in the recorded order.")
              .append(" Files: <a href=\"").append(esc(h.historyFile())).append("\">").append(esc(h.historyFile())).append("</a>");
            if (h.replayFile() != null) {
                sb.append(", <a href=\"").append(esc(h.replayFile())).append("\">").append(esc(h.replayFile()))
                  .append("</a> (<code>HOST=… PORT=… bash ").append(esc(h.replayFile())).append("</code> replays it on any server)");
            }
            sb.append(".</p>\n");
            List<TimelineOp> ops = hist == null ? List.of() : TimelineOp.of(hist);
            TimelineOp blocked = null;
            Map<Integer, TimelineOp> byId = new LinkedHashMap<>();
            for (TimelineOp o : ops) {
                byId.put(o.id(), o);
                if (o.id() == ev.blocked()) blocked = o;
            }
            sb.append("<div class=\"why\"><p class=\"blocked-op\"><b>Could not be placed:</b> <code>#").append(ev.blocked());
            if (blocked != null) sb.append(" client ").append(blocked.client()).append(": ").append(esc(blocked.label()));
            sb.append("</code></p>\n<p><b>Longest linearizable prefix:</b> ").append(ev.prefix().size())
              .append(" op(s), after which the state is <code>").append(esc(ev.state())).append("</code>.</p>\n")
              .append("<p><b>Why, in the checker's words:</b></p><pre class=\"reason\">").append(esc(ev.reason())).append("</pre></div>\n");
            legend(sb);
            if (hist != null) sb.append(Timeline.html(hist, ev, h.property().contains("deterministic"), "history-" + h.index()));
            else sb.append("<p class=\"bad\">").append(esc(h.historyFile())).append(" is missing.</p>\n");
            if (!ops.isEmpty()) {
                prefixList(ev, byId, sb);
                clientTable(ops, ev, sb);
            }
            sb.append("</article>\n");
        }
        sb.append(Timeline.assets()).append("</section>\n");
    }

    private static void legend(StringBuilder sb) {
        sb.append("<p class=\"legend\"><span class=\"sw o-ok\"></span>ok <span class=\"sw o-fail\"></span>fail (error reply)")
          .append(" <span class=\"sw o-info\"></span>indeterminate <span class=\"sw o-nil\"></span>EXEC nil (aborted by WATCH)")
          .append(" <span class=\"sw o-abort\"></span>EXECABORT <span class=\"sw lin\"></span>in the longest linearizable prefix (numbered in order)")
          .append(" <span class=\"sw blocked\"></span>could not be placed</p>\n");
    }

    private static void prefixList(RunSummary.Evidence ev, Map<Integer, TimelineOp> byId, StringBuilder sb) {
        sb.append("<details class=\"prefix\"><summary>The longest linearizable prefix, in order (").append(ev.prefix().size())
          .append(" ops)</summary><ol>");
        int n = 0;
        for (int id : ev.prefix()) {
            if (++n > TABLE_LIMIT) {
                sb.append("<li>… ").append(ev.prefix().size() - TABLE_LIMIT).append(" more</li>");
                break;
            }
            TimelineOp o = byId.get(id);
            sb.append("<li><code>#").append(id).append(o == null ? "" : " client " + o.client() + ": " + esc(o.label())).append("</code></li>");
        }
        sb.append("</ol></details>\n");
    }

    /** Lincheck's table: one column per client, one row per op in invoke order. */
    private static void clientTable(List<TimelineOp> ops, RunSummary.Evidence ev, StringBuilder sb) {
        List<Integer> clients = new ArrayList<>(new java.util.TreeSet<>(ops.stream().map(TimelineOp::client).toList()));
        Set<Integer> prefix = new java.util.HashSet<>(ev.prefix());
        sb.append("<details class=\"clients\"").append(ops.size() <= 60 ? " open" : "").append("><summary>Per-client table, in invoke order")
          .append(ops.size() > TABLE_LIMIT ? " (first " + TABLE_LIMIT + " of " + ops.size() + " ops)" : "")
          .append("</summary><table class=\"per-client\"><thead><tr><th>#</th>");
        for (int c : clients) sb.append("<th>client ").append(c).append("</th>");
        sb.append("</tr></thead><tbody>\n");
        int n = 0;
        for (TimelineOp o : ops) {
            if (++n > TABLE_LIMIT) break;
            String cls = o.id() == ev.blocked() ? "blocked" : prefix.contains(o.id()) ? "lin" : "rest";
            sb.append("<tr class=\"").append(cls).append("\"><td>").append(o.id()).append("</td>");
            for (int c : clients) {
                sb.append("<td>");
                if (c == o.client()) sb.append("<code class=\"o-").append(o.outcome()).append("\">").append(esc(o.label())).append("</code>");
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></details>\n");
    }

    private static void historyList(RunSummary s, StringBuilder sb) {
        if (s.properties().isEmpty()) return;
        sb.append("<section id=\"histories\"><h2>Histories</h2><table class=\"list\"><thead><tr><th>property</th><th>target</th>")
          .append("<th>histories</th><th>ops</th><th>not linearizable</th><th>unknown</th><th>checker time</th></tr></thead><tbody>\n");
        for (RunSummary.PropertyOutcome p : s.properties()) {
            sb.append("<tr><td>").append(esc(p.property())).append("</td><td>").append(esc(p.target())).append("</td><td>")
              .append(p.histories()).append("</td><td>").append(p.ops()).append("</td><td class=\"").append(p.violations() > 0 ? "fail" : "pass")
              .append("\">").append(p.violations()).append("</td><td>").append(p.unknown()).append("</td><td>").append(p.checkMillis())
              .append(" ms</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        if (s.histories().isEmpty()) {
            sb.append("</section>\n");
            return;
        }
        sb.append("<details><summary>Histories one by one (those that did not pass, and the first ").append(RunSummary.PASSING_LISTED)
          .append(" that did)</summary><table class=\"list\"><thead><tr><th>#</th><th>property</th>")
          .append("<th>target</th><th>seed</th><th>ops</th><th>verdict</th><th>check</th></tr></thead><tbody>\n");
        for (RunSummary.HistoryOutcome h : s.histories()) {
            boolean pass = RunSummary.PASSED.equals(h.verdict());
            sb.append("<tr><td>").append(h.evidence() != null ? "<a href=\"#history-" + h.index() + "\">" + h.index() + "</a>" : h.index())
              .append("</td><td>").append(esc(h.property())).append("</td><td>").append(esc(h.target())).append("</td><td><code>")
              .append(h.seed()).append("</code></td><td>").append(h.recordedOps()).append("</td><td class=\"")
              .append(pass ? "pass" : "fail").append("\">").append(esc(pass ? "linearizable" : h.verdict().toLowerCase()))
              .append("</td><td>").append(h.checkMillis()).append(" ms</td></tr>\n");
        }
        sb.append("</tbody></table></details></section>\n");
    }

    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 24px 40px;color:#1d2330;background:#fff}
            header{display:flex;align-items:center;gap:16px;border-bottom:1px solid #dde1e8;padding:10px 0}
            h1{font-size:20px;margin:0}h2{font-size:17px;margin:26px 0 8px}h3{font-size:15px;margin:18px 0 6px}
            .badge{padding:4px 12px;border-radius:14px;font-weight:600;color:#fff}
            .v-passed{background:#2e7d32}.v-violation{background:#c62828}.v-unknown{background:#8d6e00}.v-could_not_run{background:#555}.v-interrupted{background:#555}.v-error{background:#555}
            table{border-collapse:collapse}th,td{padding:3px 10px;border:1px solid #e3e6ec;vertical-align:top;text-align:left}
            table.kv th{background:#f5f6f9;width:110px}thead th{background:#f5f6f9}
            .good,.pass{color:#2e7d32}.bad{color:#c62828;font-weight:600}td.fail{color:#c62828}.na{color:#999}
            .title,.prop{color:#5a6272;font-weight:normal}.note{color:#5a6272}
            td code{overflow-wrap:anywhere}table.diff td.exp code{color:#2e7d32}table.diff td.got code{color:#c62828}table.diff{margin-top:4px;color:#1d2330}
            details summary{cursor:pointer}
            .why{background:#fff6f5;border-left:4px solid #c62828;padding:4px 14px;margin:8px 0}
            pre.reason{white-space:pre-wrap;font-size:13px;margin:4px 0 8px}
            .scroll{overflow-x:auto;border:1px solid #e3e6ec;border-radius:4px;background:#fbfcfd}
            svg.timeline{display:block;font:11px ui-monospace,Menlo,Consolas,monospace}
            svg .lane{fill:transparent}svg .lname{fill:#5a6272;font-weight:600}
            svg .tick{stroke:#e6e9ef}svg .tlabel{fill:#8a92a3}
            svg .op rect{stroke:#0003}svg .op text{fill:#111;pointer-events:none}
            svg .o-ok rect{fill:#8fd19e}svg .o-fail rect{fill:#f4a6a6}svg .o-info rect{fill:#cfd3da;stroke-dasharray:3 2}
            svg .o-nil rect{fill:#ffcc80}svg .o-abort rect{fill:#ce93d8}
            svg .lin rect{stroke:#1565c0;stroke-width:1.5}svg .rest{opacity:.45}
            svg .blocked rect{stroke:#c62828;stroke-width:3}svg .num{fill:#1565c0;text-anchor:middle;font-size:9px}
            svg .blocked-label{fill:#c62828;font-weight:700}
            .legend .sw{display:inline-block;width:14px;height:11px;border:1px solid #0003;border-radius:2px;margin:0 3px 0 10px;vertical-align:-1px}
            .sw.o-ok{background:#8fd19e}.sw.o-fail{background:#f4a6a6}.sw.o-info{background:#cfd3da}.sw.o-nil{background:#ffcc80}
            .sw.o-abort{background:#ce93d8}.sw.lin{border:2px solid #1565c0}.sw.blocked{border:3px solid #c62828}
            table.per-client code{font-size:12px;padding:1px 4px;border-radius:3px}
            code.o-ok{background:#e3f4e7}code.o-fail{background:#fde4e4}code.o-info{background:#eceef2}code.o-nil{background:#ffecd1}code.o-abort{background:#f1dcf5}
            tr.blocked td{background:#ffe9e7;font-weight:600}tr.rest td{color:#8a92a3}
            footer{margin-top:30px;color:#8a92a3;font-size:12px}
            table.groups td.n{text-align:right;font-weight:600}tr.k-wire td{color:#5a6272}
            table.transcript tr.dev td{background:#ffe9e7;font-weight:600}table.transcript tr.okstep td{color:#5a6272}
            p.file{margin:4px 0;color:#5a6272}
            """;
}
