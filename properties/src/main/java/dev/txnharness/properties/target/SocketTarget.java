package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any server that speaks RESP at host:port, reached with the harness's own RESP client so that
 * every reply is decoded exactly as sent (a simple string is not confused with a bulk string).
 * Base of the RESP, launched-Redis and {@code redis://} targets.
 *
 * <p>A {@code redis://} or {@code rediss://} target ({@link #of(RedisUri, TlsOptions, Duration)})
 * prepares every connection it opens — scenario clients, workload clients, observers, probes —
 * the same way: TLS when asked, then {@code AUTH [user] password} when the URL has a password, then
 * {@code SELECT db} when it names a database other than 0. A refused AUTH or SELECT is a {@link
 * TargetRefusedException}. The target's name is the URL with its password masked.
 */
public class SocketTarget implements Target {
    private final String name;
    private final InetSocketAddress address;
    private final Duration timeout;
    private final RedisUri uri; // null: a server the harness started (no AUTH, no TLS, db 0)
    private final TlsOptions tls;
    private final Map<String, String> savedConfig = new LinkedHashMap<>();
    private volatile boolean flushOnClose;
    private Thread restoreOnExit; // puts the CONFIG back if the JVM ends (SIGTERM, ^C) before close()
    private volatile String version;
    private volatile String redisVersion;

    public SocketTarget(String name, String host, int port, Duration timeout) {
        this(name, host, port, timeout, null, TlsOptions.DEFAULT);
    }

    SocketTarget(String name, String host, int port, Duration timeout, RedisUri uri, TlsOptions tls) {
        this.name = RedisUri.redact(name);
        this.address = new InetSocketAddress(host, port);
        this.timeout = timeout;
        this.uri = uri;
        this.tls = tls;
    }

    /** The server at a {@code redis://} or {@code rediss://} URL; named by the URL without its password. */
    public static SocketTarget of(RedisUri uri, TlsOptions tls, Duration timeout) {
        return new SocketTarget(uri.redacted(), uri.host(), uri.port(), timeout, uri, tls);
    }

    @Override
    public int db() {
        return uri() == null ? 0 : uri().db(); // uri(): the Jedis target keeps its own
    }

    /** The URL this target was made from (null for servers the harness started). */
    public RedisUri uri() {
        return uri;
    }

    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        if (version == null) probeVersion();
        return version;
    }

    @Override
    public String redisVersion() {
        if (redisVersion == null) probeVersion();
        return redisVersion;
    }

    /** Asks INFO server for redis_version. */
    private void probeVersion() {
        String v = "unknown";
        try (Connection c = connect()) {
            Reply r = c.call("INFO", "server");
            String text = r instanceof Reply.Bulk b ? b.utf8()
                    : r instanceof Reply.Verbatim vb ? new String(vb.value(), java.nio.charset.StandardCharsets.UTF_8) : "";
            for (String line : text.split("\r\n")) {
                if (line.startsWith("redis_version:")) v = line.substring("redis_version:".length()).trim();
            }
        } catch (IOException e) {
            v = "unreachable (" + e.getMessage() + ")";
        }
        version = "redis_version " + v + " at " + address.getHostString() + ":" + address.getPort();
        String[] parts = v.split("\\.");
        redisVersion = parts.length >= 2 ? parts[0] + "." + parts[1] : v;
    }

    @Override
    public Connection connect() throws IOException {
        if (uri == null) return new SocketConnection(RespClient.connect(address, timeout).readTimeout(timeout), null);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            if (uri.tls()) socket = handshake(socket);
            RespClient client = RespClient.over(socket);
            login(client);
            return new SocketConnection(client, uri.password() == null ? null : this::authenticate);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket handshake(Socket plain) throws IOException {
        try {
            return tls.wrap(plain, uri.host(), uri.port());
        } catch (javax.net.ssl.SSLException e) {
            throw tls.handshakeFailed(uri.hostPort(), e);
        }
    }

    /** AUTH and SELECT as the URL says, on a fresh connection. */
    private void login(RespClient client) throws IOException {
        authenticate(client);
        if (uri.db() != 0) {
            Reply r = client.call("SELECT", Integer.toString(uri.db()));
            if (r instanceof Reply.Err e) {
                throw new TargetRefusedException(uri.hostPort() + " refused SELECT " + uri.db() + ": " + e.message());
            }
        }
    }

    private void authenticate(RespClient client) throws IOException {
        if (uri.password() != null) {
            Reply r = uri.user() == null ? client.call("AUTH", uri.password()) : client.call("AUTH", uri.user(), uri.password());
            if (r instanceof Reply.Err e) {
                throw new TargetRefusedException(uri.hostPort() + " refused AUTH" + (uri.user() == null ? "" : " as " + uri.user())
                        + ": " + e.message() + " (check the user and password in the target URL)");
            }
        }
    }

    /**
     * Reads the current value of each CONFIG parameter (CONFIG GET) so that {@link #close} sets it
     * back: the scenarios change some (CONFIG SET maxmemory) on a server that is not the harness's.
     * A server that refuses CONFIG GET (a managed Redis) will refuse the CONFIG SET too, so nothing
     * is remembered then.
     */
    public void rememberConfig(Collection<String> params) throws IOException {
        if (params.isEmpty()) return;
        try (Connection c = connect()) {
            for (String p : params) {
                Reply r = c.call("CONFIG", "GET", p);
                List<Reply> kv = r instanceof Reply.Array a ? a.items() : r instanceof Reply.MapReply m ? m.keysAndValues() : List.of();
                if (kv.size() == 2 && kv.get(1) instanceof Reply.Bulk v) {
                    synchronized (savedConfig) {
                        savedConfig.putIfAbsent(p, v.utf8());
                    }
                }
            }
        }
        synchronized (savedConfig) {
            if (!savedConfig.isEmpty() && restoreOnExit == null) {
                restoreOnExit = new Thread(this::close, "harness-restore-config");
                Runtime.getRuntime().addShutdownHook(restoreOnExit);
            }
        }
    }

    /**
     * Sets every remembered CONFIG parameter back (CONFIG SET) and forgets it; returns what could
     * not be set back, as "CONFIG SET name value" lines for the user to run.
     */
    public List<String> restoreConfig() {
        synchronized (savedConfig) { // close() and the shutdown hook may race at exit
            return restoreConfigLocked();
        }
    }

    private List<String> restoreConfigLocked() {
        if (savedConfig.isEmpty()) return List.of();
        List<String> failed = new ArrayList<>();
        try (Connection c = connect()) {
            for (Map.Entry<String, String> e : savedConfig.entrySet()) {
                Reply r = c.call("CONFIG", "SET", e.getKey(), e.getValue());
                if (r instanceof Reply.Err err) failed.add("CONFIG SET " + e.getKey() + " " + e.getValue() + " (" + err.message() + ")");
            }
        } catch (IOException ex) {
            for (Map.Entry<String, String> e : savedConfig.entrySet()) {
                failed.add("CONFIG SET " + e.getKey() + " " + e.getValue() + " (" + ex.getMessage() + ")");
            }
        }
        savedConfig.clear();
        return failed;
    }

    /**
     * Makes {@link #close} FLUSHALL the server, so that a server the harness found empty (or was
     * allowed to erase) is left empty rather than holding the checks' keys, and the next run finds
     * it empty again.
     */
    public void flushOnClose() {
        flushOnClose = true;
    }

    /**
     * Sets the remembered CONFIG back (and FLUSHALLs if {@link #flushOnClose}); says on stderr what
     * it could not do (the server may be gone). A shutdown hook does the same if the JVM ends first
     * (SIGTERM, Ctrl-C), so a killed run does not leave the server with the scenarios' settings.
     */
    @Override
    public void close() {
        Thread hook;
        synchronized (savedConfig) {
            hook = restoreOnExit;
            restoreOnExit = null;
        }
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down: the hook runs (or ran) this same close
            }
        }
        for (String f : restoreConfig()) {
            System.err.println("harness: could not restore the configuration of " + name + "; run: " + f);
        }
        if (!flushOnClose) return;
        flushOnClose = false;
        try (Connection c = connect()) {
            c.call("FLUSHALL");
        } catch (IOException e) {
            System.err.println("harness: could not FLUSHALL " + name + " after the checks: " + e.getMessage());
        }
    }

    /** AUTH again on a connection (after RESET, which logs the connection out). */
    @FunctionalInterface
    interface Relogin {
        void authenticate(RespClient client) throws IOException;
    }

    /**
     * One socket; an I/O failure or timeout makes the outcome indeterminate. RESET logs a connection
     * out as well as resetting it, so on a server with a password the connection authenticates
     * again right after RESET's reply (not SELECT: RESET's db 0 is part of what the scenarios check).
     */
    static final class SocketConnection implements Connection {
        private final RespClient client;
        private final Relogin relogin; // null: no password

        SocketConnection(RespClient client, Relogin relogin) {
            this.client = client;
            this.relogin = relogin;
        }

        @Override
        public void send(byte[]... argv) throws IndeterminateException {
            try {
                client.send(argv);
                client.flush();
            } catch (IOException e) {
                throw new IndeterminateException("could not send: " + e.getMessage(), e);
            }
        }

        @Override
        public Reply receive() throws IndeterminateException {
            try {
                Reply r = client.read();
                if (relogin != null && r instanceof Reply.Simple sr && sr.value().equals("RESET")) relogin.authenticate(client);
                return r;
            } catch (SocketTimeoutException e) {
                throw new IndeterminateException("no reply before the timeout", e);
            } catch (IOException e) {
                throw new IndeterminateException("connection lost: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing is a disconnect either way
            }
        }
    }
}
