package dev.txnharness.engine.resp;

import dev.txnharness.engine.Clock;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.aof.Aof;
import dev.txnharness.engine.aof.AofConfig;
import dev.txnharness.engine.aof.AofLoadException;
import dev.txnharness.engine.aof.AofLoader;
import dev.txnharness.engine.aof.Fsync;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code ./harness serve [--port P] [--bind ADDR] [--appendonly yes|no] [--appendfsync always|everysec|no]
 * [--dir D] [--appendfilename F] [--aof-load-truncated yes|no]}: runs the reference engine as a Redis-compatible
 * server until the process is killed, so that redis-cli, redis-benchmark or any client can talk to
 * it. Wall clock, background cron (active expiry, blocking timeouts), 16 databases; defaults: port
 * 6379, address 127.0.0.1. Prints one line when listening:
 *
 * <pre>redis-txn-harness engine (Redis 7.0.15 semantics) listening on 127.0.0.1:6379</pre>
 *
 * <p>With {@code --appendonly yes} the engine keeps an append-only file ({@code D/F}, default
 * {@code ./appendonly.aof}) in Redis's format, loads it before listening, and appends every change
 * (docs/DURABILITY.md). The options have Redis's names and its default {@code appendfsync everysec};
 * unlike Redis, {@code aof-load-truncated} defaults to no: a torn tail is refused, naming the offset,
 * until the user says to cut it.
 *
 * <p>Exit codes: 2 for bad arguments, 1 if the address cannot be bound or the AOF cannot be loaded
 * (the message names the offset); otherwise it runs until killed, and a shutdown hook closes the
 * server and fsyncs the AOF.
 */
public final class ServeMain {
    /** The port it listens on without {@code --port}: Redis's. */
    public static final int DEFAULT_PORT = 6379;
    /** The options, as {@code --help} and {@code ./harness help serve} print them. */
    public static final String USAGE = "usage: harness serve [--port P] [--bind ADDR] [--appendonly yes|no] [AOF options]\n"
            + "  --port P                     port to listen on (default " + DEFAULT_PORT + "; 0 picks a free one)\n"
            + "  --bind ADDR                  address to listen on (default 127.0.0.1)\n"
            + "  --io-threads N               network threads (default 1, like Redis's one event loop)\n"
            + "  --appendonly yes|no          keep an append-only file, loaded on start (default no)\n"
            + "  --appendfsync always|everysec|no  when to fsync it (default everysec)\n"
            + "  --dir D                      its directory (default .)\n"
            + "  --appendfilename F           its name (default appendonly.aof)\n"
            + "  --aof-load-truncated yes|no  a file with a torn tail: no refuses it, naming the offset (default;\n"
            + "                               Redis's default is yes); yes cuts the tail, and any unfinished MULTI";

    /** The AOF options as given (defaults as in USAGE); {@link #aofConfig} says whether there is an AOF. */
    record AofOptions(boolean appendOnly, Fsync fsync, Path dir, String fileName, boolean loadTruncated) {
        static final AofOptions DEFAULTS = new AofOptions(false, Fsync.EVERYSEC, Path.of("."), AofConfig.DEFAULT_FILE_NAME, false);

        /** The AOF to keep, or null for {@code --appendonly no}. */
        AofConfig aofConfig() {
            return appendOnly ? new AofConfig(dir, fileName, fsync, loadTruncated) : null;
        }
    }

    private ServeMain() {}

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config;
        try {
            config = parse(args);
            if (config != null) parseAof(args);
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
        AofConfig aofConfig = parseAof(args).aofConfig();
        Engine engine = Engine.builder().clock(Clock.SYSTEM).build(); // the wall clock runs cron
        Aof aof = null;
        RespServer server;
        try {
            if (aofConfig != null) {
                aof = Aof.open(engine, aofConfig); // loads before any client can connect
                AofLoader.Loaded l = aof.loaded();
                System.out.println("aof: loaded " + aofConfig.file() + ": " + l.bytes() + " bytes, " + l.commands()
                        + " commands, " + l.transactions() + " transactions"
                        + (l.truncatedBytes() > 0 ? ", " + l.truncatedBytes() + " bytes of torn tail cut" : "")
                        + "; appendfsync " + aofConfig.fsync().redisName());
            }
            server = RespServer.start(engine, config);
        } catch (AofLoadException e) {
            engine.close();
            System.err.println("harness serve: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            if (aof != null) aof.close();
            engine.close();
            System.err.println("harness serve: " + e.getMessage());
            System.exit(1);
            return;
        }
        Aof openAof = aof;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (openAof != null) openAof.close();
            engine.close();
        }, "harness-serve-shutdown"));
        // SHUTDOWN: the JVM's exit runs the hook above (server, AOF, engine closed in that order)
        engine.onShutdown(() -> System.exit(0));
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
                case "--io-threads" -> {
                    String v = value != null ? value : valueOf(args, ++i, a);
                    try {
                        config = config.withIoThreads(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--io-threads needs a number (0 = default), got '" + v + "'");
                    }
                }
                case "--appendonly", "--appendfsync", "--dir", "--appendfilename", "--aof-load-truncated" -> {
                    if (value == null) valueOf(args, ++i, a); // read by parseAof
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return config;
    }

    /**
     * The AOF options in these arguments (others are skipped: {@link #parse} checks them). Throws
     * {@link IllegalArgumentException} with a message for the user on a bad value.
     */
    static AofOptions parseAof(String[] args) {
        AofOptions o = AofOptions.DEFAULTS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--port", "--bind", "--io-threads" -> {
                    if (value == null) i++;
                }
                case "--appendonly" -> o = new AofOptions(yesNo(a, value != null ? value : valueOf(args, ++i, a)),
                        o.fsync(), o.dir(), o.fileName(), o.loadTruncated());
                case "--appendfsync" -> o = new AofOptions(o.appendOnly(), Fsync.parse(value != null ? value : valueOf(args, ++i, a)),
                        o.dir(), o.fileName(), o.loadTruncated());
                case "--dir" -> o = new AofOptions(o.appendOnly(), o.fsync(), Path.of(value != null ? value : valueOf(args, ++i, a)),
                        o.fileName(), o.loadTruncated());
                case "--appendfilename" -> {
                    String f = value != null ? value : valueOf(args, ++i, a);
                    if (f.isBlank() || f.contains("/")) throw new IllegalArgumentException("--appendfilename must be a plain file name, got '" + f + "'");
                    o = new AofOptions(o.appendOnly(), o.fsync(), o.dir(), f, o.loadTruncated());
                }
                case "--aof-load-truncated" -> o = new AofOptions(o.appendOnly(), o.fsync(), o.dir(), o.fileName(),
                        yesNo(a, value != null ? value : valueOf(args, ++i, a)));
                default -> { } // parse() reports unknown options
            }
        }
        return o;
    }

    private static boolean yesNo(String option, String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException(option + " needs yes or no, got '" + v + "'");
        };
    }

    private static String valueOf(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
