package dev.txnharness.properties.distributed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a distributed history against its final read. Each transaction wrote its unique value to
 * two lists and counted itself in one counter, in one EXEC, so in the final read:
 *
 * <ul>
 *   <li>a value in one list and not the other, or a counter that differs from the list's length, is
 *       a <b>partial transaction</b> (MULTI/EXEC promises all or nothing): a violation;
 *   <li>a value twice in a list is a <b>duplicate</b>; a value no transaction wrote is a
 *       <b>phantom</b>; a value of a transaction that surely failed is <b>failed but applied</b>:
 *       violations;
 *   <li>an acknowledged EXEC whose value is absent is <b>lost</b>. Redis replicates asynchronously
 *       and documents that a failover may lose acknowledged writes, and that WAIT makes it only
 *       likelier (not guaranteed) that the promoted replica has the write: a loss without WAIT, or
 *       after WAIT acknowledged fewer replicas than the shard has, is Redis's documented weakness,
 *       counted and stated, not a violation. A write that WAIT said every replica of its shard had
 *       and that is lost is a violation: any replica promoted had it.
 *       Unless the nemesis restarted a killed primary empty before any failover (no replica took
 *       over within 20 s): then the harness erased the shard, and such a loss is unknown.
 * </ul>
 * Indeterminate transactions may be present or absent; how many were applied is counted.
 */
public final class DistributedCheck {
    private DistributedCheck() {}

    /**
     * The counts of one history, and up to 10 lines of evidence. {@code askRetried},
     * {@code movedRetried} and {@code tryAgainRetried} count the transactions that a slot migration
     * or a failover refused as a whole at least once with that redirection and that were sent again
     * ({@link Txn#retries}).
     */
    public record Outcome(int txns, int ok, int failed, int indeterminate, int waitAcked, int lostAcked, int lostWaitSome, int lostWaitAll,
                          int lostWaitAllUnknown,
                          int partial, int duplicates, int phantoms, int failedApplied, int indeterminateApplied,
                          int askRetried, int movedRetried, int tryAgainRetried, List<String> evidence) {
        /** Violations of what the deployment promised (exit 1). */
        public int violations() {
            return lostWaitAll + partial + duplicates + phantoms + failedApplied;
        }

        /** Whether the history has no verdict on WAIT: EXECs lost that WAIT said every replica had, after the harness wiped a primary. */
        public boolean unknown() {
            return lostWaitAllUnknown > 0;
        }
    }

    /** Checks a history whose primaries the harness never restarted empty. */
    public static Outcome check(List<Txn> txns, List<DistributedHistory.Read> reads, int replicasPerShard) {
        return check(txns, reads, replicasPerShard, false);
    }

    /**
     * Checks a history; {@code replicasPerShard}: how many replicas a WAIT must count for a loss to
     * be a violation; {@code primaryRestartedEmpty}: the nemesis restarted a killed primary empty
     * before any failover (the harness erased the shard), so an EXEC lost after WAIT counted every
     * replica is counted in {@code lostWaitAllUnknown} (unknown), not as a violation.
     */
    public static Outcome check(List<Txn> txns, List<DistributedHistory.Read> reads, int replicasPerShard, boolean primaryRestartedEmpty) {
        int lostWaitUnknown = 0;
        int ok = 0, failed = 0, info = 0, waitAcked = 0, lost = 0, lostWaitSome = 0, lostWait = 0, partial = 0, dups = 0, phantoms = 0, failedApplied = 0, infoApplied = 0;
        List<String> evidence = new ArrayList<>();
        Map<String, Txn> byValue = new HashMap<>();
        for (Txn t : txns) byValue.put(t.tag() + t.value(), t);
        Map<String, Set<String>> present = new HashMap<>(); // tag -> the values in either list (a set: histories hold 10^5 values)
        for (DistributedHistory.Read r : reads) {
            Set<String> inA = new HashSet<>(r.a()), inB = new HashSet<>(r.b());
            if (inA.size() != r.a().size() || inB.size() != r.b().size()) {
                dups++;
                evidence(evidence, "duplicate: a value appears twice in " + r.tag() + "a or " + r.tag() + "b");
            }
            Set<String> all = new HashSet<>(inA);
            all.addAll(inB);
            present.put(r.tag(), all);
            for (String v : all) {
                if (inA.contains(v) != inB.contains(v)) {
                    partial++;
                    evidence(evidence, "partial transaction: " + v + " is in " + r.tag() + (inA.contains(v) ? "a but not in b" : "b but not in a"));
                }
                if (!byValue.containsKey(r.tag() + v)) {
                    phantoms++;
                    evidence(evidence, "phantom: " + v + " in " + r.tag() + " was written by no transaction");
                }
            }
            if (r.counter() != inA.size() && inA.size() == r.a().size()) {
                partial++;
                evidence(evidence, "partial transaction: " + r.tag() + "n is " + r.counter() + " but " + r.tag() + "a holds " + inA.size() + " values");
            }
        }
        int ask = 0, moved = 0, tryAgain = 0;
        for (Txn t : txns) {
            if (t.retried("ASK")) ask++;
            if (t.retried("MOVED")) moved++;
            if (t.retried("TRYAGAIN")) tryAgain++;
            boolean found = present.getOrDefault(t.tag(), Set.of()).contains(t.value());
            switch (t.outcome()) {
                case OK -> {
                    ok++;
                    if (t.waitAcked()) waitAcked++;
                    if (!found && t.waitAcked() && t.waitAcks() >= replicasPerShard && primaryRestartedEmpty) {
                        lostWaitUnknown++;
                        evidence(evidence, "unknown: the nemesis restarted a primary empty before any failover: WAIT-acknowledged EXEC lost: "
                                + t.value() + " on " + t.tag() + " (not counted as a violation)");
                    } else if (!found && t.waitAcked() && t.waitAcks() >= replicasPerShard) {
                        lostWait++;
                        evidence(evidence, "WAIT-acknowledged EXEC lost: " + t.value() + " on " + t.tag() + " (WAIT counted " + t.waitAcks()
                                + " of " + replicasPerShard + " replicas; acknowledged at " + t.endMillis() + " ms)");
                    } else if (!found && t.waitAcked()) {
                        lostWaitSome++;
                    } else if (!found) {
                        lost++;
                    }
                }
                case FAIL -> {
                    failed++;
                    if (found) {
                        failedApplied++;
                        evidence(evidence, "failed but applied: " + t.value() + " on " + t.tag() + " (" + t.detail() + ")");
                    }
                }
                case INFO -> {
                    info++;
                    if (found) infoApplied++;
                }
            }
        }
        return new Outcome(txns.size(), ok, failed, info, waitAcked, lost, lostWaitSome, lostWait, lostWaitUnknown, partial, dups, phantoms, failedApplied, infoApplied,
                ask, moved, tryAgain, List.copyOf(evidence));
    }

    private static void evidence(List<String> evidence, String line) {
        if (evidence.size() < 10) evidence.add(line);
    }
}
