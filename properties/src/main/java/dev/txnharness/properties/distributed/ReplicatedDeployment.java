package dev.txnharness.properties.distributed;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.SocketTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A primary with replicas and Sentinels watching it. Clients find the primary by asking a Sentinel
 * {@code SENTINEL GET-MASTER-ADDR-BY-NAME}, and ask again after any error; a demoted primary
 * answers writes with -READONLY, which aborts the transaction at queue time.
 */
public final class ReplicatedDeployment extends Deployment {
    static final String MASTER = "harness";
    private final List<String> sentinels = new ArrayList<>(); // host:port
    private final String masterName;
    private final int replicas;
    /** The primary as Sentinel names it, polled every 100 ms (as a client that follows +switch-master would learn it). */
    private volatile String currentPrimary;
    private Thread poller;

    private ReplicatedDeployment(String masterName, int replicas) {
        this.masterName = masterName;
        this.replicas = replicas;
    }

    /** Launches a primary, {@code replicas} replicas and {@code sentinels} Sentinels on loopback. */
    public static ReplicatedDeployment launch(int replicas, int sentinels) {
        ReplicatedDeployment d = new ReplicatedDeployment(MASTER, replicas);
        try {
            Node primary = Node.start("primary", false, List.of());
            d.nodes.add(primary);
            for (int i = 0; i < replicas; i++) {
                d.nodes.add(Node.start("replica", false, List.of("replicaof 127.0.0.1 " + primary.port())));
            }
            int quorum = sentinels / 2 + 1;
            for (int i = 0; i < sentinels; i++) {
                Node s = Node.start("sentinel", true, List.of(
                        "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " " + quorum,
                        "sentinel down-after-milliseconds " + MASTER + " 1000",
                        "sentinel failover-timeout " + MASTER + " 4000",
                        "sentinel parallel-syncs " + MASTER + " 1"));
                d.nodes.add(s);
                d.sentinels.add(s.address());
            }
            String wrong = d.awaitHealthy(Duration.ofSeconds(30));
            if (wrong != null) throw new IllegalStateException("the replicated deployment did not come up: " + wrong);
            d.startPoller();
            return d;
        } catch (RuntimeException e) {
            throw d.abort(e);
        }
    }

    /** An existing deployment: Sentinels at host:port,... watching {@code masterName}. */
    public static ReplicatedDeployment existing(List<String> sentinels, String masterName) {
        ReplicatedDeployment d = new ReplicatedDeployment(masterName, -1);
        d.sentinels.addAll(sentinels);
        d.startPoller();
        return d;
    }

