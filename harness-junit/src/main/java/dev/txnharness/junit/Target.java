package dev.txnharness.junit;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.target.RedisUri;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link TransactionCheck} checks: the reference engine (in-process or over its RESP
 * server), a redis-server the harness launches, or any Redis-compatible server by URL. The same
 * words as {@code ./harness check --target}.
 *
 * <p>A password in a URL is used to connect and never written: {@link #toString()} and every report
 * show it as {@code ***}.
 */
public final class Target {
    private final String spec;
    private final Set<Fault> faults;

    private Target(String spec, Set<Fault> faults) {
        this.spec = spec;
        this.faults = faults;
    }

    /** The in-process reference engine (Redis 7.0 semantics), with the given deliberate bugs built in. */
    public static Target engine(Fault... faults) {
        return new Target("engine", faultSet(faults));
    }

    /** The reference engine behind its own RESP server on a free port, with the given deliberate bugs. */
    public static Target resp(Fault... faults) {
        return new Target("resp", faultSet(faults));
    }

    /**
     * A redis-server this starts on a free loopback port and stops afterwards: {@code -Dredis.server=PATH},
     * else {@code redis-server} on PATH, else the binary of {@code org.signal:embedded-redis} when that
     * artifact is on the test class path (it is optional); the check cannot run (exit 2) when none is there.
     */
    public static Target launch() {
        return new Target("launch", Set.of());
    }

    /**
     * A running server: {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}. The
     * check refuses a server that holds keys (it flushes what it writes).
     */
    public static Target redis(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL: " + RedisUri.redact(url));
        }
        return new Target(url, Set.of());
    }

    /**
     * A target by its {@code --target} word: {@code engine}, {@code resp}, {@code launch} (or {@code
     * redis}, as in {@code -Dharness.target}), {@code redis-6.2}, {@code redis://…}, {@code
     * jedis+redis://…} (needs Jedis on the class path).
     */
    public static Target of(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        if (s.isEmpty() || s.contains(",")) throw new IllegalArgumentException("one target, not '" + RedisUri.redact(spec) + "'");
        return new Target(s, Set.of());
    }

    /**
     * The targets named in a comma-separated list, as {@code -Dharness.target=engine,resp,redis}.
     */
    public static List<Target> list(String specs) {
        return Arrays.stream(specs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Target::of).toList();
    }

    /** The {@code --target} word (with a password, if the URL has one: do not print it; use {@link #toString()}). */
    String spec() {
        return spec;
    }

    /** The engine's deliberate bugs (empty for a real server). */
    public Set<Fault> faults() {
        return faults;
    }

    /** The target as the report names it, password redacted, faults in brackets. */
    @Override
    public String toString() {
        return RedisUri.redact(spec) + (faults.isEmpty() ? "" : faults.toString());
    }

    private static Set<Fault> faultSet(Fault... faults) {
        return faults.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(faults)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.spec.equals(spec) && t.faults.equals(faults);
    }

    @Override
    public int hashCode() {
        return spec.hashCode() * 31 + faults.hashCode();
    }
}
