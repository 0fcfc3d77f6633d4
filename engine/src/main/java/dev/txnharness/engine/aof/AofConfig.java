package dev.txnharness.engine.aof;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the AOF lives and how it is written and loaded, with Redis's names.
 *
 * @param dir the directory ({@code dir}); created if missing
 * @param fileName the file in it ({@code appendfilename}, default {@value #DEFAULT_FILE_NAME})
 * @param fsync {@code appendfsync}
 * @param loadTruncated {@code aof-load-truncated}: false refuses a file with a torn tail (the
 *     error names the offset); true cuts the tail, and any unfinished MULTI block, and loads
 */
public record AofConfig(Path dir, String fileName, Fsync fsync, boolean loadTruncated) {
    public static final String DEFAULT_FILE_NAME = "appendonly.aof";

    public AofConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        if (fileName == null || fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("appendfilename must be a plain file name, got '" + fileName + "'");
        }
    }

    /** {@code appendonly.aof} in {@code dir}, fsync always, refusing a torn tail. */
    public static AofConfig in(Path dir) {
        return new AofConfig(dir, DEFAULT_FILE_NAME, Fsync.ALWAYS, false);
    }

    public AofConfig withFsync(Fsync f) {
        return new AofConfig(dir, fileName, f, loadTruncated);
    }

    public AofConfig withLoadTruncated(boolean b) {
        return new AofConfig(dir, fileName, fsync, b);
    }

    public AofConfig withFileName(String name) {
        return new AofConfig(dir, name, fsync, loadTruncated);
    }

    /** The file itself. */
    public Path file() {
        return dir.resolve(fileName);
    }
}
