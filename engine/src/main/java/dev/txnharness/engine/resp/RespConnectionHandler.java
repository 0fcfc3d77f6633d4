package dev.txnharness.engine.resp;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.Engine;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.protocol.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's session: owns one engine {@link Client}, runs each decoded request on it and
 * writes the replies in request order.
 *
 * <p>Replies are gathered into one buffer and flushed once per read batch (channelReadComplete),
 * so a pipeline of N commands costs one write, not N. A command that blocks (execute answers
 * null) holds back everything after it until its reply arrives; the reply comes from whichever
 * thread served it, and is always handed to this channel's event loop rather than written there,
 * so the engine's lock is never held while this connection does I/O or runs its next command.
 * QUIT and protocol errors write their reply and close; POST or Host: (an HTTP request: a cross
 * protocol attack) closes without one, dropping the replies of its read not yet sent. Closing the channel, however it happens,
 * closes the client: nothing queued runs, watches and blocks are released.
 *
 * <p>A failure in one connection (an engine exception, a socket error) closes that connection and
 * nothing else.
 */
final class RespConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Replies gathered beyond this are handed to the socket early, to bound the buffer. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final Engine engine;
    private final RespRequestDecoder decoder;
    private ChannelHandlerContext ctx;
    private Client client;
    /** Replies not yet handed to the channel. */
    private ByteBuf pending;
    /** Requests that arrived while blocked (the decoder pauses, this catches any already in flight). */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private boolean blocked;
    private boolean closing;

    RespConnectionHandler(Engine engine, RespRequestDecoder decoder) {
        this.engine = engine;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        client = engine.connect();
        client.onAsyncReply(reply -> {
            // Called under the engine's lock from another client's thread: hand over, never throw.
            try {
                ctx.executor().execute(() -> unblocked(reply));
            } catch (RejectedExecutionException e) {
                // the server is shutting down; the connection is going away with it
            }
        });
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) return;
        if (blocked) {
            backlog.add(msg);
            return;
        }
        handle(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        backlog.clear();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (client != null) client.close();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A peer resetting its connection is ordinary network life, not worth a line.
        if (!(cause instanceof IOException)) {
            System.err.println("resp: closing connection " + ctx.channel().remoteAddress() + " after " + cause);
        }
        closing = true;
        ctx.close();
    }

    /** Runs one request (or answers one protocol error). */
    private void handle(Object msg) {
        if (msg instanceof ProtocolError e) {
            closeAfterReply(e.reply());
            return;
        }
        byte[][] argv = (byte[][]) msg;
        if (mayRunLong(argv)) {
            runOffTheEventLoop(argv);
            return;
        }
        Reply reply;
        try {
            reply = client.execute(argv);
        } catch (RuntimeException e) {
            exceptionCaught(ctx, e);
            return;
        }
        if (reply == null) {
            blocked = true;
            decoder.pause();
            return;
        }
        if (client.dropped()) {
            // POST / Host:: closed at once. Like Redis, which writes nothing to a client closing
            // asap, the replies of this read not yet handed to the socket are dropped too.
            closing = true;
            decoder.stop();
            backlog.clear();
            if (pending != null) {
                pending.release();
                pending = null;
            }
            ctx.close();
            return;
        }
        if (client.closeAfterReply()) {
            closeAfterReply(reply);
            return;
        }
        append(reply);
    }

    /** Threads for scripts, which may run for long: never an event loop's (it must go on reading). */
    private static final ExecutorService LONG_COMMANDS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resp-script");
        t.setDaemon(true);
        return t;
    });

    /** EVAL, EVALSHA, and an EXEC that queues one: a script may run until SCRIPT KILL. */
    private boolean mayRunLong(byte[][] argv) {
        String name = new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1);
        return name.equalsIgnoreCase("eval") || name.equalsIgnoreCase("evalsha")
                || (name.equalsIgnoreCase("exec") && client.multiState().queuesScript());
    }

    /**
     * Runs a command that may take long on its own thread, this connection waiting as for a
     * blocked command: meanwhile the event loop serves every other connection, whose commands the
     * busy script answers (SCRIPT KILL among them).
     */
    private void runOffTheEventLoop(byte[][] argv) {
        blocked = true;
        decoder.pause();
        LONG_COMMANDS.execute(() -> {
            try {
                Reply r = client.execute(argv);
                if (r != null) ctx.executor().execute(() -> unblocked(r));
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> exceptionCaught(ctx, e));
            }
        });
    }

    /** The reply of the command this connection was blocked on: answer it, then carry on. */
    private void unblocked(Reply reply) {
        if (closing || !ctx.channel().isActive()) return;
        blocked = false;
        append(reply);
        while (!blocked && !closing && !backlog.isEmpty()) handle(backlog.poll());
        if (closing) return;
        flush();
        if (!blocked) decoder.resume();
    }

    private void append(Reply reply) {
        if (pending == null) pending = ctx.alloc().buffer();
        RespWriter.write(reply, client.protocol(), pending);
        if (pending.readableBytes() >= WRITE_CHUNK) {
            ctx.write(pending, ctx.voidPromise());
            pending = null;
        }
    }

    private void flush() {
        if (pending != null) {
            ctx.write(pending, ctx.voidPromise());
            pending = null;
        }
        ctx.flush();
    }

    /** QUIT or a protocol error: this reply is the last; nothing after it is read or run. */
    private void closeAfterReply(Reply reply) {
        closing = true;
        decoder.stop();
        backlog.clear();
        append(reply);
        ByteBuf last = pending != null ? pending : Unpooled.EMPTY_BUFFER;
        pending = null;
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }
}
