package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * index.html in a real browser (Debian's chromium, headless): the DOM after load shows the verdict,
 * the violation's timeline with the op that could not be placed and the checker's words, and the
 * failing cell of the conformance matrix; a screenshot is kept at
 * reports/target/test-reports/watch-ignored/screenshot.png for people to look at.
 */
class BrowserReportTest {

    @Test
    void theViolationIsShownInTheBrowser() throws Exception {
        String chromium = Chromium.binary();
        assertEquals(1, FaultReport.get().exit());
        Path html = FaultReport.DIR.resolve("index.html");
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            String dom = Chromium.dumpDom(html, profile);
            assertTrue(dom.contains("id=\"verdict\""), "the page loaded in " + chromium + ":\n" + head(dom));
            assertTrue(Pattern.compile("<span id=\"verdict\"[^>]*>VIOLATION").matcher(dom).find(), "verdict badge");
            assertTrue(dom.contains("<article class=\"violation\" id=\"history-"), "a violation section");
            assertTrue(dom.contains("<svg class=\"timeline\""), "its timeline");
            Matcher blocked = Pattern.compile("<g class=\"op o-\\w+ blocked\"").matcher(dom);
            assertTrue(blocked.find(), "the op that could not be placed is marked in the timeline");
            assertTrue(Pattern.compile("<g class=\"op o-\\w+ lin\"").matcher(dom).find(), "the linearizable prefix is marked");
            assertTrue(dom.contains("could not be placed"), "said in words");
            assertTrue(dom.contains("but Redis would answer (nil array)"), "the checker's explanation");
            assertTrue(dom.contains("<td class=\"fail\">"), "the failing scenario in the matrix");
            assertTrue(dom.contains("watch-another-client-write"), "named");
            String page = Files.readString(html);
            assertSelfContained(page);

            Path png = FaultReport.DIR.resolve("screenshot.png");
            Chromium.screenshot(html, profile, png, 1400, 1000);
            Chromium.assertPng(png);
        } finally {
            FaultReport.clean(profile);
        }
    }

    /** Nothing is fetched: no external script, style, image or font (the SVG namespace URI is a name, not a fetch). */
    static void assertSelfContained(String page) {
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(page).find(), "no external src/href");
        assertFalse(Pattern.compile("(?i)url\\(\\s*[\"']?\\s*(https?:)?//").matcher(page).find(), "no external url()");
        assertFalse(page.contains("@import"), "no @import");
        assertFalse(Pattern.compile("(?i)<script[^>]*\\ssrc").matcher(page).find(), "no script file");
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
