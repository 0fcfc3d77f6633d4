package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The violation timeline of a 200+ op history in a real browser (Debian's chromium, headless,
 * {@code --dump-dom} after the page's script ran): issue #13, "a 210-op history drawn as 2-px
 * slivers with overlapping numbers and no zoom". The report is {@code check --target resp --fault
 * WATCH_IGNORED --ops 210 --no-shrink --max-violations 2}: on the engine behind its RESP server,
 * history 1 runs on the deterministic schedule, history 2 on real threads, both not linearizable
 * (on the in-process engine every history runs on the deterministic schedule). The page's script writes what it drew into the
 * timeline's data-* attributes (timeline.js): the visible range, the op boxes drawn, the narrowest
 * box, the labels drawn and how many pairs of text boxes intersect, measured with getBBox. Screenshots
 * of the real-thread timeline, whole and zoomed to the failure point, are kept in
 * reports/target/test-reports/timeline-210/ for people to look at.
 */
class BrowserTimelineTest {
    static final Path DIR = Path.of("target", "test-reports", "timeline-210");
    private static Path html;

    @BeforeAll
    static void report() throws Exception {
        Chromium.binary();
        FaultReport.clean(DIR);
        Cli r = Cli.run("check", "--target", "resp", "--fault", "WATCH_IGNORED", "--suite", "histories", "--ops", "210", "--no-shrink", "--seed", "1",
                "--clients", "4", "--time", "20s", "--max-violations", "2", "--out", DIR.toString());
        assertEquals(1, r.exit(), r.toString());
        html = DIR.resolve("index.html");
        BrowserReportTest.assertSelfContained(Files.readString(html));
    }

    @Test
    void theWholeHistoryIsDrawnWithEveryOpVisibleAndNoLabelOverlapping() throws Exception {
        String dom = dom("");
        for (String h : new String[] {"history-1", "history-2"}) {
            Map<String, String> tl = timeline(dom, h);
            int ops = Integer.parseInt(tl.get("ops"));
            assertTrue(ops >= 200, h + " has 200+ ops: " + tl);
            assertEquals("client", tl.get("view"), h + ": lanes per client by default");
            assertEquals("0", tl.get("v0"), h + ": the whole history is shown");
            assertEquals(tl.get("span"), tl.get("v1"), h + ": the whole history is shown");
            assertEquals(ops, Integer.parseInt(tl.get("drawn")), h + ": every op has a box");
            assertTrue(Double.parseDouble(tl.get("narrowest")) >= 4, h + ": the narrowest box is still 4 px wide: " + tl);
            assertEquals("0", tl.get("overlaps"), h + ": no two texts overlap: " + tl);
        }
        String h2 = article(dom, "history-2");
        assertTrue(Pattern.compile("<g class=\"op o-\\w+ blocked( sel)?\"").matcher(h2).find(), "the op that could not be placed is marked");
        assertTrue(Pattern.compile("<g class=\"op o-\\w+ compete\"").matcher(h2).find(), "the ops competing for the failure point are marked");
        assertTrue(h2.contains("class=\"failure-line\""), "the failure point is drawn");
        assertTrue(h2.contains("could not be placed</text>"), "said in words next to it");
        assertTrue(h2.contains("<option value=\"key\">lanes per key</option>"), "the per-key view can be chosen");
        assertTrue(h2.contains("class=\"tl-detail\"") && h2.contains("<pre class=\"call\">"), "the clicked (at first: the blocked) op's full call");
        assertTrue(Pattern.compile("class=\"tlabel\"[^>]*>\\+[0-9.]+ (ns|µs|ms|s)<").matcher(h2).find(), "the time axis has labelled ticks");
    }

    @Test
    void zoomShowsAShorterRangeWithMoreLabelsAndStillNoOverlap() throws Exception {
        Map<String, String> whole = timeline(dom(""), "history-2");
        Map<String, String> zoomed = timeline(dom("#history-2/zoom=8"), "history-2");
        long span = Long.parseLong(whole.get("span"));
        long shown = Long.parseLong(zoomed.get("v1")) - Long.parseLong(zoomed.get("v0"));
        assertTrue(Math.abs(shown - span / 8) <= 2, "zoom 8 shows an eighth of the history: " + zoomed);
        assertTrue(Integer.parseInt(zoomed.get("drawn")) < Integer.parseInt(whole.get("drawn")), "fewer ops in range: " + zoomed);
        assertEquals("0", zoomed.get("overlaps"), "no two texts overlap when zoomed: " + zoomed);

        Map<String, String> focus = timeline(dom("#history-2/focus"), "history-2");
        assertTrue(Long.parseLong(focus.get("v1")) - Long.parseLong(focus.get("v0")) < span, "the failure point zooms in: " + focus);
        assertTrue(share(focus) > share(whole),
                "zoomed on the failure point, a larger share of the ops drawn are wide enough for their label: " + focus + " vs " + whole);
        assertEquals("0", focus.get("overlaps"), "no two texts overlap at the failure point: " + focus);
    }

