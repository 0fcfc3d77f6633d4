package dev.txnharness.engine.aof;

import java.io.IOException;

/**
 * An AOF that cannot be loaded as it is. {@link #offset()} is the byte offset the message names:
 * for a {@link Kind#TORN} tail, where the whole part of the file ends (what {@code
 * --aof-load-truncated yes} or {@code redis-check-aof --fix} would cut it to); for {@link
 * Kind#CORRUPT} bytes, the first bad byte. Nothing has been loaded into the engine when this is
 * thrown.
 */
public final class AofLoadException extends IOException {
    /** What is wrong with the file. */
    public enum Kind {
        /** The file ends inside a command or inside a MULTI block: a crash's torn tail. */
        TORN,
        /** Bytes no good AOF can have, an unknown command, or a misplaced MULTI / EXEC. */
        CORRUPT
    }

    private final Kind kind;
    private final long offset;

    public AofLoadException(Kind kind, long offset, String message) {
        super(message);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }
}
