package dev.txnharness.properties.distributed;

import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.SocketTarget;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Redis deployment of several processes that a client reaches through its topology: a primary
 * with replicas behind Sentinel ({@link ReplicatedDeployment}) or a Redis Cluster ({@link
 * ClusterDeployment}). Either launched here from the real redis-server binary (the harness then owns
 * every process, can fault them, and stops them all on {@link #close}) or an existing one, which
 * the harness only talks to.
 */
public abstract class Deployment implements Target {
    /** Socket timeout of a workload client: an op whose reply takes longer is indeterminate. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1500);

    protected final List<Node> nodes = new ArrayList<>();
    private final java.util.Map<String, LoopbackProxy> proxies = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean proxied;
    private volatile boolean closed;

    /** "replicated" or "cluster". */
    public abstract String kind();

    /** The processes the harness launched (empty for an existing deployment). */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public boolean launched() {
        return !nodes.isEmpty();
    }

    /**
     * From now on clients reach the launched nodes through a {@link LoopbackProxy} each, which
     * {@link #cut} and {@link #heal} control (the partition fault).
     */
    public void useProxies() {
        if (!launched()) throw new IllegalStateException("partitions need a deployment the harness launched");
        proxied = true;
    }

    /** The address a client connects to for the node at {@code address}: its proxy when proxied. */
    protected String route(String address) throws IOException {
        if (!proxied) return address;
        Node n = null;
        for (Node x : nodes) if (x.address().equals(address)) n = x;
        if (n == null) return address;
        int port = n.port();
        try {
            return proxies.computeIfAbsent(address, a -> {
                try {
                    return new LoopbackProxy(port);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).address();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Cuts the clients off {@code n} at its proxy. */
    public void cut(Node n) throws IOException {
        route(n.address());
        proxies.get(n.address()).cut();
    }

    /** Heals the cut of {@link #cut}. */
    public void heal(Node n) {
        LoopbackProxy p = proxies.get(n.address());
        if (p != null) p.heal();
    }

    /** A new client session. */
    public abstract Session session();

    /** The data nodes that are primaries now (launched deployments). */
    public abstract List<Node> primaries();

    /** Asks for a failover of a primary chosen with {@code random}; returns what was done, for the fault log. */
    public abstract String failover(Random random) throws IOException;

    /** Waits until a primary other than {@code old} serves what {@code old} served; false at the deadline. */
    public abstract boolean awaitFailoverFrom(Node old, Duration limit);

    /**
     * Moves {@code slot} to another primary with the cluster's migration protocol and returns what
     * was done, for the fault log; a cluster only.
     */
    public String migrate(int slot, Random random, java.util.function.Consumer<String> step, Runnable between) throws IOException {
        throw new UnsupportedOperationException("slot migration needs a Redis Cluster, not a " + kind() + " deployment");
    }

    /** The node to restart a killed primary as a replica of (null: restart it as it was). */
    public abstract String replicaOfAfterKill(Node killed);

    /**
     * Waits until the deployment is whole again (every launched node up and in its place, one
     * primary per shard, replicas linked); returns null when it is, else what is still wrong.
     */
    public String awaitHealthy(Duration limit) {
        String[] wrong = {"?"};
        boolean ok = Waits.until(limit, () -> {
            wrong[0] = healthProblem();
            return wrong[0] == null;
        });
        return ok ? null : wrong[0];
    }

    /** What keeps the deployment from being whole now, or null. */
    protected abstract String healthProblem();

    /** A connection to a node at host:port. */
    protected static Connection open(String address, Duration timeout) throws IOException {
        int i = address.lastIndexOf(':');
        return new SocketTarget(address, address.substring(0, i), Integer.parseInt(address.substring(i + 1)), timeout).connect();
    }

    /** How many replicas each primary has (a WAIT that counts them all makes a loss a violation). */
    public abstract int replicasPerShard();

    /** One line saying what was deployed. */
    public abstract String describe();

    /** Whether a MULTI that mixes slots can be probed (a cluster). */
    public boolean hasSlots() {
        return false;
    }

    @Override
    public String redisVersion() {
        return "7.0";
    }

    public boolean closed() {
        return closed;
    }

    /** Stops every launched process by its PID and removes its directory. */
    @Override
    public synchronized void close() {
        closed = true;
        proxies.values().forEach(LoopbackProxy::close);
        for (Node n : nodes) n.signalKill(); // all at once first: the JVM may be exiting
        for (Node n : nodes) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // the others must still stop
            }
        }
    }

    /** Closes everything started so far when a launch fails half-way, and rethrows. */
    protected RuntimeException abort(RuntimeException e) {
        close();
        return e;
    }
}
