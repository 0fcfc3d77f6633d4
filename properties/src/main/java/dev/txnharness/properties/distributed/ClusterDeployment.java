package dev.txnharness.properties.distributed;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.SocketTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster. Clients route each key to the node that owns its slot (CRC16 of the key, or of
 * its {@code {hash tag}}; Jedis's {@link JedisClusterCRC16}, the same function Redis uses), learn
 * the slot map from {@code CLUSTER SLOTS} and follow {@code -MOVED}. A launched cluster is created
 * with {@code redis-cli --cluster create}; it is ready when every node says {@code cluster_state:ok}.
 */
public final class ClusterDeployment extends Deployment {
    public static final int SLOTS = 16384;
    private final List<String> seeds = new ArrayList<>();
    private final int masters, replicas;
    private volatile String[] owner = new String[SLOTS]; // slot -> host:port of its primary

    private ClusterDeployment(int masters, int replicas) {
        this.masters = masters;
        this.replicas = replicas;
    }

    /** The slot of a key, as Redis computes it. */
    public static int slot(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** Launches {@code masters} primaries with {@code replicas} replicas each on loopback. */
    public static ClusterDeployment launch(int masters, int replicas) {
        if (masters < 3) throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters (masters=" + masters + ")");
        ClusterDeployment d = new ClusterDeployment(masters, replicas);
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                d.nodes.add(Node.start("cluster-node", false, List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
                        "cluster-node-timeout 2000", "cluster-replica-validity-factor 0", "cluster-require-full-coverage no",
                        "cluster-allow-reads-when-down no")));
            }
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (Node n : d.nodes) cmd.add(n.address());
            cmd.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            // its output goes to a file so that the 60 s limit holds even when redis-cli hangs with its pipe open
            java.nio.file.Path log = d.nodes.get(0).dir().resolve("cluster-create.log");
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not run redis-cli (apt-get install redis-tools): " + e.getMessage(), e);
            }
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create " + (ended ? "failed (exit " + p.exitValue() + ")" : "did not end within 60 s (killed)")
                        + "; the end of its output:\n" + tail(log));
            }
            for (Node n : d.nodes) d.seeds.add(n.address());
            String wrong = d.awaitHealthy(Duration.ofSeconds(60));
            if (wrong != null) throw new IllegalStateException("the cluster did not come up: " + wrong);
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw d.abort(new IllegalStateException("interrupted"));
        } catch (RuntimeException e) {
            throw d.abort(e);
        }
    }

    /** The last 2,000 characters of a file, or why it cannot be read. */
    private static String tail(java.nio.file.Path file) {
        try {
            String all = java.nio.file.Files.readString(file);
            return all.length() <= 2000 ? all : "..." + all.substring(all.length() - 2000);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** An existing cluster reached through seed nodes host:port,... */
    public static ClusterDeployment existing(List<String> seeds) {
        ClusterDeployment d = new ClusterDeployment(-1, -1);
        d.seeds.addAll(seeds);
        d.refreshSlots();
        return d;
    }

    @Override
    public int replicasPerShard() {
        if (replicas >= 0) return replicas;
        int min = Integer.MAX_VALUE;
        for (String a : seeds) {
            try (Connection c = open(a, Duration.ofMillis(1000))) {
                for (Reply range : Replies.items(c.call("CLUSTER", "SLOTS"))) min = Math.min(min, Replies.items(range).size() - 3);
                return min;
            } catch (IOException e) {
                // the next seed
            }
        }
        return min;
    }

    @Override
    public String kind() {
        return "cluster";
    }

    @Override
    public boolean hasSlots() {
        return true;
    }

    @Override
    public String name() {
        return launched() ? "launch:cluster" : "redis-cluster://" + String.join(",", seeds);
    }

    @Override
    public String version() {
        return describe();
    }

    @Override
    public String describe() {
        if (!launched()) return "Redis Cluster at " + seeds;
        return "redis-server " + Replies.field(nodes.get(0).info("server"), "redis_version") + ": Redis Cluster of " + masters
                + " primaries with " + replicas + " replica(s) each (cluster-node-timeout 2000 ms), async replication, no persistence";
    }

    private List<String> addresses() {
        if (!launched()) return seeds;
        List<String> a = new ArrayList<>();
        for (Node n : nodes) if (n.isAlive() && !n.isPaused()) a.add(n.address());
        return a;
    }

    /** The slot map from CLUSTER SLOTS of the first node that answers: slot -> host:port, or null. */
    private String[] slotsFrom(String address) {
        try (Connection c = open(address, Duration.ofMillis(1000))) {
            Reply r = c.call("CLUSTER", "SLOTS");
            if (r instanceof Reply.Err) return null;
            String[] map = new String[SLOTS];
            for (Reply range : Replies.items(r)) {
                List<Reply> f = Replies.items(range);
                int from = (int) ((Reply.Int) f.get(0)).value(), to = (int) ((Reply.Int) f.get(1)).value();
                List<Reply> master = Replies.items(f.get(2));
                String host = Replies.text(master.get(0));
                String addr = (host.isEmpty() ? "127.0.0.1" : host) + ":" + ((Reply.Int) master.get(1)).value();
                for (int s = from; s <= to; s++) map[s] = addr;
            }
            return map;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void refreshSlots() {
        for (String a : addresses()) {
            String[] m = slotsFrom(a);
            if (m != null) {
                owner = m;
                return;
            }
        }
    }

    @Override
    public Connection connect() throws IOException {
        if (owner[0] == null) refreshSlots();
        if (owner[0] == null) throw new IOException("no node of " + seeds + " answers CLUSTER SLOTS");
        return open(owner[0], Duration.ofSeconds(5));
    }

    @Override
    public Session session() {
        return new Session() {
            private final Map<String, Connection> conns = new HashMap<>();

            @Override
            public Connection forKey(String key) throws IOException {
                String addr = owner[slot(key)];
                if (addr == null) {
                    refreshSlots();
                    addr = owner[slot(key)];
                    if (addr == null) throw new IOException("no node serves slot " + slot(key));
                }
                return at(addr);
            }

            @Override
            public Connection at(String addr) throws IOException {
                Connection c = conns.get(addr);
                if (c == null) {
                    c = open(route(addr), CLIENT_TIMEOUT);
                    conns.put(addr, c);
                }
                return c;
            }

            @Override
            public void redirected(String movedError) {
                String[] f = movedError.split(" "); // MOVED 3999 127.0.0.1:6381
                if (f.length == 3 && f[0].equals("MOVED")) {
                    String[] m = owner.clone();
                    m[Integer.parseInt(f[1])] = f[2];
                    owner = m;
                }
                refreshSlots();
            }

            @Override
            public void broken(Connection c) {
                conns.values().removeIf(x -> x == c);
                if (c != null) c.close();
                refreshSlots();
            }

            @Override
            public void close() {
                for (Connection c : conns.values()) c.close();
                conns.clear();
            }
        };
    }

    private Node node(String address) {
        for (Node n : nodes) if (n.address().equals(address)) return n;
        return null;
    }

    @Override
    public List<Node> primaries() {
        refreshSlots();
        TreeSet<String> addrs = new TreeSet<>();
        for (String a : owner) if (a != null) addrs.add(a);
        List<Node> out = new ArrayList<>();
        for (String a : addrs) {
            Node n = node(a);
            if (n != null) out.add(n);
        }
        return out;
    }

    @Override
    public String failover(Random random) throws IOException {
        List<Node> ps = primaries();
        if (ps.isEmpty()) return "no primary to fail over";
        Node p = ps.get(random.nextInt(ps.size()));
        String replica = null;
        try (Connection c = open(p.address(), Duration.ofSeconds(2))) {
            for (Reply r : Replies.items(c.call("CLUSTER", "REPLICAS", myId(c)))) {
                String[] f = Replies.text(r).trim().split(" "); // <id> <ip:port@cport> <flags> <master> ...
                if (replica == null && f.length > 2 && !f[2].contains("fail")) replica = f[1].substring(0, f[1].indexOf('@'));
            }
        }
        if (replica == null) return "no replica of " + p.address() + " to fail over to (masters have " + replicas + " replicas)";
        try (Connection c = open(replica, Duration.ofSeconds(2))) {
            Reply r = c.call("CLUSTER", "FAILOVER");
            return "CLUSTER FAILOVER on replica " + replica + " of primary " + p.address() + ": "
                    + (r instanceof Reply.Err e ? e.message() : Replies.text(r));
        }
    }

    /** Keys per MIGRATE: 2, so that the three keys of a workload tag move in two batches and a transaction meets them split. */
    static final int MIGRATE_BATCH = 2;

    /**
     * Moves {@code slot} from its primary to another one chosen with {@code random}, as
     * {@code redis-cli --cluster reshard} does: CLUSTER SETSLOT IMPORTING on the target, MIGRATING
     * on the source, MIGRATE of the keys CLUSTER GETKEYSINSLOT lists in batches of {@link
     * #MIGRATE_BATCH}, then CLUSTER SETSLOT NODE on the target, the source and every other
     * primary. {@code step} hears when the slot starts migrating; {@code between} runs after that
     * and after each batch (the nemesis's schedule keeps the slot migrating a while). The clients'
     * slot map is left as it was: they learn the move from -ASK and -MOVED.
     */
    @Override
    public String migrate(int slot, Random random, java.util.function.Consumer<String> step, Runnable between) throws IOException {
        refreshSlots();
        String from = owner[slot];
        List<String> others = new ArrayList<>();
        for (Node n : primaries()) if (!n.address().equals(from)) others.add(n.address());
        if (from == null || others.isEmpty()) return "no other primary to move slot " + slot + " to";
        String to = others.get(random.nextInt(others.size()));
        String s = Integer.toString(slot);
        try (Connection src = open(from, Duration.ofSeconds(10)); Connection dst = open(to, Duration.ofSeconds(10))) {
            String fromId = myId(src), toId = myId(dst);
            ok(dst, "CLUSTER", "SETSLOT", s, "IMPORTING", fromId);
            ok(src, "CLUSTER", "SETSLOT", s, "MIGRATING", toId);
            step.accept("slot " + slot + " MIGRATING on " + from + ", IMPORTING on " + to);
            between.run();
            int keys = 0, batches = 0;
            int colon = to.lastIndexOf(':');
            while (true) {
                List<String> batch = Replies.strings(src.call("CLUSTER", "GETKEYSINSLOT", s, Integer.toString(MIGRATE_BATCH)));
                if (batch.isEmpty()) break;
                List<String> cmd = new ArrayList<>(List.of("MIGRATE", to.substring(0, colon), to.substring(colon + 1), "", "0", "5000", "KEYS"));
                cmd.addAll(batch);
                ok(src, cmd.toArray(String[]::new));
                keys += batch.size();
                batches++;
                between.run();
            }
            ok(dst, "CLUSTER", "SETSLOT", s, "NODE", toId);
            ok(src, "CLUSTER", "SETSLOT", s, "NODE", toId);
            for (String other : others) {
                if (other.equals(to)) continue;
                try (Connection o = open(other, Duration.ofSeconds(10))) {
                    ok(o, "CLUSTER", "SETSLOT", s, "NODE", toId);
                }
            }
            return "slot " + slot + " moved from " + from + " to " + to + ": " + keys + " keys in " + batches + " MIGRATE batch(es) of at most "
                    + MIGRATE_BATCH + ", then CLUSTER SETSLOT " + slot + " NODE on every primary";
        }
    }

    /** Sends an admin command of the migration; an error reply stops the nemesis (the run cannot go on as planned). */
    private static void ok(Connection c, String... cmd) throws IOException {
        Reply r = c.call(cmd);
        if (r instanceof Reply.Err e) throw new IOException(String.join(" ", cmd) + ": -" + e.message());
    }

    private static String myId(Connection c) throws IOException {
        return Replies.text(c.call("CLUSTER", "MYID"));
    }

    @Override
    public boolean awaitFailoverFrom(Node old, Duration limit) {
        return Waits.until(limit, () -> {
            for (String a : addresses()) {
                if (a.equals(old.address())) continue;
                String[] m = slotsFrom(a);
                if (m == null) continue;
                for (String s : m) if (old.address().equals(s)) return false;
                return true;
            }
            return false;
        });
    }

    @Override
    public String replicaOfAfterKill(Node killed) {
        return null; // its nodes.conf makes it rejoin; the cluster makes it a replica if it was failed over
    }

    @Override
    protected String healthProblem() {
        String[] first = null;
        for (String a : launched() ? allAddresses() : seeds) {
            Node n = node(a);
            if (n != null && (!n.isAlive() || n.isPaused())) return n + " is not running";
            try (Connection c = open(a, Duration.ofMillis(1000))) {
                String info = Replies.text(c.call("CLUSTER", "INFO"));
                if (!Replies.field(info, "cluster_state").equals("ok")) return a + " says cluster_state:" + Replies.field(info, "cluster_state");
                if (launched() && !Replies.field(info, "cluster_known_nodes").equals(Integer.toString(nodes.size()))) {
                    return a + " knows " + Replies.field(info, "cluster_known_nodes") + " nodes";
                }
                String role = Replies.text(c.call("INFO", "replication"));
                if (Replies.field(role, "role").equals("slave") && !Replies.field(role, "master_link_status").equals("up")) {
                    return a + " has its link to its primary down";
                }
                String nodesText = Replies.text(c.call("CLUSTER", "NODES"));
                if (nodesText.contains("fail") || nodesText.contains("handshake")) return a + " still flags a node as failing";
            } catch (IOException e) {
                return a + " does not answer: " + e.getMessage();
            }
            String[] m = slotsFrom(a);
            if (m == null) return a + " does not answer CLUSTER SLOTS";
            for (int s = 0; s < SLOTS; s++) if (m[s] == null) return a + " has slot " + s + " unserved";
            if (first == null) first = m;
            else if (!java.util.Arrays.equals(first, m)) return "the nodes do not agree on the slot map yet";
        }
        owner = first;
        return null;
    }

    private List<String> allAddresses() {
        List<String> a = new ArrayList<>();
        for (Node n : nodes) a.add(n.address());
        return a;
    }
}
