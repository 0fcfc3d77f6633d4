package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Any server at {@code jedis+redis://host:port}, reached through Jedis's raw command path
 * ({@code Connection.sendCommand} / {@code getOne}), so that QUEUED, each command's error and a nil
 * EXEC are all visible (Jedis's {@code Transaction} hides them). Jedis decodes simple and bulk
 * strings alike as bytes, and both nulls as null: replies from this target are therefore reported
 * as bulk strings and null bulks, and {@link #lossy()} says so to whoever compares them.
 */
public final class JedisTarget extends SocketTarget {
    private final HostAndPort hostAndPort;
    private final int timeoutMillis;

    public JedisTarget(String host, int port, int timeoutMillis) {
        super("jedis+redis://" + host + ":" + port, host, port, java.time.Duration.ofMillis(timeoutMillis));
        this.hostAndPort = new HostAndPort(host, port);
        this.timeoutMillis = timeoutMillis;
    }

    /** Replies lose the simple/bulk and null-bulk/null-array distinctions through Jedis. */
    public static boolean lossy() {
        return true;
    }

    @Override
    public Connection connect() throws IOException {
        try {
            redis.clients.jedis.Connection c = new redis.clients.jedis.Connection(hostAndPort,
                    // RESP2, as a RESP2 client library sees the server; Jedis 8 would otherwise
                    // negotiate RESP3 and hand back maps and doubles as its own objects
                    DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).socketTimeoutMillis(timeoutMillis)
                            .connectionTimeoutMillis(timeoutMillis).build());
            c.connect();
            return new JedisConnection(c);
        } catch (JedisConnectionException e) {
            throw new IOException("could not connect through Jedis to " + hostAndPort + ": " + e.getMessage(), e);
        }
    }

    private record Raw(byte[] raw) implements ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    private static final class JedisConnection implements Connection {
        private final redis.clients.jedis.Connection c;

        JedisConnection(redis.clients.jedis.Connection c) {
            this.c = c;
        }


        @Override
        public void send(byte[]... argv) throws IndeterminateException {
            byte[][] args = new byte[argv.length - 1][];
            System.arraycopy(argv, 1, args, 0, args.length);
            try {
                c.sendCommand(new Raw(argv[0]), args);
            } catch (JedisConnectionException e) {
                throw new IndeterminateException("could not send: " + e.getMessage(), e);
            }
        }

        @Override
        public Reply receive() throws IndeterminateException {
            try {
                return convert(c.getOne());
            } catch (JedisDataException e) {
                return new Reply.Err(e.getMessage());
            } catch (JedisConnectionException e) {
                throw new IndeterminateException("connection lost: " + e.getMessage(), e);
            }
        }

        private static Reply convert(Object o) {
            if (o == null) return Reply.NullBulk.INSTANCE;
            if (o instanceof byte[] b) return new Reply.Bulk(b);
            if (o instanceof Long l) return Reply.Int.of(l);
            if (o instanceof Double d) return new Reply.DoubleReply(d);
            if (o instanceof Boolean b) return new Reply.Bool(b);
            if (o instanceof JedisDataException e) return new Reply.Err(e.getMessage());
            if (o instanceof List<?> list) {
                List<Reply> items = new ArrayList<>(list.size());
                for (Object x : list) items.add(convert(x));
                return new Reply.Array(items);
            }
            return new Reply.Bulk(String.valueOf(o).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
