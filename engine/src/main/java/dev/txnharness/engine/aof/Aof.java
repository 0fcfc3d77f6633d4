package dev.txnharness.engine.aof;

import dev.txnharness.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;

/**
 * An engine's append-only file, opened: {@link #open} loads the file into a fresh engine (see
 * {@link AofLoader} for the rules on torn and corrupt files), then attaches an {@link AofWriter}
 * as the engine's command log, so every later change is appended. Close it to fsync and detach.
 */
public final class Aof implements AutoCloseable {
    private final Engine engine;
    private final AofConfig config;
    private final AofLoader.Loaded loaded;
    private final AofWriter writer;

    private Aof(Engine engine, AofConfig config, AofLoader.Loaded loaded, AofWriter writer) {
        this.engine = engine;
        this.config = config;
        this.loaded = loaded;
        this.writer = writer;
    }

    /**
     * Loads {@code config.file()} (if it exists) into {@code engine}, which must be new (no
     * clients, no command log), and starts logging to it. Throws {@link AofLoadException} for a
     * file it will not load; the engine is then untouched.
     */
    public static Aof open(Engine engine, AofConfig config) throws IOException {
        Files.createDirectories(config.dir());
        AofLoader.Loaded loaded = AofLoader.load(engine, config.file(), config.loadTruncated());
        AofWriter writer = AofWriter.open(config.file(), config.fsync(), engine.keyspace()::now);
        engine.setCommandLog(writer);
        return new Aof(engine, config, loaded, writer);
    }

    public AofConfig config() {
        return config;
    }

    /** What was loaded on open. */
    public AofLoader.Loaded loaded() {
        return loaded;
    }

    public AofWriter writer() {
        return writer;
    }

    /** A crash, for tests: the writer stops without fsyncing; the engine keeps its command log, which now refuses writes. */
    public void kill() {
        writer.kill();
    }

    /** Detaches the log from the engine, fsyncs and closes the file. */
    @Override
    public void close() {
        engine.setCommandLog(null);
        writer.close();
    }
}
