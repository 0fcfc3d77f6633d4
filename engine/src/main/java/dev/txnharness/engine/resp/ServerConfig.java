package dev.txnharness.engine.resp;

/**
 * How a {@link RespServer} listens and what it accepts. Immutable; change one setting with the
 * {@code with...} methods. Every limit is checked before the memory it guards is taken: a declared
 * length is refused (or waited for) from the header alone, never allocated up front.
 *
 * <p>Defaults follow Redis 7.0.15 (redis.conf, server.h), so a request refused by a real server is
 * refused here with the same bytes:
 *
 * <ul>
 *   <li>{@code bindAddress} {@code 127.0.0.1}: loopback only, the harness is not a network service;
 *   <li>{@code port} 0: an ephemeral port ({@link RespServer#port()} tells which);
 *   <li>{@code protoMaxBulkLen} 512 MB (proto-max-bulk-len): a larger {@code $len} is
 *       {@code -ERR Protocol error: invalid bulk length};
 *   <li>{@code maxMultibulkLength} {@link Integer#MAX_VALUE}: 7.0's check in processMultibulkBuffer
 *       is {@code ll > INT_MAX} (6.2 and earlier refused above 1024*1024, {@link
 *       #REDIS_6_MAX_MULTIBULK_LENGTH}); confirmed on redis-server 7.0.15, which accepts
 *       {@code *1048577}. The argument array grows only as arguments arrive, so a large count costs
 *       nothing until the client sends the data;
 *   <li>{@code maxInlineSize} 64 KB (PROTO_INLINE_MAX_SIZE): the most that may be buffered without
 *       finding the end of an inline request or of a {@code *} / {@code $} header line;
 *   <li>{@code clientQueryBufferLimit} 1 GB (client-query-buffer-limit): a connection buffering more
 *       unparsed input is closed without a reply, as Redis does;
 *   <li>{@code readBufferSize} 16 KB (PROTO_IOBUF_LEN): at most this much is read per socket read,
 *       which makes the 64 KB checks above trip on the same inputs as Redis's;
 *   <li>{@code ioThreads} 0: one I/O thread, like Redis's one event loop: every command takes the
 *       engine's one lock, so more threads only contend for it (docs/PERFORMANCE.md);
 *   <li>{@code nativeTransport} true: epoll where available, else NIO.
 * </ul>
 */
public record ServerConfig(
        String bindAddress,
        int port,
        long protoMaxBulkLen,
        long maxMultibulkLength,
        int maxInlineSize,
        long clientQueryBufferLimit,
        int readBufferSize,
        int ioThreads,
        boolean nativeTransport) {

    /** Redis 6.2's multibulk count limit (1024*1024), for configurations that want it. */
    public static final long REDIS_6_MAX_MULTIBULK_LENGTH = 1024 * 1024;

    public ServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) throw new IllegalArgumentException("bindAddress is required");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (protoMaxBulkLen < 1) throw new IllegalArgumentException("protoMaxBulkLen must be at least 1");
        if (maxMultibulkLength < 1) throw new IllegalArgumentException("maxMultibulkLength must be at least 1");
        if (maxInlineSize < 1) throw new IllegalArgumentException("maxInlineSize must be at least 1");
        if (clientQueryBufferLimit < 1) throw new IllegalArgumentException("clientQueryBufferLimit must be at least 1");
        if (readBufferSize < 64) throw new IllegalArgumentException("readBufferSize must be at least 64");
        if (ioThreads < 0) throw new IllegalArgumentException("ioThreads must be 0 (default) or more");
    }

    /** The defaults listed above. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 0, 512L * 1024 * 1024, Integer.MAX_VALUE, 64 * 1024,
                1024L * 1024 * 1024, 16 * 1024, 0, true);
    }

    public ServerConfig withBindAddress(String v) {
        return new ServerConfig(v, port, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withPort(int v) {
        return new ServerConfig(bindAddress, v, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withProtoMaxBulkLen(long v) {
        return new ServerConfig(bindAddress, port, v, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withMaxMultibulkLength(long v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, v, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withMaxInlineSize(int v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, maxMultibulkLength, v,
                clientQueryBufferLimit, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withClientQueryBufferLimit(long v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                v, readBufferSize, ioThreads, nativeTransport);
    }

    public ServerConfig withReadBufferSize(int v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, v, ioThreads, nativeTransport);
    }

    public ServerConfig withIoThreads(int v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, v, nativeTransport);
    }

    public ServerConfig withNativeTransport(boolean v) {
        return new ServerConfig(bindAddress, port, protoMaxBulkLen, maxMultibulkLength, maxInlineSize,
                clientQueryBufferLimit, readBufferSize, ioThreads, v);
    }
}
