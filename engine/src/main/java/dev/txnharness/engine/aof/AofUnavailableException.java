package dev.txnharness.engine.aof;

import java.nio.file.Path;

/**
 * The AOF cannot take a write (killed, closed, or a write failed). The engine's command that made
 * the write fails with this and its client's connection is closed, so no reply acknowledges a
 * change that is not in the file.
 */
public final class AofUnavailableException extends IllegalStateException {
    public AofUnavailableException(Path file, String why) {
        super("cannot append to " + file + ": " + why);
    }
}
