package dev.txnharness.engine.aof;

import static dev.txnharness.engine.aof.AofTestSupport.dump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.protocol.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOF's promise, checked at every byte: for a random workload of transactions (and single
 * commands, aborted and failing ones among them) and EVERY offset at which the file could be cut,
 *
 * <ul>
 *   <li>recovery with aof-load-truncated yes gives exactly the state after the last transaction
 *       whose bytes are all before the cut — a prefix of the committed transactions, never half of
 *       one;
 *   <li>with aof-load-truncated no, a cut at a step's end (or just after a SELECT) loads that
 *       same state, and any other cut is refused as a torn tail, with an error naming the offset
 *       where the whole part ends: at or after the last step's end, before the cut.
 * </ul>
 *
 * Seeds: {@code -Daof.seeds=N} (default 12) from {@code -Daof.seed=S} (default 1); a failure names
 * its seed and cut. With {@link Fault#AOF_SPLIT_TRANSACTION} the same check must find a cut that
 * loads half a transaction.
 */
class AofCutPropertyTest {
    @TempDir Path dir;

    private static final String[] KEYS = {"a", "b", "c"};
    private long cutsChecked;
    private long stepsRun;

    /** One committed step: the file size after it, and the state after it. */
    private record Step(long size, String state, String what) {}

    /** Runs a seeded workload on an engine with an AOF; returns the steps and the file. */
    private List<Step> workload(long seed, Set<Fault> faults, Path file) throws Exception {
        Random r = new Random(seed);
        Engine e = AofTestSupport.engine(faults);
        Aof aof = Aof.open(e, new AofConfig(file.getParent(), file.getFileName().toString(), Fsync.NO, false));
        Client c1 = e.connect();
        Client c2 = e.connect();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, dump(e), "start"));
        int n = 25 + r.nextInt(20);
        for (int i = 0; i < n; i++) {
            Client c = r.nextBoolean() ? c1 : c2;
            Client other = c == c1 ? c2 : c1;
            String what;
            if (r.nextInt(4) == 0) {
                String[] cmd = write(r);
                c.call(cmd);
                what = String.join(" ", cmd);
            } else {
                String watched = KEYS[r.nextInt(KEYS.length)];
                boolean watch = r.nextInt(3) == 0;
                if (watch) c.call("WATCH", watched);
                c.call("MULTI");
                StringBuilder sb = new StringBuilder("MULTI");
                int k = 1 + r.nextInt(4);
                for (int j = 0; j < k; j++) {
                    String[] cmd = r.nextInt(6) == 0 ? new String[] {"SELECT", Integer.toString(r.nextInt(3))} : write(r);
                    c.call(cmd);
                    sb.append("; ").append(String.join(" ", cmd));
                }
                if (watch && r.nextBoolean()) {
                    other.call("SELECT", "0");
                    other.call("INCR", watched); // makes the EXEC fail; a step of its own
                    steps.add(new Step(aof.writer().size(), dump(e), "INCR " + watched + " (by the other client)"));
                }
                Reply res = c.call("EXEC");
                what = sb + "; EXEC -> " + (res instanceof Reply.NullArray ? "nil" : "ran");
            }
            steps.add(new Step(aof.writer().size(), dump(e), what));
        }
        aof.close();
        e.close();
        return steps;
    }

    /** A random write: strings, counters, lists, hashes, sets, expiry (TTLs far beyond the clock), some failing. */
    private static String[] write(Random r) {
        String k = KEYS[r.nextInt(KEYS.length)];
        String v = Integer.toString(r.nextInt(100));
        return switch (r.nextInt(12)) {
            case 0 -> new String[] {"SET", k, v};
            case 1 -> new String[] {"INCRBY", k, v};
            case 2 -> new String[] {"DECRBY", k, v};
            case 3 -> new String[] {"RPUSH", "l" + k, v, "x"};
            case 4 -> new String[] {"LPOP", "l" + k};
            case 5 -> new String[] {"HSET", "h", k, v};
            case 6 -> new String[] {"SADD", "s", k, v};
            case 7 -> new String[] {"DEL", k};
            case 8 -> new String[] {"EXPIRE", k, Integer.toString(10_000 + r.nextInt(1000))};
            case 9 -> new String[] {"SET", k, v, "EX", "100000"};
            case 10 -> new String[] {"INCRBYFLOAT", k, "1.5"};
            default -> new String[] {"SPOP", "s"};
        };
    }

    /** Every cut of the file for one seed; the first violation found, or null. */
    private String check(long seed, Set<Fault> faults) throws Exception {
        Path file = Files.createTempFile(dir, "cut-" + seed + "-", ".aof");
        Files.delete(file);
        List<Step> steps = workload(seed, faults, file);
        byte[] aof = Files.readAllBytes(file);
        assertEquals(steps.get(steps.size() - 1).size(), aof.length);
        int s = 0;
        stepsRun += steps.size() - 1;
        for (int cut = 0; cut <= aof.length; cut++) {
            cutsChecked++;
            while (s + 1 < steps.size() && steps.get(s + 1).size() <= cut) s++;
            Step expected = steps.get(s);
            byte[] prefix = Arrays.copyOf(aof, cut);
            Engine e = AofTestSupport.engine();
            AofLoader.load(e, prefix, true);
            String got = dump(e);
            e.close();
            if (!got.equals(expected.state())) {
                return "seed " + seed + ", cut at byte " + cut + " of " + aof.length + ": recovered\n" + got
                        + "but the last whole step (" + expected.what() + ", ending at " + expected.size() + ") left\n"
                        + expected.state() + "file: " + AofTestSupport.show(aof);
            }
            boolean boundary = expected.size() == cut;
            try {
                Engine strict = AofTestSupport.engine();
                AofLoader.load(strict, prefix, false);
                // loaded whole: the cut is at a step's end, or just after a SELECT that starts one
                String strictState = dump(strict);
                strict.close();
                if (!strictState.equals(expected.state())) {
                    return "seed " + seed + ", cut at byte " + cut + ": loaded without the truncate option, but to\n" + strictState;
                }
            } catch (AofLoadException ex) {
                if (boundary) return "seed " + seed + ", cut at byte " + cut + " (a boundary) was refused: " + ex.getMessage();
                if (ex.kind() != AofLoadException.Kind.TORN || ex.offset() < expected.size() || ex.offset() >= cut) {
                    return "seed " + seed + ", cut at byte " + cut + ": expected a torn tail at an offset from " + expected.size()
                            + " to " + cut + ", got " + ex.kind() + " at " + ex.offset() + ": " + ex.getMessage();
                }
                if (!ex.getMessage().contains("offset " + ex.offset())) return "the message does not name the offset: " + ex.getMessage();
            }
        }
        return null;
    }

    @Test
    @DisplayName("Every cut of the AOF recovers exactly a prefix of the committed transactions (truncate), or is refused at that offset")
    void everyCutIsAPrefix() throws Exception {
        long first = Long.getLong("aof.seed", 1);
        int seeds = Integer.getInteger("aof.seeds", 12);
        long cuts = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            String violation = check(seed, Set.of());
            if (violation != null) fail(violation + "\nreplay: -Daof.seed=" + seed + " -Daof.seeds=1");
            cuts++;
        }
        assertTrue(cuts > 0);
        System.out.printf("AOF cut property: %d seeds, %d committed steps, %d cuts, each loaded twice (truncate, refuse): ok%n",
                seeds, stepsRun, cutsChecked);
    }

    @Test
    @DisplayName("With AOF_SPLIT_TRANSACTION some cut loads half a transaction, and the property says so")
    void splitTransactionIsCaught() throws Exception {
        int caught = 0;
        for (long seed = 1; seed <= 3; seed++) {
            String violation = check(seed, Set.of(Fault.AOF_SPLIT_TRANSACTION));
            if (violation != null) caught++;
        }
        assertEquals(3, caught, "every seed's workload has a multi-write transaction, so every one must be caught");
        assertFalse(caught == 0);
    }
}
