package dev.txnharness.reports.report;

import dev.txnharness.properties.anomaly.Anomaly;
import dev.txnharness.properties.anomaly.AnomalyResult;
import dev.txnharness.properties.anomaly.AnomalyText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The anomaly checker's report as one self-contained HTML page: the verdict and figures, the count
 * per anomaly kind, then each example — its explanation, the cycle drawn as an SVG (transactions on
 * a circle, one labelled arrow per dependency), a sentence per edge and the transactions' ops.
 */
public final class AnomalyReport {
    private AnomalyReport() {}

    /** Writes the page to {@code file}. */
    public static void write(Path file, String title, AnomalyResult r) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, html(title, r), StandardCharsets.UTF_8);
    }

    /** The page. */
    public static String html(String title, AnomalyResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(Html.esc(title)).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}h2{margin-top:2em}")
                .append(".bad{color:#b00}.ok{color:#070}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}")
                .append("code{font:12px ui-monospace,monospace}pre{white-space:pre-wrap}li{margin:.3em 0}svg{border:1px solid #eee}")
                .append("</style></head><body>\n");
        sb.append("<h1>").append(Html.esc(title)).append("</h1>\n");
        boolean valid = r.outcome() == AnomalyResult.Outcome.VALID;
        sb.append("<p class=\"").append(valid ? "ok" : "bad").append("\"><b>").append(valid ? "No anomaly found" : r.outcome() == AnomalyResult.Outcome.ANOMALY ? "Anomalies found" : "Unknown")
                .append("</b></p>\n<pre>").append(Html.esc(AnomalyText.render(r).lines().limit(2 + r.notes().size()).reduce("", (a, b) -> a + b + "\n")))
                .append("</pre>\n");
        if (!r.counts().isEmpty()) {
            sb.append("<table><tr><th>anomaly</th><th>count</th></tr>\n");
            for (Anomaly a : firstOfEachKind(r.anomalies())) {
                sb.append("<tr><td><a href=\"#").append(Html.esc(a.kind())).append("\">").append(Html.esc(a.kind())).append("</a></td><td>")
                        .append(r.counts().get(a.kind())).append("</td></tr>\n");
            }
            for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
                if (r.anomalies().stream().noneMatch(a -> a.kind().equals(e.getKey()))) {
                    sb.append("<tr><td>").append(Html.esc(e.getKey())).append("</td><td>").append(e.getValue()).append("</td></tr>\n");
                }
            }
            sb.append("</table>\n");
        }
        String last = null;
        for (Anomaly a : r.anomalies()) {
            sb.append("<h2").append(a.kind().equals(last) ? "" : " id=\"" + Html.esc(a.kind()) + "\"").append(">")
                    .append(Html.esc(a.kind())).append("</h2>\n<p>").append(Html.esc(a.explanation())).append("</p>\n");
            last = a.kind();
            if (a.isCycle()) {
                sb.append(svg(a)).append("\n<ol>");
                for (Anomaly.Edge e : a.edges()) sb.append("<li><b>").append(e.type()).append("</b> ").append(Html.esc(e.sentence())).append("</li>");
                sb.append("</ol>\n");
            }
            sb.append("<table><tr><th>txn</th><th>client</th><th>outcome</th><th>ops</th></tr>\n");
            for (Anomaly.Txn t : a.txns()) {
                sb.append("<tr><td>").append(t.name()).append("</td><td>").append(t.client()).append("</td><td>").append(Html.esc(t.status()))
                        .append("</td><td><code>").append(Html.esc(t.ops())).append("</code></td></tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static List<Anomaly> firstOfEachKind(List<Anomaly> all) {
        return all.stream().filter(a -> all.stream().filter(b -> b.kind().equals(a.kind())).findFirst().orElseThrow() == a).toList();
    }

    /** The cycle: transactions on a circle, arrows bent a little so that T1→T2 and T2→T1 both show. */
    static String svg(Anomaly a) {
        List<Anomaly.Edge> edges = a.edges();
        int n = edges.size();
        double cx = 200, cy = 170, rad = n == 1 ? 0 : 120;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double ang = -Math.PI / 2 + 2 * Math.PI * i / n;
            x[i] = cx + rad * Math.cos(ang);
            y[i] = cy + rad * Math.sin(ang);
        }
        StringBuilder sb = new StringBuilder("<svg width=\"400\" height=\"340\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>");
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double dx = x[j] - x[i], dy = y[j] - y[i], len = Math.max(1, Math.hypot(dx, dy));
            double ux = dx / len, uy = dy / len;
            double sx = x[i] + ux * 24, sy = y[i] + uy * 24, ex = x[j] - ux * 24, ey = y[j] - uy * 24;
            double mx = (sx + ex) / 2 - uy * 30, my = (sy + ey) / 2 + ux * 30; // bend to the right of the direction
            String color = switch (edges.get(i).type()) {
                case "rw" -> "#c33";
                case "wr" -> "#36c";
                case "rt" -> "#999";
                default -> "#333";
            };
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>",
                    sx, sy, mx, my, ex, ey, color));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"%s\" text-anchor=\"middle\">%s</text>",
                    (sx + ex) / 4 + mx / 2, (sy + ey) / 4 + my / 2, color, edges.get(i).type()));
        }
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"22\" fill=\"#fff\" stroke=\"#333\"/>", x[i], y[i]));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">T%d</text>", x[i], y[i] + 5, edges.get(i).from()));
        }
        return sb.append("</svg>").toString();
    }
}
