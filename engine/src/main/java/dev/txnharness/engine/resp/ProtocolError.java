package dev.txnharness.engine.resp;

import dev.txnharness.engine.protocol.Reply;

/**
 * A request that breaks the protocol (networking.c setProtocolError): the connection answers
 * {@link #reply()} after the replies of the commands before it, then closes. Thrown by {@link
 * RequestParser}; passed down the pipeline by {@link RespRequestDecoder} as a message in its own
 * right, so it keeps its place after the commands decoded before it.
 */
public final class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Reply.Err reply;

    /** {@code detail} is the text after "Protocol error: ", as Redis words it. */
    ProtocolError(String detail) {
        // No stack trace: this is an answer to a client, not a fault in the server.
        super("ERR Protocol error: " + detail, null, false, false);
        this.reply = new Reply.Err(getMessage());
    }

    /** The error reply, e.g. {@code -ERR Protocol error: invalid bulk length}. */
    public Reply.Err reply() {
        return reply;
    }
}
