package dev.txnharness.properties.distributed;

/**
 * One transaction of the distributed workload: {@code MULTI; RPUSH {tag}a value; RPUSH {tag}b value;
 * INCR {tag}n; EXEC}, optionally followed by {@code WAIT 1 0}.
 *
 * @param outcome   OK (EXEC answered with the three replies: acknowledged), FAIL (surely not
 *                  applied: an error before or at EXEC, or the connection lost before EXEC was sent)
 *                  or INFO (EXEC was sent and its reply never came: indeterminate, maybe applied)
 * @param waitAcks  how many replicas WAIT answered have it (0 without WAIT, or when WAIT got no reply)
 * @param detail    the error or what was lost, for the report
 */
public record Txn(int client, String tag, String value, long startMillis, long endMillis, Outcome outcome, int waitAcks,
                  String detail) {

    /** WAIT answered that at least one replica has it. */
    public boolean waitAcked() {
        return waitAcks > 0;
    }

    /** How a transaction ended, as Jepsen's :ok, :fail and :info. */
    public enum Outcome { OK, FAIL, INFO }
}
