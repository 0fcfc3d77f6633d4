package dev.txnharness.engine.resp;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port, started for the oracle tests and stopped after:
 * no persistence, no daemon, the process is ours. The binary is -Dredis.server=PATH, else
 * redis-server on PATH, else the one org.signal:embedded-redis ships.
 */
final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The redis-server binary to use: -Dredis.server, else redis-server on PATH, else the Redis
     * 7.0.15 that org.signal:embedded-redis ships (a test dependency), so a machine with no
     * redis-server still has its oracle. Null only when none of them exists.
     */
    static Path find() throws IOException {
        String configured = System.getProperty("redis.server");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) return p;
        }
        return embedded();
    }

    /** Copies embedded-redis's Linux x86-64 / macOS binary out of its jar, once per machine. */
    private static Path embedded() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        String name = "redis-server-7.0.15-" + os + "-" + arch;
        try (java.io.InputStream in = RealRedis.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) return null;
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "redis-txn-harness-bin");
            Files.createDirectories(dir);
            Path out = dir.resolve(name);
            if (!Files.isExecutable(out)) {
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return out;
        }
    }

    static RealRedis start(Path binary) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--loglevel", "warning"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        RealRedis redis = new RealRedis(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                c.call("PING");
                return redis;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    redis.close();
                    throw new IOException("redis-server " + binary + " did not start on port " + port, notYet);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
