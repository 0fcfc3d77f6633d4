package dev.txnharness.reports.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server-drawn SVG (what a browser without script shows) of a 210-op history. */
class TimelineTest {

    @Test
    void prefixNumbersAboveNarrowBarsNeverTouch() {
        List<Event> events = new ArrayList<>();
        List<Integer> prefix = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            Op op = Op.Command.of("INCR", "k" + i % 3);
            int client = i % 2;
            events.add(Event.invoke(client, op, i * 10L));
            events.add(Event.ok(client, op, new Reply.Int(i), i * 10L + 3));
            prefix.add(i);
        }
        String svg = Timeline.svg(new History(events), new RunSummary.Evidence(prefix.subList(0, 209), 209, "{}", "test"));
        Map<String, Double> lastEnd = new HashMap<>();
        Matcher m = Pattern.compile("<text class=\"num\" x=\"([0-9.]+)\" y=\"([0-9]+)\">([0-9]+)</text>").matcher(svg);
        int drawn = 0;
        while (m.find()) {
            double x = Double.parseDouble(m.group(1)), half = m.group(3).length() * 5.5 / 2;
            Double prev = lastEnd.put(m.group(2), x + half);
            assertTrue(prev == null || x - half > prev, "number " + m.group(3) + " at x " + x + " touches the previous one, ending at " + prev);
            drawn++;
        }
        assertTrue(drawn > 0, "some numbers are drawn");
    }
}