    @Test
    void theEventOrderAxisGivesEveryOpRoomForALabel() throws Exception {
        Map<String, String> whole = timeline(dom(""), "history-2");
        Map<String, String> order = timeline(dom("#history-2/x=order"), "history-2");
        assertEquals("order", order.get("axis"));
        assertEquals(order.get("ops"), order.get("drawn"), "every op drawn: " + order);
        assertEquals("0", order.get("overlaps"), "no two texts overlap on the event-order axis: " + order);
        Map<String, String> zoomed = timeline(dom("#history-2/x=order/zoom=32"), "history-2");
        assertEquals("0", zoomed.get("overlaps"), "no two texts overlap on the event-order axis, zoomed: " + zoomed);
        assertTrue(share(zoomed) > share(whole), "a 32nd of the events in order labels a larger share of its ops than the whole history in real time: "
                + zoomed + " vs " + whole);
    }

    @Test
    void thePerKeyViewHasALanePerKeyAndAMultiKeyBlockInEach() throws Exception {
        String dom = dom("#history-2/view=key");
        Map<String, String> tl = timeline(dom, "history-2");
        assertEquals("key", tl.get("view"));
        assertEquals("0", tl.get("overlaps"), "no two texts overlap in the per-key view: " + tl);
        String h2 = article(dom, "history-2");
        Matcher lane = Pattern.compile("<text class=\"lname\"[^>]*>key ([^<]+)<").matcher(h2);
        assertTrue(lane.find(), "a lane per key");
        String key = lane.group(1);
        assertTrue(Integer.parseInt(tl.get("drawn")) > Integer.parseInt(tl.get("ops")),
                "ops touching several keys (MULTI blocks, pair transactions) are drawn in each key's lane: " + tl);

        Map<String, String> only = timeline(dom("#history-2/view=key/key=" + key), "history-2");
        assertEquals(key, only.get("key"));
        assertTrue(Integer.parseInt(only.get("drawn")) < Integer.parseInt(tl.get("drawn")), "only the ops touching " + key + ": " + only);
    }

