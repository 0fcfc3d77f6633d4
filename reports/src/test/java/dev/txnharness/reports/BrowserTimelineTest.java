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
 * slivers with overlapping numbers and no zoom". The report is {@code check --fault WATCH_IGNORED
 * --ops 210 --no-shrink --max-violations 2}: history 1 runs on the deterministic schedule, history 2
 * on real threads, both not linearizable. The page's script writes what it drew into the
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
        Cli r = Cli.run("check", "--fault", "WATCH_IGNORED", "--suite", "histories", "--ops", "210", "--no-shrink", "--seed", "1",
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
        Map<String, String> zoomed = timeline(dom("#history-2/x=order/zoom=4"), "history-2");
        assertEquals("0", zoomed.get("overlaps"), "no two texts overlap on the event-order axis, zoomed: " + zoomed);
        assertTrue(share(zoomed) > share(whole), "a quarter of the events in order labels more ops than the whole history in real time: "
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

    @Test
    void screenshotsOfTheTimelineWholeAndZoomed() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            Path whole = DIR.resolve("timeline.png"), zoomed = DIR.resolve("timeline-failure-point.png"), keys = DIR.resolve("timeline-keys.png");
            Chromium.screenshot(html, "#history-2/solo", profile, whole, 1400, 700);
            Chromium.screenshot(html, "#history-2/solo/focus", profile, zoomed, 1400, 700);
            Chromium.screenshot(html, "#history-2/solo/view=key", profile, keys, 1400, 800);
            Path order = DIR.resolve("timeline-event-order.png");
            Chromium.screenshot(html, "#history-2/solo/x=order/zoom=4", profile, order, 1400, 700);
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
