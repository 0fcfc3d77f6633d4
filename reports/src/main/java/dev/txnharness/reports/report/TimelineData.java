package dev.txnharness.reports.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.model.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The interactive timeline's data: every op of a history with its times (relative to the first
 * invoke) and its slots on the event-order axis (each distinct invoke or return time one slot), the keys it touches, its place in the checker's evidence and its full call and reply,
 * as the JSON the page's script draws from (timeline.js). The page does the zoom-dependent layout;
 * what the evidence means is decided here.
 *
 * <p>Keys: a command's keys are {@link RedisCommands#keys}; MULTI and the EXEC or DISCARD that
 * ends its block touch every key the block's queued commands touch, so in the per-key view a MULTI
 * block on several keys appears in each key's lane. An op on no key (EXEC without MULTI, UNWATCH)
 * is on the key "" (drawn as "(no key)").
 *
 * <p>Marks: {@code blocked} is the op the checker could not place; {@code compete} are the ops
 * that competed with it for the failure point: those overlapping it in real time (their order
 * against it was free) and those still pending when it returned (invoked before its return and not
 * in the longest linearizable prefix: the checker tried them before it and none explained its
 * reply); {@code lin} the rest of the prefix, {@code rest} the others.
 */
final class TimelineData {
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private TimelineData() {}

    static String json(List<TimelineOp> ops, RunSummary.Evidence ev, boolean logical) {
        long t0 = Long.MAX_VALUE, t1 = Long.MIN_VALUE;
        for (TimelineOp o : ops) {
            t0 = Math.min(t0, o.start());
            t1 = Math.max(t1, o.end());
        }
        Map<Integer, Integer> order = new HashMap<>();
        TimelineOp blocked = null;
        if (ev != null) {
            for (int i = 0; i < ev.prefix().size(); i++) order.put(ev.prefix().get(i), i + 1);
            for (TimelineOp o : ops) if (o.id() == ev.blocked()) blocked = o;
        }
        // the event-order axis: every distinct invoke or return time is one slot
        TreeSet<Long> times = new TreeSet<>();
        for (TimelineOp o : ops) {
            times.add(o.start());
            times.add(o.end());
        }
        Map<Long, Integer> slot = new HashMap<>();
        for (long t : times) slot.put(t, slot.size());
        List<Set<String>> keys = keys(ops);
        Set<String> allKeys = new TreeSet<>();
        Set<Integer> clients = new TreeSet<>();
        List<Map<String, Object>> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            TimelineOp o = ops.get(i);
            Integer n = order.get(o.id());
            String mark = "rest";
            String why = null;
            if (blocked != null && o == blocked) {
                mark = "blocked";
                why = "the checker could not place it";
            } else if (blocked != null && o.start() < blocked.end() && o.end() > blocked.start()) {
                mark = "compete";
                why = "concurrent with #" + blocked.id() + " (overlaps it in real time)";
            } else if (blocked != null && n == null && o.id() >= 0 && o.start() < blocked.end()) {
                mark = "compete";
                why = "pending when #" + blocked.id() + " returned (not in the linearizable prefix)";
            } else if (n != null) {
                mark = "lin";
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.id());
            m.put("c", o.client());
            m.put("s", o.start() - t0);
            m.put("e", o.end() - t0);
            m.put("si", slot.get(o.start()));
            m.put("ei", slot.get(o.end()));
            m.put("o", o.outcome());
            m.put("m", mark);
            if (n != null) m.put("n", n);
            if (why != null) m.put("why", why);
            m.put("call", o.op().toString());
            m.put("reply", o.reply() == null ? ("info".equals(o.outcome()) ? "? (no reply: indeterminate)" : "(failed: surely not applied)")
                    : ReplyFormat.text(o.reply()));
            m.put("cli", o.reply() == null ? "" : ReplyFormat.cli(o.reply()));
            m.put("k", new ArrayList<>(keys.get(i)));
            allKeys.addAll(keys.get(i));
            clients.add(o.client());
            out.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("logical", logical);
        root.put("span", Math.max(1, t1 - t0));
        root.put("events", Math.max(1, times.size() - 1));
        root.put("blocked", blocked == null ? null : blocked.id());
        root.put("clients", clients);
        root.put("keys", allKeys);
        root.put("ops", out);
        try {
            // inside <script type="application/json">: "</" would end the element early
            return COMPACT.writeValueAsString(root).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the timeline's data could not be written as JSON", e);
        }
    }

    /** The keys each op touches (see the class comment); "" for an op on no key. */
    static List<Set<String>> keys(List<TimelineOp> ops) {
        List<Set<String>> keys = new ArrayList<>(ops.size());
        Map<Integer, List<Integer>> block = new HashMap<>(); // client → its open MULTI block's op indexes
        for (int i = 0; i < ops.size(); i++) {
            TimelineOp o = ops.get(i);
            Set<String> ks = new TreeSet<>(direct(o.op()));
            keys.add(ks);
            if (o.op() instanceof Op.Command c) {
                List<Integer> open = block.get(o.client());
                switch (c.name()) {
                    case "MULTI" -> {
                        if (open == null) block.put(o.client(), new ArrayList<>(List.of(i)));
                    }
                    case "EXEC", "DISCARD" -> {
                        if (open != null) {
                            open.add(i);
                            Set<String> union = new HashSet<>();
                            for (int j : open) union.addAll(keys.get(j));
                            for (int j : open) {
                                String name = ops.get(j).op() instanceof Op.Command cj ? cj.name() : "";
                                if (name.equals("MULTI") || name.equals("EXEC") || name.equals("DISCARD")) keys.get(j).addAll(union);
                            }
                            block.remove(o.client());
                        }
                    }
                    default -> {
                        if (open != null) open.add(i);
                    }
                }
            }
        }
        for (Set<String> ks : keys) if (ks.isEmpty()) ks.add("");
        return keys;
    }

    private static List<String> direct(Op op) {
        List<String> ks = new ArrayList<>();
        if (op instanceof Op.Command c) {
            ks.addAll(RedisCommands.keys(c));
        } else if (op instanceof Op.Transaction t) {
            ks.addAll(t.watch());
            for (Op.Command c : t.reads()) ks.addAll(RedisCommands.keys(c));
            for (Op.Command c : t.queued()) ks.addAll(RedisCommands.keys(c));
        } else if (op instanceof Op.Multi m) {
            for (Op.Command c : m.inside()) ks.addAll(RedisCommands.keys(c));
        }
        return ks;
    }
}
