package dev.txnharness.properties.distributed;

import java.util.Locale;

/** The faults the nemesis can inject, in the order the harness implements them. */
public enum Fault {
    /** SIGKILL a primary; restart it on the same port once another node took its place (or after a while). */
    KILL,
    /** SIGSTOP a primary long enough for a failover, then SIGCONT. */
    PAUSE,
    /** A graceful failover: SENTINEL FAILOVER, or CLUSTER FAILOVER on a replica. */
    FAILOVER,
    /** Cut the clients off a primary at the loopback proxy they connect through, then heal. */
    PARTITION,
    /**
     * Moves the slots of some of the workload's hash tags to another primary during the history
     * with Redis Cluster's own protocol (CLUSTER SETSLOT IMPORTING/MIGRATING, MIGRATE in batches,
     * CLUSTER SETSLOT NODE): clients meet -ASK, -TRYAGAIN and -MOVED. A cluster only.
     */
    MIGRATE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fault named by a word of {@code --nemesis} (kill, pause, failover, partition, migrate). */
    public static Fault of(String word) {
        return valueOf(word.trim().toUpperCase(Locale.ROOT));
    }
}
