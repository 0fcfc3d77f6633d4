package dev.txnharness.properties.scenario;

/**
 * The target redirected a command ({@code -MOVED} or {@code -ASK}): it is a Redis Cluster node, or
 * a proxy in front of one. The harness's scripts and workloads talk to one server, so nothing can be
 * checked on such a target; the run as a whole could not run, which says nothing about the server.
 */
public final class ClusterRedirectException extends IllegalStateException {
    public ClusterRedirectException(String message) {
        super(message);
    }
}
