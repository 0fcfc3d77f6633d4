package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Any server at {@code jedis+redis://[user:password@]host:port[/db]} (or {@code jedis+rediss://}),
 * reached through Jedis's raw command path ({@code Connection.sendCommand} / {@code getOne}), so
 * that QUEUED, each command's error and a nil EXEC are all visible (Jedis's {@code Transaction}
 * hides them). AUTH, SELECT and TLS are Jedis's own (its client config).
 *
 * <p>Jedis decodes simple and bulk strings alike as bytes, and both nulls as null. A reply is
 * therefore typed as the command documents it ({@link JedisReplyTypes}): a status reply for the
 * commands that answer {@code +OK} and friends, QUEUED inside MULTI, a null array for an aborted
 * EXEC or a timed-out blocking pop, and a bulk string or null bulk otherwise — what a typed Jedis
 * call assumes. A server that sent the other type cannot be caught through Jedis, and {@link
 * #lossy()} tells whoever compares replies to ignore the difference.
 */
public final class JedisTarget extends SocketTarget {
    private final HostAndPort hostAndPort;
    private final int timeoutMillis;
    private final RedisUri uri;
    private final TlsOptions tls;

    public JedisTarget(String host, int port, int timeoutMillis) {
        this(new RedisUri(false, host, port, null, null, 0), TlsOptions.DEFAULT, timeoutMillis);
    }

    /** The server at a URL, with TLS options for {@code rediss://}; named by the URL without its password. */
    public JedisTarget(RedisUri uri, TlsOptions tls, int timeoutMillis) {
        super("jedis+" + uri.redacted(), uri.host(), uri.port(), java.time.Duration.ofMillis(timeoutMillis));
        this.hostAndPort = new HostAndPort(uri.host(), uri.port());
        this.timeoutMillis = timeoutMillis;
        this.uri = uri;
        this.tls = tls;
    }

    /** Replies lose the simple/bulk and null-bulk/null-array distinctions through Jedis. */
    public static boolean lossy() {
        return true;
    }

    @Override
    public RedisUri uri() {
        return uri;
    }

    @Override
    public Connection connect() throws IOException {
        // RESP2, as a RESP2 client library sees the server; Jedis 8 would otherwise negotiate
        // RESP3 and hand back maps and doubles as its own objects
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
                .socketTimeoutMillis(timeoutMillis).connectionTimeoutMillis(timeoutMillis)
                .user(uri.user()).password(uri.password()).database(uri.db());
        if (uri.tls()) {
            config.ssl(true).sslSocketFactory(tls.factory());
            if (!tls.insecure()) {
                SSLParameters p = new SSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                config.sslParameters(p);
            }
        }
        try {
            redis.clients.jedis.Connection c = new redis.clients.jedis.Connection(hostAndPort, config.build());
            c.connect();
            return new JedisConnection(c, uri);
        } catch (JedisDataException e) {
            // AUTH or SELECT refused while Jedis set the connection up
            throw new TargetRefusedException(uri.hostPort() + " refused the login through Jedis: " + e.getMessage(), e);
        } catch (JedisConnectionException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof javax.net.ssl.SSLHandshakeException ssl) throw tls.handshakeFailed(uri.hostPort(), ssl);
            }
            throw new IOException("could not connect through Jedis to " + hostAndPort + ": " + e.getMessage(), e);
        }
    }

    private record Raw(byte[] raw) implements ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    /** One Jedis connection; like a socket target's, it logs in again after RESET (which logs it out). */
    private static final class JedisConnection implements Connection {
        private final redis.clients.jedis.Connection c;
        private final RedisUri uri;
        private final JedisReplyTypes types = new JedisReplyTypes();

        JedisConnection(redis.clients.jedis.Connection c, RedisUri uri) {
            this.c = c;
            this.uri = uri;
        }

        @Override
        public void send(byte[]... argv) throws IndeterminateException {
            byte[][] args = new byte[argv.length - 1][];
            System.arraycopy(argv, 1, args, 0, args.length);
            try {
                c.sendCommand(new Raw(argv[0]), args);
                types.sent(argv);
            } catch (JedisConnectionException e) {
                throw new IndeterminateException("could not send: " + e.getMessage(), e);
            }
        }

        @Override
        public Reply receive() throws IndeterminateException {
            Object o;
            try {
                o = c.getOne();
            } catch (JedisDataException e) {
                o = e;
            } catch (JedisConnectionException e) {
                throw new IndeterminateException("connection lost: " + e.getMessage(), e);
            }
            Reply r = types.received(o);
            if (uri.password() != null && r instanceof Reply.Simple s && s.value().equals("RESET")) authenticate();
            return r;
        }

        private void authenticate() throws IndeterminateException {
            byte[] pw = uri.password().getBytes(StandardCharsets.UTF_8);
            try {
                if (uri.user() == null) {
                    c.sendCommand(Protocol.Command.AUTH, pw);
                } else {
                    c.sendCommand(Protocol.Command.AUTH, uri.user().getBytes(StandardCharsets.UTF_8), pw);
                }
                c.getOne();
            } catch (JedisDataException | JedisConnectionException e) {
                throw new IndeterminateException("AUTH after RESET failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
