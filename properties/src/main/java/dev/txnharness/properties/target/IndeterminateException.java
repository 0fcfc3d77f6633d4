package dev.txnharness.properties.target;

import java.io.IOException;

/**
 * The outcome of a command is unknown: the reply never came (timeout, connection lost, server
 * died). The command may or may not have taken effect; a history records it as "info", never as a
 * failure. A Redis error reply is NOT this: errors are {@code Reply.Err} values.
 */
public final class IndeterminateException extends IOException {
    public IndeterminateException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndeterminateException(String message) {
        super(message);
    }
}