    /**
     * The mouse, through the page's own handlers: a copy of index.html gets a script (test code,
     * not shipped) that, once the timelines are drawn, sends synthetic wheel, drag, click and
     * overview-brush events and writes what each changed into body's data-selftest.
     */
    @Test
    void theMouseZoomsPansSelectsAndBrushes() throws Exception {
        String page = Files.readString(html);
        String probe = """
                <script>document.addEventListener('DOMContentLoaded', function () {
                  var root = document.querySelector('.tl[data-history="history-2"]'), svg = root.querySelector('svg.tl-main');
                  var ov = root.querySelector('svg.tl-overview'), out = {};
                  function range() { return [+root.dataset.v0, +root.dataset.v1]; }
                  function mouse(target, type, x, y) {
                    target.dispatchEvent(new MouseEvent(type, {clientX: x, clientY: y, bubbles: true, cancelable: true, view: window}));
                  }
                  var r = svg.getBoundingClientRect(), before = range();
                  svg.dispatchEvent(new WheelEvent('wheel', {deltaY: -400, clientX: r.left + 700, clientY: r.top + 60, bubbles: true, cancelable: true}));
                  var wheeled = range();
                  out.wheel = (wheeled[1] - wheeled[0]) / (before[1] - before[0]);
                  mouse(svg, 'mousedown', r.left + 700, r.top + 60);
                  mouse(document, 'mousemove', r.left + 500, r.top + 60);
                  mouse(document, 'mouseup', r.left + 500, r.top + 60);
                  var dragged = range();
                  out.drag = dragged[0] - wheeled[0];
                  out.dragWidth = (dragged[1] - dragged[0]) / (wheeled[1] - wheeled[0]);
                  root.querySelector('.tl-fit').click();
                  var g = Array.prototype.filter.call(svg.querySelectorAll('g.op'), function (g) { return !/blocked/.test(g.getAttribute('class')) && +g.getAttribute('data-id') >= 0; })[3];
                  var b = g.querySelector('rect').getBoundingClientRect();
                  mouse(g.querySelector('rect'), 'mousedown', b.left + b.width / 2, b.top + 5);
                  mouse(g.querySelector('rect'), 'mouseup', b.left + b.width / 2, b.top + 5);
                  out.clicked = g.getAttribute('data-id');
                  out.detail = root.querySelector('.tl-detail p').textContent;
                  out.marked = svg.querySelector('g.op.sel').getAttribute('data-id');
                  var o = ov.getBoundingClientRect(), span = +root.dataset.span;
                  mouse(ov, 'mousedown', o.left + 118 + 100, o.top + 5);
                  mouse(document, 'mousemove', o.left + 118 + 300, o.top + 5);
                  mouse(document, 'mouseup', o.left + 118 + 300, o.top + 5);
                  var brushed = range();
                  out.brush = (brushed[1] - brushed[0]) / span;
                  document.body.setAttribute('data-selftest', JSON.stringify(out));
                });</script>
                """;
        Path probed = DIR.resolve("index-probed.html");
        Files.writeString(probed, page.replace("</body>", probe + "</body>"));
        Path profile = Files.createTempDirectory("chromium-profile");
        String dom;
        try {
            dom = Chromium.dumpDom(probed, "", profile, 1400, 1000);
        } finally {
            FaultReport.clean(profile);
        }
        Matcher m = Pattern.compile("data-selftest=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), "the probe ran");
        var out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        assertTrue(out.get("wheel").asDouble() < 0.9, "the wheel zooms in: " + out);
        assertTrue(out.get("drag").asDouble() > 0, "dragging left moves the range later: " + out);
        assertEquals(1.0, out.get("dragWidth").asDouble(), 1e-6, "a drag keeps the zoom: " + out);
        assertTrue(out.get("detail").asText().startsWith("#" + out.get("clicked").asText() + " client "), "a click shows that op: " + out);
        assertEquals(out.get("clicked").asText(), out.get("marked").asText(), "and marks it as selected: " + out);
        double plot = 1400 - 2 * 24 - 2 - 118 - 14; // the page's width less body margins, borders, lane names and the right pad
        assertEquals(200 / plot, out.get("brush").asDouble(), 0.02, "a 200 px brush on the overview shows that share of the history: " + out);
    }

    @Test
    void screenshotsOfTheTimelineWholeAndZoomed() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            Path whole = DIR.resolve("timeline.png"), zoomed = DIR.resolve("timeline-failure-point.png"), keys = DIR.resolve("timeline-keys.png");
            Chromium.screenshot(html, "#history-2/solo", profile, whole, 1400, 700);
            Chromium.screenshot(html, "#history-2/solo/focus", profile, zoomed, 1400, 700);
            Chromium.screenshot(html, "#history-2/solo/view=key", profile, keys, 1400, 800);
            Path order = DIR.resolve("timeline-event-order.png");
            Chromium.screenshot(html, "#history-2/solo/x=order/zoom=32", profile, order, 1400, 700);
            for (Path p : new Path[] {whole, zoomed, keys, order}) Chromium.assertPng(p);
        } finally {
            FaultReport.clean(profile);
        }
    }

    private static double share(Map<String, String> tl) {
        return Double.parseDouble(tl.get("labels")) / Math.max(1, Integer.parseInt(tl.get("drawn")));
    }

    private static String dom(String fragment) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            String dom = Chromium.dumpDom(html, fragment, profile, 1400, 1000);
            assertTrue(dom.contains("class=\"tl\""), "the page loaded:\n" + (dom.length() > 2000 ? dom.substring(0, 2000) : dom));
            return dom;
        } finally {
            FaultReport.clean(profile);
        }
    }

    /** The data-* attributes of a history's timeline element, as the page's script left them. */
    private static Map<String, String> timeline(String dom, String history) {
        Matcher m = Pattern.compile("<div class=\"tl\" data-history=\"" + history + "\"([^>]*)>").matcher(dom);
        assertTrue(m.find(), "a timeline for " + history);
        Map<String, String> attrs = new HashMap<>();
        Matcher a = Pattern.compile("data-([a-z0-9]+)=\"([^\"]*)\"").matcher(m.group(1));
        while (a.find()) attrs.put(a.group(1), a.group(2));
        assertTrue(attrs.containsKey("overlaps"), "the page's script drew " + history + "'s timeline: " + attrs);
        return attrs;
    }

    private static String article(String dom, String history) {
        int from = dom.indexOf("<article class=\"violation\" id=\"" + history + "\"");
        assertTrue(from >= 0, "an article for " + history);
        int to = dom.indexOf("</article>", from);
        return dom.substring(from, to);
    }
}
