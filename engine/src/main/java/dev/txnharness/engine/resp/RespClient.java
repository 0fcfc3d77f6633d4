package dev.txnharness.engine.resp;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.protocol.RespReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal blocking RESP connection to any Redis-speaking server (this engine's {@link RespServer}
 * or a real redis-server), for tests and for code that needs exact wire control where a full client
 * library would hide it.
 *
 * <p>Two levels, usable on one connection in any order:
 *
 * <ul>
 *   <li>commands: {@link #call} sends one command as a multibulk and reads its {@link Reply};
 *       {@link #send} only queues a command, and the next read (or {@link #flush}) sends everything
 *       queued in one write, which is how to pipeline: N sends, then N {@link #read}s;
 *   <li>raw bytes: {@link #writeRaw} sends bytes as given at once; {@link #readRaw} reads exactly n
 *       bytes; {@link #readRawUntilClosed} reads until the server closes the connection.
 * </ul>
 *
 * <p>A Redis error is a {@link Reply.Err} value, never an exception. Exceptions mean the outcome is
 * unknown: {@link IOException} when the connection fails or closes, {@link
 * java.net.SocketTimeoutException} when no byte came within the read timeout (default 10 s), and
 * {@link RespReader.MalformedReplyException} when the server sent bytes that are not RESP.
 *
 * <p>Not thread-safe: one connection, one thread at a time, as with a socket.
 */
public final class RespClient implements Closeable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RespReader reader;
    private boolean unflushed;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.reader = new RespReader(in);
    }

    /** Connects to host:port with the default timeouts (10 s to connect, 10 s per read). */
    public static RespClient connect(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), DEFAULT_TIMEOUT);
    }

    /** Connects with {@code timeout} both to connect and for every read. */
    public static RespClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new RespClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A client on a socket that is already connected (a TLS socket, say); it is closed with the
     * client. Reads time out as the socket says.
     */
    public static RespClient over(Socket connected) throws IOException {
        return new RespClient(connected);
    }

    /** How long a read waits for a byte before {@link SocketTimeoutException}; zero waits forever. */
    public RespClient readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** Sends one command and reads its reply (after the replies of anything sent before it). */
    public Reply call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** {@link #call(String...)} with binary arguments. */
    public Reply call(byte[]... argv) throws IOException {
        send(argv);
        return read();
    }

    /** Queues one command (UTF-8 arguments); it is sent by the next read or flush. */
    public void send(String... args) throws IOException {
        send(utf8(args));
    }

    /** Queues one command; it is sent by the next read or flush. */
    public void send(byte[]... argv) throws IOException {
        out.write(encode(argv));
        unflushed = true;
    }

    /** Sends everything queued. */
    public void flush() throws IOException {
        out.flush();
        unflushed = false;
    }

    /** Reads the next reply, sending anything queued first. */
    public Reply read() throws IOException {
        if (unflushed) flush();
        return reader.read();
    }

    /** Sends {@code bytes} exactly as given, now (anything queued goes first). */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        flush();
    }

    /** {@link #writeRaw(byte[])} of the string's Latin-1 bytes (one byte per char). */
    public void writeRaw(String bytes) throws IOException {
        writeRaw(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads exactly n bytes; {@link java.io.EOFException} if the connection closes first. */
    public byte[] readRaw(int n) throws IOException {
        if (unflushed) flush();
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new java.io.EOFException("connection closed after " + b.length + " of " + n + " bytes: "
                    + latin1(b));
        }
        return b;
    }

    /**
     * Reads everything until the server closes the connection, and returns it (empty if the server
     * closed without sending more). Throws {@link SocketTimeoutException} if the server keeps the
     * connection open past the read timeout.
     */
    public byte[] readRawUntilClosed() throws IOException {
        if (unflushed) flush();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) b.write(buf, 0, n);
        } catch (java.net.SocketException e) {
            // A reset after the server's close (it had unread input from us) still means closed.
            if (!String.valueOf(e.getMessage()).contains("reset")) throw e;
        }
        return b.toByteArray();
    }

    /** The reader, for callers that read replies at their own pace. */
    public RespReader reader() {
        return reader;
    }

    /** Closes the connection (abruptly: nothing more is sent, not even QUIT). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A command as a RESP multibulk: {@code *N\r\n$len\r\narg\r\n...}. */
    public static byte[] encode(byte[]... argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16 + argv.length * 16);
        header(b, '*', argv.length);
        for (byte[] a : argv) {
            header(b, '$', a.length);
            b.writeBytes(a);
            b.write('\r');
            b.write('\n');
        }
        return b.toByteArray();
    }

    /** {@link #encode(byte[]...)} with UTF-8 arguments. */
    public static byte[] encode(String... args) {
        return encode(utf8(args));
    }

    /** Bytes as Latin-1 text, one char per byte, for messages and byte-exact comparisons. */
    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void header(ByteArrayOutputStream b, char type, int n) {
        b.write(type);
        b.writeBytes(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        b.write('\r');
        b.write('\n');
    }

    private static byte[][] utf8(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return argv;
    }
}
