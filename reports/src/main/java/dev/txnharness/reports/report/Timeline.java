package dev.txnharness.reports.report;

import static dev.txnharness.reports.report.Html.esc;

import dev.txnharness.properties.history.History;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a history as a timeline: one lane per client, each op a bar from its invoke to its return
 * in real time, coloured by outcome. With evidence, the ops of the longest linearizable prefix are
 * outlined and numbered in linearization order, the op that could not be placed is marked, and the
 * rest are dimmed.
 *
 * <p>{@link #html} is the report's interactive timeline: the page's script (timeline.js, inline
 * with timeline.css by {@link #assets}) draws it from {@link TimelineData}'s JSON, with zoom, pan, an
 * overview strip, lanes per client or per key, the ops competing for the failure point, labels only
 * where they fit and the full call and reply of a clicked op. {@link #svg} is the same history
 * laid out here once, at one zoom: what a browser without script shows.
 */
final class Timeline {
    static final int LEFT = 84;
    static final int TOP = 34;
    static final int LANE = 30;
    static final int BAR = 20;

    private Timeline() {}

    /**
     * The interactive timeline of one history: the static SVG (shown without script), and the
     * data the page's script draws from. {@code anchor} is the id of the history's article, which
     * a link may follow with options ({@code #history-2/view=key/zoom=8}: docs/REPORTS.md).
     */
    static String html(History h, RunSummary.Evidence ev, boolean logical, String anchor) {
        List<TimelineOp> ops = TimelineOp.of(h);
        StringBuilder sb = new StringBuilder(ops.size() * 400 + 1024);
        sb.append("<div class=\"tl\" data-history=\"").append(esc(anchor)).append("\" data-ops=\"").append(ops.size()).append("\">")
          .append("<div class=\"scroll tl-static\">").append(svg(h, ev, logical)).append("</div>\n");
        if (!ops.isEmpty()) {
            sb.append("<script type=\"application/json\" class=\"tl-data\">").append(TimelineData.json(ops, ev, logical)).append("</script>");
        }
        return sb.append("</div>\n").toString();
    }

    /** The timeline's style and script, once per page after the last timeline. */
    static String assets() {
        return "<style>\n" + resource("timeline.css") + "</style>\n<script>\n" + resource("timeline.js") + "</script>\n";
    }

    private static String resource(String name) {
        try (InputStream in = Timeline.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the reports jar: rebuild it (mvn -pl reports -am package)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name + " from the reports jar", e);
        }
    }

    static String svg(History h, RunSummary.Evidence ev) {
        return svg(h, ev, false);
    }

    /**
     * @param logical the history's times are the deterministic schedule's steps, not nanoseconds:
     *                the axis then counts steps
     */
    static String svg(History h, RunSummary.Evidence ev, boolean logical) {
        List<TimelineOp> ops = TimelineOp.of(h);
        if (ops.isEmpty()) return "<p>(empty history)</p>";
        TreeMap<Integer, Integer> lanes = new TreeMap<>();
        Map<Integer, Integer> perLane = new HashMap<>();
        long t0 = Long.MAX_VALUE, t1 = Long.MIN_VALUE;
        for (TimelineOp o : ops) {
            lanes.put(o.client(), 0);
            perLane.merge(o.client(), 1, Integer::sum);
            t0 = Math.min(t0, o.start());
            t1 = Math.max(t1, o.end());
        }
        int lane = 0;
        for (Map.Entry<Integer, Integer> e : lanes.entrySet()) e.setValue(lane++);
        int busiest = perLane.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int plot = Math.max(1100, Math.min(30_000, busiest * 6));
        double span = Math.max(1, t1 - t0);
        Map<Integer, Integer> order = new HashMap<>();
        if (ev != null) {
            for (int i = 0; i < ev.prefix().size(); i++) order.put(ev.prefix().get(i), i + 1);
        }
        int width = LEFT + plot + 20;
        int height = TOP + lanes.size() * LANE + 8;
        StringBuilder sb = new StringBuilder(ops.size() * 160 + 2048);
        sb.append("<svg class=\"timeline\" width=\"").append(width)
          .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
          .append("\" role=\"img\" aria-label=\"timeline of ").append(ops.size()).append(" ops\">\n");
        // lanes and the time axis
        for (Map.Entry<Integer, Integer> e : lanes.entrySet()) {
            int y = TOP + e.getValue() * LANE;
            sb.append("<rect class=\"lane\" x=\"0\" y=\"").append(y - 4).append("\" width=\"").append(width)
              .append("\" height=\"").append(LANE).append("\"/><text class=\"lname\" x=\"6\" y=\"").append(y + 14)
              .append("\">client ").append(e.getKey()).append("</text>\n");
        }
        double step = niceStep(span / 8);
        for (double t = 0; t <= span; t += step) {
            double x = LEFT + t * plot / span;
            sb.append("<line class=\"tick\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
              .append("\" y1=\"18\" y2=\"").append(height).append("\"/><text class=\"tlabel\" x=\"").append(fmt(x + 3))
              .append("\" y=\"14\">").append(logical ? "step " + (long) t : duration((long) t)).append("</text>\n");
        }
        TimelineOp blocked = null;
        Map<Integer, Double> numEnd = new HashMap<>();
        for (TimelineOp o : ops) {
            double x = LEFT + (o.start() - t0) * plot / span;
            double w = Math.max(3, (o.end() - o.start()) * plot / span);
            int y = TOP + lanes.get(o.client()) * LANE;
            Integer n = order.get(o.id());
            boolean isBlocked = ev != null && o.id() == ev.blocked();
            if (isBlocked) blocked = o;
            String cls = "op o-" + o.outcome() + (ev == null ? "" : isBlocked ? " blocked" : n != null ? " lin" : " rest");
            sb.append("<g class=\"").append(cls).append("\" data-id=\"").append(o.id()).append("\"><rect x=\"").append(fmt(x))
              .append("\" y=\"").append(y).append("\" width=\"").append(fmt(w)).append("\" height=\"").append(BAR)
              .append("\" rx=\"3\"/><title>#").append(o.id()).append(" client ").append(o.client()).append(": ")
              .append(esc(o.label())).append(" (").append(o.outcome()).append(", at +").append(duration(o.start() - t0))
              .append(", took ").append("info".equals(o.outcome()) ? "?" : duration(o.end() - o.start())).append(')');
            if (n != null) sb.append(" — linearized ").append(ordinal(n));
            if (isBlocked) sb.append(" — COULD NOT BE PLACED");
            sb.append("</title>");
            String text = (n != null ? n + ". " : "") + o.label();
            if (w >= 40) {
                int fit = (int) ((w - 8) / 6.6);
                if (fit >= 4) {
                    String t = text.length() > fit ? text.substring(0, Math.max(1, fit - 1)) + "…" : text;
                    sb.append("<text x=\"").append(fmt(x + 4)).append("\" y=\"").append(y + 14).append("\">").append(esc(t)).append("</text>");
                }
            } else if (n != null && ops.size() <= 400 && x + w / 2 - numWidth(n) / 2 > numEnd.getOrDefault(o.client(), Double.NEGATIVE_INFINITY) + 2) {
                // a number above a narrow bar, unless it would touch the lane's previous number
                numEnd.put(o.client(), x + w / 2 + numWidth(n) / 2);
                sb.append("<text class=\"num\" x=\"").append(fmt(x + w / 2)).append("\" y=\"").append(y - 1).append("\">").append(n).append("</text>");
            }
            sb.append("</g>\n");
        }
        if (blocked != null) {
            double x = LEFT + (blocked.start() - t0) * plot / span;
            int y = TOP + lanes.get(blocked.client()) * LANE;
            // near the right edge the label ends at the bar instead of running off the picture
            boolean right = x > width - 200;
            double lx = right ? LEFT + (blocked.end() - t0) * plot / span : x;
            sb.append("<text class=\"blocked-label\"").append(right ? " text-anchor=\"end\"" : "").append(" x=\"").append(fmt(lx))
              .append("\" y=\"").append(y + BAR + 9).append("\">▲ #").append(blocked.id()).append(" could not be placed</text>\n");
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /** The width of a 9 px monospace number above a bar. */
    private static double numWidth(int n) {
        return String.valueOf(n).length() * 5.5;
    }

    static String ordinal(int n) {
        String suf = (n % 100 >= 11 && n % 100 <= 13) ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suf;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    static String duration(long nanos) {
        if (nanos < 1_000) return nanos + " ns";
        if (nanos < 1_000_000) return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
