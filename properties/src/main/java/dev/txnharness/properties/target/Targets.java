package dev.txnharness.properties.target;

import java.time.Duration;
import java.util.Set;

/**
 * Makes a {@link Target} from its name, the one switch every suite reads:
 * {@code -Dharness.target=engine|resp|redis|redis-6.2|redis://host:port|jedis+redis://host:port}; a URL
 * may carry a user, a password and a database, and {@code rediss://} is TLS ({@link RedisUri}).
 */
public final class Targets {
    private Targets() {}

    /** The target names a suite can be given. */
    public static final String USAGE = "engine | resp | redis | redis-6.2 | redis[s]://[user:password@]host:port[/db] "
            + "| jedis+redis[s]://[user:password@]host:port[/db]";

    /** The target named by -Dharness.target (default: engine). */
    public static Target fromSystemProperty() {
        return of(System.getProperty("harness.target", "engine"));
    }

    /** The target for a name; a launched server is started here and stopped by close(). */
    public static Target of(String spec) {
        return of(spec, TlsOptions.DEFAULT);
    }

    /** {@link #of(String)}, with the TLS options a {@code rediss://} target uses. */
    public static Target of(String spec, TlsOptions tls) {
        String s = spec.trim();
        switch (s) {
            case "engine":
                return new EngineTarget();
            case "resp":
                return RespTarget.start(Set.of(), Duration.ofSeconds(10));
            case "redis":
            case "launch":
                return LaunchedRedisTarget.redis70();
            case "redis-6.2":
                return LaunchedRedisTarget.redis62();
            default:
        }
        boolean jedis = s.startsWith("jedis+");
        String url = jedis ? s.substring("jedis+".length()) : s;
        if (url.startsWith("redis://") || url.startsWith("rediss://")) {
            RedisUri u = RedisUri.parse(url);
            if (jedis && !jedisPresent()) {
                throw new IllegalArgumentException("the jedis+ target needs Jedis on the class path (redis.clients:jedis, "
                        + "an optional dependency of the harness): add it, or use " + RedisUri.redact(url) + " without jedis+");
            }
            return jedis ? new JedisTarget(u, tls, 10_000) : SocketTarget.of(u, tls, Duration.ofSeconds(10));
        }
        throw new IllegalArgumentException("unknown target '" + RedisUri.redact(spec) + "': use " + USAGE);
    }

    /** Jedis is optional: only the jedis+ target and the cluster targets (slot hashing) use it. */
    public static boolean jedisPresent() {
        try {
            Class.forName("redis.clients.jedis.Connection", false, Targets.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
