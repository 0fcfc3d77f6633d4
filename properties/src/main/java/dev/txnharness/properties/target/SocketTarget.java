package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Any server that speaks RESP at host:port, reached with the harness's own RESP client so that
 * every reply is decoded exactly as sent (a simple string is not confused with a bulk string).
 * Base of the RESP, launched-Redis and {@code redis://} targets.
 */
public class SocketTarget implements Target {
    private final String name;
    private final InetSocketAddress address;
    private final Duration timeout;
    private volatile String version;
    private volatile String redisVersion;

    public SocketTarget(String name, String host, int port, Duration timeout) {
        this.name = name;
        this.address = new InetSocketAddress(host, port);
        this.timeout = timeout;
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
        return new SocketConnection(RespClient.connect(address, timeout).readTimeout(timeout));
    }

    @Override
    public void close() {}

    /** One socket; an I/O failure or timeout makes the outcome indeterminate. */
    static final class SocketConnection implements Connection {
        private final RespClient client;

        SocketConnection(RespClient client) {
            this.client = client;
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
                return client.read();
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
