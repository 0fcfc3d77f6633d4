package dev.txnharness.properties.durability;

import java.nio.file.Path;

/**
 * A server with an append-only file that a crash test can kill and start again on the same
 * directory: a real redis-server (SIGKILL) or the engine's RESP server (its AOF writer stopped dead).
 */
interface CrashableServer extends AutoCloseable {
    /** Starts a server on {@code dir}, loading whatever AOF is there. */
    interface Factory {
        CrashableServer start(Path dir) throws Exception;

        /** What it is, for messages ("redis-server 7.0.15, appendfsync always"). */
        String describe();
    }

    int port();

    /** Crashes the server now: nothing more reaches its AOF, no client gets another reply. */
    void crash();

    /**
     * Test hook: crashes right after the next transaction (MULTI … EXEC) is written to the AOF,
     * and waits for it. Only the engine has it; false when the server cannot.
     */
    default boolean crashAfterNextTransaction() throws InterruptedException {
        return false;
    }

    /** Stops the server and leaves its directory alone. */
    @Override
    void close();
}
