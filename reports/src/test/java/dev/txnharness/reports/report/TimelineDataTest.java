package dev.txnharness.reports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the timeline's data says about keys and the failure point, on a history small enough to check by hand. */
class TimelineDataTest {
    private final List<Event> events = new ArrayList<>();

    private void call(int client, long from, long to, Reply reply, String... argv) {
        Op op = Op.Command.of(argv);
        events.add(Event.invoke(client, op, from));
        events.add(Event.ok(client, op, reply, to));
    }

    /**
     * client 0: GET ctr (0–2), MULTI (3–4), SET p 1 (5–6), SET q 1 (7–8), EXEC (9–20, blocked);
     * client 1: GET p (12–14, concurrent with the EXEC), GET q (30–31, after it); client 2: UNWATCH (1–2).
     * The prefix is GET ctr, UNWATCH, GET p.
     */
    private History history() {
        Reply ok = new Reply.Simple("OK"), queued = new Reply.Simple("QUEUED");
        events.add(Event.invoke(0, Op.Command.of("GET", "ctr"), 0));
        events.add(Event.invoke(2, Op.Command.of("UNWATCH"), 1));
        events.add(Event.ok(0, Op.Command.of("GET", "ctr"), new Reply.NullBulk(), 2));
        events.add(Event.ok(2, Op.Command.of("UNWATCH"), ok, 2));
        call(0, 3, 4, ok, "MULTI");
        call(0, 5, 6, queued, "SET", "p", "1");
        call(0, 7, 8, queued, "SET", "q", "1");
        events.add(Event.invoke(0, Op.Command.of("EXEC"), 9));
        call(1, 12, 14, new Reply.NullBulk(), "GET", "p");
        events.add(Event.ok(0, Op.Command.of("EXEC"), Reply.array(List.of(ok, ok)), 20));
        call(1, 30, 31, new Reply.Bulk("1"), "GET", "q");
        return new History(events);
    }

    @Test
    void aMultiBlockTouchesEveryKeyItsCommandsTouch() {
        List<TimelineOp> ops = TimelineOp.of(history());
        List<Set<String>> keys = TimelineData.keys(ops);
        Map<String, Set<String>> byCall = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) byCall.put(ops.get(i).client() + " " + ops.get(i).op(), keys.get(i));
        assertEquals(Set.of("ctr"), byCall.get("0 GET ctr"));
        assertEquals(Set.of(""), byCall.get("2 UNWATCH"), "an op on no key is on the key \"\"");
        assertEquals(Set.of("p", "q"), byCall.get("0 MULTI"));
        assertEquals(Set.of("p"), byCall.get("0 SET p 1"), "a queued command keeps its own key");
        assertEquals(Set.of("p", "q"), byCall.get("0 EXEC"));
    }

    @Test
    void theOpsCompetingForTheFailurePointAreTheConcurrentAndThePendingOnes() throws Exception {
        List<TimelineOp> ops = TimelineOp.of(history());
        int exec = -1, getP = -1, getCtr = -1, unwatch = -1;
        for (TimelineOp o : ops) {
            String s = o.op().toString();
            if (s.equals("EXEC")) exec = o.id();
            if (s.equals("GET p")) getP = o.id();
            if (s.equals("GET ctr")) getCtr = o.id();
            if (s.equals("UNWATCH")) unwatch = o.id();
        }
        RunSummary.Evidence ev = new RunSummary.Evidence(List.of(getCtr, unwatch, getP), exec, "{}", "test");
        JsonNode root = new ObjectMapper().readTree(TimelineData.json(ops, ev, true));
        assertEquals(exec, root.get("blocked").asInt());
        Map<String, String> mark = new HashMap<>();
        for (JsonNode o : root.get("ops")) mark.put(o.get("call").asText(), o.get("m").asText());
        assertEquals("blocked", mark.get("EXEC"));
        assertEquals("compete", mark.get("GET p"), "overlaps the EXEC in real time (though in the prefix)");
        assertEquals("compete", mark.get("MULTI"), "pending when the EXEC returned");
        assertEquals("compete", mark.get("SET q 1"), "pending when the EXEC returned");
        assertEquals("lin", mark.get("GET ctr"));
        assertEquals("rest", mark.get("GET q"), "invoked after the failure point");
        assertEquals(0, root.get("ops").get(0).get("s").asLong(), "times start at the first invoke");
        assertEquals(ops.size() * 2 - 1 - 1, root.get("events").asInt(), "one slot per distinct time (GET ctr and UNWATCH return together)");
    }
}
