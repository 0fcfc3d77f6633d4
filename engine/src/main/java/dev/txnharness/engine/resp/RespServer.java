package dev.txnharness.engine.resp;

import dev.txnharness.engine.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * The engine over the network: a RESP2/RESP3 server that speaks to any Redis client (redis-cli,
 * Jedis, redis-benchmark) as Redis 7.0 does, one engine {@link dev.txnharness.engine.Client} per
 * connection.
 *
 * <p>Contract: {@link #start} returns once the socket is bound (loopback by default, see {@link
 * ServerConfig}); requests are parsed by Redis's rules ({@link RequestParser}) and answered in
 * order, pipelined or not, with the exact bytes {@link dev.txnharness.engine.protocol.RespWriter}
 * renders for the connection's protocol; a blocked command holds back its connection's later
 * commands until it is answered; a connection that closes is disconnected from the engine; one
 * connection's failure never affects another. {@link #close} stops listening, closes every
 * connection and waits for the I/O threads to finish. The engine is the caller's: close it after.
 *
 * <p>Transport: epoll when available (and not disabled), else NIO.
 */
public final class RespServer implements AutoCloseable {
    private final Engine engine;
    private final ServerConfig config;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final InetSocketAddress address;
    private final String transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RespServer(Engine engine, ServerConfig config, EventLoopGroup acceptor, EventLoopGroup workers,
            Channel serverChannel, ChannelGroup connections, String transport) {
        this.engine = engine;
        this.config = config;
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.address = (InetSocketAddress) serverChannel.localAddress();
        this.transport = transport;
    }

    /**
     * Binds and starts serving {@code engine}. Throws if the address cannot be bound (in use, not
     * local, ...), with the address in the message.
     */
    public static RespServer start(Engine engine, ServerConfig config) throws IOException {
        Transport t = config.nativeTransport() ? Transport.epoll() : null;
        if (t == null) t = new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
        IoHandlerFactory io = t.io();
        int threads = config.ioThreads() > 0 ? config.ioThreads() : 1; // one event loop, as Redis
        // Daemon threads: a server someone forgot to close must not keep the JVM alive.
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("resp-accept", true), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("resp-io", true), io);
        ChannelGroup connections = new DefaultChannelGroup("resp-connections", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(t.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 511) // tcp-backlog
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true) // Redis sets it on every client
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.readBufferSize()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        RespRequestDecoder decoder = new RespRequestDecoder(config);
                        ch.pipeline().addLast("resp-decoder", decoder);
                        ch.pipeline().addLast("resp-session", new RespConnectionHandler(engine, decoder));
                    }
                });
        InetSocketAddress bindTo = new InetSocketAddress(config.bindAddress(), config.port());
        ChannelFuture bound = b.bind(bindTo).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdown(acceptor, workers);
            Throwable cause = bound.cause();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + cause.getMessage() + " (choose another port with --port, or 0 for any free one)", cause);
        }
        return new RespServer(engine, config, acceptor, workers, bound.channel(), connections, t.name());
    }

    /** The port it listens on (the real one when the configuration asked for 0). */
    public int port() {
        return address.getPort();
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transport;
    }

    public Engine engine() {
        return engine;
    }

    public ServerConfig config() {
        return config;
    }

    /** How many connections are open now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Blocks until the server is closed (by {@link #close}, from another thread). */
    public void awaitClosed() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    /**
     * Stops listening, closes every connection (disconnecting their clients) and stops the threads.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        // Once only: a second close would wait on the group's listeners, which event loops that
        // have already terminated can never run (seen when a crash test closes, then closes again).
        if (!closed.compareAndSet(false, true)) return;
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        shutdown(acceptor, workers);
    }

    /** An I/O transport: its name, its event-loop handler and its server channel type. */
    private record Transport(String name, IoHandlerFactory io, Class<? extends ServerChannel> serverChannel) {
        /**
         * Epoll, or null where it cannot run. Looked up by name because the engine's build has the
         * epoll classes on the runtime class path only (netty-transport-native-epoll is a runtime
         * dependency), which is also what makes it optional.
         */
        static Transport epoll() {
            try {
                Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
                if (!(Boolean) epoll.getMethod("isAvailable").invoke(null)) return null;
                IoHandlerFactory io = (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
                        .getMethod("newFactory").invoke(null);
                Class<? extends ServerChannel> ch = Class.forName("io.netty.channel.epoll.EpollServerSocketChannel")
                        .asSubclass(ServerChannel.class);
                return new Transport("epoll", io, ch);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                return null;
            }
        }
    }

    private static void shutdown(EventLoopGroup acceptor, EventLoopGroup workers) {
        // No quiet period: nothing can arrive once the channels are closed. Waiting for termination
        // makes sure every channelInactive (client.close()) has run before close() returns.
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly();
        workers.terminationFuture().awaitUninterruptibly();
    }
}
