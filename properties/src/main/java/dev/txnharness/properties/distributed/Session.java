package dev.txnharness.properties.distributed;

import dev.txnharness.properties.target.Connection;
import java.io.IOException;

/**
 * One client's way to the node that serves a key: the primary Sentinel names, or the cluster node
 * that owns the key's slot. Connections are kept until {@link #broken} drops one (a lost reply, a
 * -READONLY from a demoted primary) or {@link #redirected} learns a slot moved.
 */
public interface Session extends AutoCloseable {
    /** A connection to the node that serves {@code key} (opened if needed). */
    Connection forKey(String key) throws IOException;

    /**
     * A connection to the node at host:port named by an -ASK redirection (a cluster only; the
     * node is reached as {@link #forKey}'s nodes are, through its proxy when proxied).
     */
    default Connection at(String address) throws IOException {
        throw new IOException("no node " + address + " in a deployment without slots");
    }

    /** A -MOVED slot addr: the slot is served elsewhere from now on. */
    void redirected(String movedError);

    /** Drops a connection that can no longer be trusted; the next {@link #forKey} finds the topology again. */
    void broken(Connection c);

    @Override
    void close();
}
