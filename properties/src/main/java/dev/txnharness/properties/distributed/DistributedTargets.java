package dev.txnharness.properties.distributed;

import dev.txnharness.properties.target.Targets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of distributed targets: {@code launch:replicated?replicas=2&sentinels=3},
 * {@code launch:cluster?masters=3&replicas=1}, {@code redis-sentinel://host:port[,host:port]/mastername}
 * and {@code redis-cluster://host:port[,host:port]}.
 */
public final class DistributedTargets {
    public static final String USAGE = "launch:replicated[?replicas=2&sentinels=3] | launch:cluster[?masters=3&replicas=1] "
            + "| redis-sentinel://host:port[,host:port]/mastername | redis-cluster://host:port[,host:port]";

    private DistributedTargets() {}

    /** Whether {@code spec} names a distributed target. */
    public static boolean is(String spec) {
        String s = spec.trim();
        return s.startsWith("launch:replicated") || s.startsWith("launch:cluster") || s.startsWith("redis-sentinel://")
                || s.startsWith("redis-cluster://");
    }

    /** Launches or connects to the deployment {@code spec} names. */
    public static Deployment open(String spec) {
        String s = spec.trim();
        if (s.startsWith("launch:replicated")) {
            Map<String, Integer> p = params(s, "launch:replicated", Map.of("replicas", 2, "sentinels", 3));
            range("replicas", p.get("replicas"), 1, 5);
            range("sentinels", p.get("sentinels"), 1, 7);
            return ReplicatedDeployment.launch(p.get("replicas"), p.get("sentinels"));
        }
        if ((s.startsWith("launch:cluster") || s.startsWith("redis-cluster://")) && !Targets.jedisPresent()) {
            // ClusterDeployment.slot uses Jedis's JedisClusterCRC16; without Jedis it would fail later with NoClassDefFoundError
            throw new IllegalArgumentException("cluster targets need Jedis (redis.clients:jedis, an optional dependency of the harness) "
                    + "on the class path for slot hashing; add it");
        }
        if (s.startsWith("launch:cluster")) {
            Map<String, Integer> p = params(s, "launch:cluster", Map.of("masters", 3, "replicas", 1));
            range("masters", p.get("masters"), 3, 10);
            range("replicas", p.get("replicas"), 0, 3);
            return ClusterDeployment.launch(p.get("masters"), p.get("replicas"));
        }
        if (s.startsWith("redis-sentinel://")) {
            String rest = s.substring("redis-sentinel://".length());
            int slash = rest.indexOf('/');
            if (slash < 0 || slash == rest.length() - 1) throw new IllegalArgumentException("'" + s + "' names no master: use " + USAGE);
            return ReplicatedDeployment.existing(addresses(rest.substring(0, slash), s), rest.substring(slash + 1));
        }
        if (s.startsWith("redis-cluster://")) {
            return ClusterDeployment.existing(addresses(s.substring("redis-cluster://".length()).replaceAll("/$", ""), s));
        }
        throw new IllegalArgumentException("unknown distributed target '" + s + "': use " + USAGE);
    }

    private static List<String> addresses(String list, String spec) {
        List<String> a = Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        for (String x : a) {
            if (!x.matches("[^:@/]+:\\d{1,5}")) throw new IllegalArgumentException("'" + x + "' in '" + spec + "' is not host:port");
        }
        if (a.isEmpty()) throw new IllegalArgumentException("'" + spec + "' names no host:port");
        return a;
    }

    private static Map<String, Integer> params(String s, String prefix, Map<String, Integer> defaults) {
        Map<String, Integer> out = new HashMap<>(defaults);
        String rest = s.substring(prefix.length());
        if (rest.isEmpty()) return out;
        if (!rest.startsWith("?")) throw new IllegalArgumentException("unknown target '" + s + "': use " + USAGE);
        for (String kv : rest.substring(1).split("&")) {
            String[] f = kv.split("=", 2);
            if (f.length != 2 || !defaults.containsKey(f[0])) {
                throw new IllegalArgumentException("'" + kv + "' in '" + s + "': " + prefix + " takes " + defaults.keySet());
            }
            try {
                out.put(f[0], Integer.parseInt(f[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + kv + "' in '" + s + "' is not a number");
            }
        }
        return out;
    }

    private static void range(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) throw new IllegalArgumentException(name + "=" + v + " is out of range " + lo + ".." + hi);
    }
}
