package dev.txnharness.engine.resp;

import dev.txnharness.engine.Clock;
import dev.txnharness.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code ./harness serve [--port P] [--bind ADDR]}: runs the reference engine as a Redis-compatible
 * server until the process is killed, so that redis-cli, redis-benchmark or any client can talk to
 * it. Wall clock, background cron (active expiry, blocking timeouts), 16 databases; defaults: port
 * 6379, address 127.0.0.1. Prints one line when listening:
 *
 * <pre>redis-txn-harness engine (Redis 7.0.15 semantics) listening on 127.0.0.1:6379</pre>
 *
 * <p>Exit codes: 2 for bad arguments, 1 if the address cannot be bound; otherwise it runs until
 * killed, and a shutdown hook closes the server.
 */
public final class ServeMain {
    static final int DEFAULT_PORT = 6379;
    static final String USAGE = "usage: harness serve [--port P] [--bind ADDR]\n"
            + "  --port P     port to listen on (default " + DEFAULT_PORT + "; 0 picks a free one)\n"
            + "  --bind ADDR  address to listen on (default 127.0.0.1)";

    private ServeMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("harness serve: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(USAGE);
            return;
        }
        Engine engine = Engine.builder().clock(Clock.SYSTEM).build(); // the wall clock runs cron
        RespServer server;
        try {
            server = RespServer.start(engine, config);
        } catch (IOException e) {
            engine.close();
            System.err.println("harness serve: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
        }, "harness-serve-shutdown"));
        announce(server, System.out);
        server.awaitClosed();
    }

    /** The line that says where the engine listens. */
    static void announce(RespServer server, PrintStream out) {
        out.println("redis-txn-harness engine (Redis " + Engine.REDIS_VERSION + " semantics) listening on "
                + server.config().bindAddress() + ":" + server.port());
        out.flush();
    }

    /**
     * The server configuration for these arguments, or null for {@code --help}. Throws {@link
     * IllegalArgumentException} with a message for the user on anything else it does not know.
     */
    static ServerConfig parse(String[] args) {
        ServerConfig config = ServerConfig.defaults().withPort(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) { // --port=7000 as well as --port 7000
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--port" -> {
                    String v = value != null ? value : valueOf(args, ++i, a);
                    try {
                        config = config.withPort(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number from 0 to 65535, got '" + v + "'");
                    }
                }
                case "--bind" -> config = config.withBindAddress(value != null ? value : valueOf(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return config;
    }

    private static String valueOf(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
