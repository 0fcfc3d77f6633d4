package dev.txnharness.reports.suite;

import dev.txnharness.properties.history.Reply;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one client of a built-in history does, command by command: a seeded mix of optimistic
 * read-modify-write transactions (WATCH k, GET k, MULTI, SET k v+1, EXEC), blind transactions,
 * DISCARD, UNWATCH, queue-time errors and plain reads and writes, on a few shared keys so that
 * clients collide. The next command may depend on the last reply (the value a GET saw).
 */
final class ClientScript {
    private final SplittableRandom rnd;
    private final List<String> keys;
    private final ArrayDeque<List<String>> queue = new ArrayDeque<>();
    private List<String> readOfRmw; // the GET whose reply decides the SET
    private String rmwKey;

    ClientScript(SplittableRandom rnd, List<String> keys) {
        this.rnd = rnd;
        this.keys = keys;
    }

    /** The next command, given the reply to the previous one (null at the start). */
    List<String> next(Reply last) {
        if (rmwKey != null) {
            long v = 1;
            if (last instanceof Reply.Bulk b) {
                try {
                    v = Long.parseLong(b.value()) + 1;
                } catch (NumberFormatException e) {
                    v = 1;
                }
            }
            queue.addFirst(List.of("EXEC"));
            queue.addFirst(List.of("SET", rmwKey, Long.toString(v)));
            queue.addFirst(List.of("MULTI"));
            rmwKey = null;
        }
        if (queue.isEmpty()) plan();
        List<String> c = queue.poll();
        if (c == readOfRmw) {
            rmwKey = c.get(1);
            readOfRmw = null;
        }
        return c;
    }

    private String key() {
        return keys.get(rnd.nextInt(keys.size()));
    }

    private String value() {
        return Integer.toString(rnd.nextInt(100));
    }

    private void plan() {
        int p = rnd.nextInt(100);
        String k = key();
        if (p < 30) { // optimistic read-modify-write: the lost update WATCH prevents
            queue.add(List.of("WATCH", k));
            readOfRmw = List.of("GET", k);
            queue.add(readOfRmw);
        } else if (p < 42) { // a transaction without WATCH: atomic, never aborted
            queue.add(List.of("MULTI"));
            queue.add(List.of("INCR", k));
            queue.add(List.of("GET", k));
            queue.add(List.of("EXEC"));
        } else if (p < 50) { // two watched keys, blind writes
            String k2 = key();
            queue.add(List.of("WATCH", k, k2));
            queue.add(List.of("MULTI"));
            queue.add(List.of("SET", k, value()));
            queue.add(List.of("SET", k2, value()));
            queue.add(List.of("EXEC"));
        } else if (p < 56) { // DISCARD drops the queue and the watches
            queue.add(List.of("WATCH", k));
            queue.add(List.of("MULTI"));
            queue.add(List.of("SET", k, value()));
            queue.add(List.of("DISCARD"));
        } else if (p < 60) {
            queue.add(List.of("WATCH", k));
            queue.add(List.of("UNWATCH"));
        } else if (p < 64) { // a queue-time error: EXEC answers EXECABORT
            queue.add(List.of("MULTI"));
            queue.add(List.of("SET", k));
            queue.add(List.of("EXEC"));
        } else if (p < 76) {
            queue.add(List.of("SET", k, value()));
        } else if (p < 90) {
            queue.add(List.of("GET", k));
        } else if (p < 96) {
            queue.add(List.of("INCR", k));
        } else {
            queue.add(List.of("DEL", k));
        }
    }
}