    /**
     * Asks Sentinel for the primary every 100 ms, so that sessions move to a new primary soon after
     * a failover, as clients that subscribe to Sentinel's +switch-master do (Jedis's
     * JedisSentinelPool), instead of only after an error.
     */
    private void startPoller() {
        currentPrimary = primaryAddress();
        poller = new Thread(() -> {
            while (!closed()) {
                String p = primaryAddress();
                if (p != null) currentPrimary = p;
                try {
                    Thread.sleep(100); // a poll period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sentinel-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized void close() {
        super.close();
        if (poller != null) poller.interrupt();
    }

    @Override
    public int replicasPerShard() {
        if (replicas >= 0) return replicas;
        try (Connection c = connect()) {
            return Integer.parseInt("0" + Replies.field(Replies.text(c.call("INFO", "replication")), "connected_slaves"));
        } catch (IOException | NumberFormatException e) {
            return Integer.MAX_VALUE; // unknown: no WAIT count makes a loss a violation
        }
    }

    @Override
    public String kind() {
        return "replicated";
    }

    @Override
    public String name() {
        return launched() ? "launch:replicated" : "redis-sentinel://" + String.join(",", sentinels) + "/" + masterName;
    }

    @Override
    public String version() {
        return describe();
    }

    @Override
    public String describe() {
        if (!launched()) return "Sentinels " + sentinels + " watching '" + masterName + "'";
        return "redis-server " + nodes.get(0).info("server").lines().filter(l -> l.startsWith("redis_version:"))
                .findFirst().orElse("redis_version:?").substring(14) + ": 1 primary, " + replicas + " replicas, "
                + sentinels.size() + " Sentinels (quorum " + (sentinels.size() / 2 + 1) + ", down-after 1000 ms), async replication, no persistence";
    }

    /** The primary's host:port as the first Sentinel that answers says, or null. */
    String primaryAddress() {
        for (String s : sentinels) {
            String[] hp = s.split(":");
            try (Connection c = new SocketTarget(s, hp[0], Integer.parseInt(hp[1]), Duration.ofMillis(1000)).connect()) {
                List<String> a = Replies.strings(c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName));
                if (a.size() == 2) return a.get(0) + ":" + a.get(1);
            } catch (IOException e) {
                // try the next Sentinel
            }
        }
        return null;
    }

    @Override
    public Connection connect() throws IOException {
        String p = primaryAddress();
        if (p == null) throw new IOException("no Sentinel of " + sentinels + " names a primary for '" + masterName + "'");
        return open(p, Duration.ofSeconds(5));
    }

    @Override
    public Session session() {
        return new Session() {
            private Connection conn;
            private String at;

            @Override
            public Connection forKey(String key) throws IOException {
                String now = currentPrimary;
                if (conn != null && now != null && !now.equals(at)) broken(conn); // Sentinel switched the primary
                if (conn == null) {
                    String p = primaryAddress();
                    if (p == null) throw new IOException("no Sentinel names a primary");
                    currentPrimary = p;
                    conn = open(route(p), CLIENT_TIMEOUT);
                    at = p;
                }
                return conn;
            }

            @Override
            public void redirected(String movedError) {
                broken(conn);
            }

            @Override
            public void broken(Connection c) {
                if (conn != null) conn.close();
                conn = null;
            }

            @Override
            public void close() {
                broken(conn);
            }
        };
    }

    private List<Node> dataNodes() {
        return nodes.stream().filter(n -> !n.role().equals("sentinel")).toList();
    }

    private Node node(String address) {
        for (Node n : dataNodes()) if (n.address().equals(address)) return n;
        return null;
    }

    @Override
    public List<Node> primaries() {
        Node p = node(String.valueOf(primaryAddress()));
        return p == null ? List.of() : List.of(p);
    }

    @Override
    public String failover(Random random) throws IOException {
        String before = primaryAddress();
        String s = sentinels.get(random.nextInt(sentinels.size()));
        try (Connection c = open(s, Duration.ofSeconds(2))) {
            Reply r = c.call("SENTINEL", "FAILOVER", masterName);
            return "SENTINEL FAILOVER " + masterName + " via Sentinel " + s + " (primary was " + before + "): " + Replies.text(r)
                    + (r instanceof Reply.Err e ? e.message() : "");
        }
    }

    @Override
    public boolean awaitFailoverFrom(Node old, Duration limit) {
        return Waits.until(limit, () -> {
            String p = primaryAddress();
            return p != null && !p.equals(old.address()) && Replies.field(infoAt(p), "role").equals("master");
        });
    }

    private String infoAt(String address) {
        try (Connection c = open(address, Duration.ofMillis(1000))) {
            return Replies.text(c.call("INFO", "replication"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String replicaOfAfterKill(Node killed) {
        String p = primaryAddress();
        return p == null || p.equals(killed.address()) ? null : p.replace(':', ' ');
    }

    @Override
    protected String healthProblem() {
        String p = primaryAddress();
        if (p == null) return "no Sentinel names a primary";
        for (String s : sentinels) {
            try (Connection c = open(s, Duration.ofMillis(1000))) {
                List<String> a = Replies.strings(c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName));
                if (a.size() != 2 || !(a.get(0) + ":" + a.get(1)).equals(p)) return "Sentinel " + s + " names " + a + ", another names " + p;
            } catch (IOException e) {
                if (launched()) return "Sentinel " + s + " does not answer";
            }
        }
        String info = infoAt(p);
        if (!Replies.field(info, "role").equals("master")) return p + " is named primary but is " + Replies.field(info, "role");
        if (!launched()) return null;
        for (Node n : dataNodes()) {
            if (!n.isAlive() || n.isPaused()) return n + " is not running";
            if (n.address().equals(p)) continue;
            String ri = infoAt(n.address());
            if (!Replies.field(ri, "role").equals("slave")) return n + " is " + Replies.field(ri, "role") + ", not a replica of " + p;
            if (!(Replies.field(ri, "master_host") + ":" + Replies.field(ri, "master_port")).equals(p)) return n + " replicates another node";
            if (!Replies.field(ri, "master_link_status").equals("up")) return n + " has its link to " + p + " down";
        }
        if (Integer.parseInt("0" + Replies.field(info, "connected_slaves")) != replicas) return p + " has not all " + replicas + " replicas";
        for (String s : sentinels) {
            try (Connection c = open(s, Duration.ofMillis(1000))) {
                Reply r = c.call("SENTINEL", "CKQUORUM", masterName);
                if (r instanceof Reply.Err e) return "Sentinel " + s + ": " + e.message();
                if (Replies.items(c.call("SENTINEL", "REPLICAS", masterName)).size() < replicas) return "Sentinel " + s + " does not know every replica yet";
            } catch (IOException e) {
                return "Sentinel " + s + " does not answer";
            }
        }
        return null;
    }
}
