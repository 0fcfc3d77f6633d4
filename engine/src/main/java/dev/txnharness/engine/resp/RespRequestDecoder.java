package dev.txnharness.engine.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns a connection's bytes into requests: emits each request as {@code byte[][]} argv, in order,
 * one per decode call, and a bad frame as a {@link ProtocolError} after which it reads nothing more.
 * The rules are {@link RequestParser}'s.
 *
 * <p>Like Redis's processInputBuffer it can stop parsing without stopping reading: while the
 * connection's client is blocked (BLPOP) the decoder is {@link #pause() paused} and bytes pile up
 * unparsed, so later pipelined commands wait their turn while a disconnect is still seen at once
 * (the client must be unblocked, or a later push would be handed to a dead connection). {@link
 * #resume()} parses what piled up. Input buffered beyond client-query-buffer-limit (counting the
 * part of a big bulk the parser has already taken) closes the connection without a reply, as Redis
 * does.
 *
 * <p>Used on the channel's event loop only.
 */
final class RespRequestDecoder extends ByteToMessageDecoder {
    private final RequestParser parser;
    private final long queryBufferLimit;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private boolean stopped;

    RespRequestDecoder(ServerConfig config) {
        this.parser = new RequestParser(config);
        this.queryBufferLimit = config.clientQueryBufferLimit();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (stopped) {
            in.skipBytes(in.readableBytes());
            return;
        }
        long buffered = in.readableBytes() + parser.bufferedBytes();
        if (buffered > queryBufferLimit) {
            System.err.println("resp: closing client " + ctx.channel().remoteAddress()
                    + " that reached max query buffer length (" + buffered + " bytes)");
            stop();
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (paused) return;
        try {
            byte[][] argv = parser.next(in);
            if (argv != null) out.add(argv);
        } catch (ProtocolError e) {
            stop();
            in.skipBytes(in.readableBytes());
            out.add(e);
        }
    }

    /** Stops parsing (the client is blocked); bytes keep accumulating. */
    void pause() {
        paused = true;
    }

    /** Parses again, starting with whatever accumulated while paused. */
    void resume() {
        if (!paused) return;
        paused = false;
        if (stopped || ctx == null || !ctx.channel().isActive()) return;
        try {
            // An empty read makes ByteToMessageDecoder run its decode loop over the cumulation.
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /** Never parses again (QUIT, a protocol error): the connection is closing. */
    void stop() {
        stopped = true;
    }
}
