package dev.txnharness.properties.durability;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients of a bank-transfer crash test did, and the check after each restart. A transfer
 * is acknowledged (its EXEC answered an array), maybe applied (its EXEC was sent, the answer never
 * came), or dead (maybe applied but absent after a restart: it must never appear later).
 */
final class Ledger {
    /** One transfer: {@code amount} from account {@code from} to {@code to}. */
    record Transfer(long id, int from, int to, long amount) {}

    /** What one check found. */
    record Check(int lost, int invented, int duplicated, boolean partial, long total, String detail) {
        boolean ok() {
            return lost == 0 && invented == 0 && duplicated == 0 && !partial;
        }
    }

    private final int accounts;
    private final long initial;
    final Map<Long, Transfer> attempted = new ConcurrentHashMap<>();
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final Set<Long> maybe = ConcurrentHashMap.newKeySet();
    private final Set<Long> dead = new HashSet<>();
    private final Set<Long> durable = new HashSet<>();

    Ledger(int accounts, long initial) {
        this.accounts = accounts;
        this.initial = initial;
    }

    long total() {
        return accounts * initial;
    }

    /**
     * Holds the restarted server's balances and transfer list against the ledger: the total is
     * unchanged, the balances are exactly the initial ones moved by the listed transfers (no half
     * transfer), every acknowledged transfer is listed (nothing lost), nothing is listed that was
     * never sent or was already found missing. Settles the maybe-applied ones either way.
     */
    Check check(long[] balances, List<Long> listed) {
        Set<Long> present = new HashSet<>();
        int duplicated = 0;
        long[] expected = new long[accounts];
        java.util.Arrays.fill(expected, initial);
        int invented = 0;
        for (long id : listed) {
            if (!present.add(id)) duplicated++;
            Transfer t = attempted.get(id);
            if (t == null || dead.contains(id)) {
                invented++;
                continue;
            }
            expected[t.from()] -= t.amount();
            expected[t.to()] += t.amount();
        }
        int lost = 0;
        StringBuilder detail = new StringBuilder();
        for (long id : acked) {
            if (!present.contains(id)) {
                lost++;
                if (lost <= 5) detail.append("acknowledged transfer ").append(attempted.get(id)).append(" is missing; ");
            }
        }
        for (long id : durable) {
            if (!present.contains(id)) {
                lost++;
                if (lost <= 5) detail.append("transfer ").append(id).append(", present after an earlier restart, is missing; ");
            }
        }
        long total = 0;
        for (long b : balances) total += b;
        boolean partial = total != total() || !java.util.Arrays.equals(balances, expected);
        if (partial) {
            detail.append("balances ").append(java.util.Arrays.toString(balances)).append(" (total ").append(total)
                    .append(") but the listed transfers give ").append(java.util.Arrays.toString(expected))
                    .append(" (total ").append(total()).append("): half a transfer was recovered; ");
        }
        for (long id : maybe) {
            if (present.contains(id)) durable.add(id);
            else dead.add(id);
        }
        durable.addAll(acked);
        acked.clear();
        maybe.clear();
        return new Check(lost, invented, duplicated, partial, total, detail.toString());
    }

    /** Acknowledged transfers so far, across restarts. */
    Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        m.put("durable", (long) durable.size());
        m.put("dead", (long) dead.size());
        return m;
    }
}
