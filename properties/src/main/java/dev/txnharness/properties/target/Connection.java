package dev.txnharness.properties.target;

import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;

/**
 * One client connection to a {@link Target}. {@link #call} sends one command and returns the
 * {@link Reply} exactly as the server sent it (a simple string stays a simple string, {@code *-1}
 * stays a null array); a Redis error is a {@code Reply.Err} value. Only an unknown outcome throws
 * {@link IndeterminateException}. A connection is used by one thread at a time.
 */
public interface Connection extends AutoCloseable {

    /** Sends one command and waits for its reply. */
    default Reply call(byte[]... argv) throws IndeterminateException {
        send(argv);
        return receive();
    }

    /** {@link #call(byte[]...)} with UTF-8 arguments. */
    default Reply call(String... args) throws IndeterminateException {
        return call(utf8(args));
    }

    /** Sends a command without reading its reply (a blocking command); {@link #receive} reads it. */
    void send(byte[]... argv) throws IndeterminateException;

    /** Reads the reply of the oldest command sent with {@link #send} and not yet received. */
    Reply receive() throws IndeterminateException;

    /** Closes the connection (a disconnect, as far as the server can tell). */
    @Override
    void close();

    static byte[][] utf8(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return argv;
    }
}
