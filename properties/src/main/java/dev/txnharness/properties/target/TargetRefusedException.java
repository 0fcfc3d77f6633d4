package dev.txnharness.properties.target;

import java.io.IOException;

/**
 * The server answers but will not let the harness in: AUTH refused (WRONGPASS, NOAUTH), the
 * database cannot be selected, the TLS handshake failed. Nothing was run; the target cannot be
 * checked until the user changes the URL or the TLS options. The message never holds a password.
 */
public final class TargetRefusedException extends IOException {
    public TargetRefusedException(String message) {
        super(message);
    }

    public TargetRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
