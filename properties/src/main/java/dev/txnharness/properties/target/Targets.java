package dev.txnharness.properties.target;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Makes a {@link Target} from its name, the one switch every suite reads:
 * {@code -Dharness.target=engine|resp|redis|redis-6.2|redis://host:port|jedis+redis://host:port}.
 */
public final class Targets {
    private Targets() {}

    /** The target names a suite can be given. */
    public static final String USAGE = "engine | resp | redis | redis-6.2 | redis://host:port | jedis+redis://host:port";

    /** The target named by -Dharness.target (default: engine). */
    public static Target fromSystemProperty() {
        return of(System.getProperty("harness.target", "engine"));
    }

    /** The target for a name; a launched server is started here and stopped by close(). */
    public static Target of(String spec) {
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
        if (s.startsWith("redis://") || s.startsWith("jedis+redis://")) {
            URI u = URI.create(s.startsWith("jedis+") ? s.substring("jedis+".length()) : s);
            if (u.getHost() == null) throw new IllegalArgumentException("no host in target '" + spec + "' (" + USAGE + ")");
            int port = u.getPort() < 0 ? 6379 : u.getPort();
            return s.startsWith("jedis+") ? new JedisTarget(u.getHost(), port, 10_000)
                    : new SocketTarget(s, u.getHost(), port, Duration.ofSeconds(10));
        }
        throw new IllegalArgumentException("unknown target '" + spec + "': use " + USAGE);
    }
}
