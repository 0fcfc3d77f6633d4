package dev.txnharness.stress;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.Fault;
import dev.txnharness.engine.ManualClock;
import dev.txnharness.engine.protocol.Reply;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The engine a race test runs against: a fresh {@link Engine} on a {@link ManualClock}, with no
 * background cron and with the faults named by the {@code stress.fault} system property (or the
 * {@code STRESS_FAULT} environment variable), comma-separated, e.g. {@code
 * -Dstress.fault=WATCH_IGNORED}. Without either, the engine has no faults: that is the build's
 * short mode, where any FORBIDDEN outcome is a bug in the engine.
 *
 * <p>Each jcstress {@code @State} builds one of these in its constructor, so every trial starts
 * from an empty keyspace. Building one is cheap (no threads, no sockets).
 */
public final class StressEngine {
    /** The system property naming the faults to build in. */
    public static final String FAULT_PROPERTY = "stress.fault";
    /** The environment variable read when the property is absent. */
    public static final String FAULT_ENV = "STRESS_FAULT";

    private static final Set<Fault> FAULTS = parse(System.getProperty(FAULT_PROPERTY, System.getenv(FAULT_ENV)));

    /** The engine itself. */
    public final Engine engine;
    /** Its clock: only the test moves it. */
    public final ManualClock clock = new ManualClock();

    public StressEngine() {
        this.engine = Engine.builder().clock(clock).cronMillis(0).faults(FAULTS).build();
    }

    /** A new client connection. */
    public Client connect() {
        return engine.connect();
    }

    /** Runs a command and insists that it succeeds: for a state's setup, where an error is a bug in the test. */
    public static Reply must(Client c, String... args) {
        Reply r = c.call(args);
        if (r instanceof Reply.Err e) {
            throw new IllegalStateException(String.join(" ", args) + " -> -" + e.message());
        }
        return r;
    }

    static Set<Fault> parse(String spec) {
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        if (spec == null || spec.isBlank()) return faults;
        for (String name : spec.split(",")) {
            if (name.isBlank()) continue;
            try {
                faults.add(Fault.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + name.trim() + "' in -D" + FAULT_PROPERTY
                        + "; use one of " + EnumSet.allOf(Fault.class), e);
            }
        }
        return faults;
    }
}
