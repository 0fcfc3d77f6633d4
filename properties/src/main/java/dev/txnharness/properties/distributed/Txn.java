package dev.txnharness.properties.distributed;

import java.util.List;

/**
 * One transaction of the distributed workload: {@code MULTI; RPUSH {tag}a value; RPUSH {tag}b value;
 * INCR {tag}n; EXEC}, optionally followed by {@code WAIT 1 0}.
 *
 * @param outcome   OK (EXEC answered with the three replies: acknowledged), FAIL (surely not
 *                  applied: an error before or at EXEC, or the connection lost before EXEC was sent)
 *                  or INFO (EXEC was sent and its reply never came: indeterminate, maybe applied)
 * @param waitAcks  how many replicas WAIT answered have it (0 without WAIT, or when WAIT got no reply)
 * @param detail    the error or what was lost, for the report
 * @param retries   the earlier attempts of this transaction, oldest first, each refused as a whole
 *                  by a cluster redirection so that nothing of it ran (EXECABORT after a queued
 *                  command got -ASK or -MOVED, or EXEC answered -TRYAGAIN, -ASK or -MOVED); each line
 *                  starts with ASK, MOVED or TRYAGAIN. The outcome is the last attempt's.
 */
public record Txn(int client, String tag, String value, long startMillis, long endMillis, Outcome outcome, int waitAcks,
                  String detail, List<String> retries) {

    /** A transaction that ran in one attempt. */
    public Txn(int client, String tag, String value, long startMillis, long endMillis, Outcome outcome, int waitAcks, String detail) {
        this(client, tag, value, startMillis, endMillis, outcome, waitAcks, detail, List.of());
    }

    public Txn {
        retries = List.copyOf(retries);
    }

    /** Whether an earlier attempt was refused with {@code kind} (ASK, MOVED or TRYAGAIN). */
    public boolean retried(String kind) {
        for (String r : retries) if (r.startsWith(kind + ":")) return true;
        return false;
    }

    /** WAIT answered that at least one replica has it. */
    public boolean waitAcked() {
        return waitAcks > 0;
    }

    /** How a transaction ended, as Jepsen's :ok, :fail and :info. */
    public enum Outcome { OK, FAIL, INFO }
}
