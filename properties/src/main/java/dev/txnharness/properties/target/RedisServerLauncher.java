package dev.txnharness.properties.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a real redis-server for the harness: on a free loopback port, in a throwaway directory,
 * with a known configuration (no RDB snapshots, no AOF unless asked), and stops it by its own
 * process handle.
 *
 * <p>The binary: {@code -Dredis.server=PATH}, else {@code redis-server} on PATH, else the binary
 * that {@code org.signal:embedded-redis} ships (Redis 7.0.15, Linux and macOS). {@link #redis62()}
 * starts the Redis 6.2 binary that {@code com.github.codemonstur:embedded-redis} ships. When no
 * binary can start, {@link #start} throws with a message that says what to do; it never skips.
 */
public final class RedisServerLauncher {

    /** A binary and where it came from. */
    public record Binary(Path path, String source) {}

    /** A running redis-server. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path dir;
        private final Binary binary;
        private final String version;

        Server(Process process, int port, Path dir, Binary binary, String version) {
            this.process = process;
            this.port = port;
            this.dir = dir;
            this.binary = binary;
            this.version = version;
        }

        public int port() {
            return port;
        }

        public Path dir() {
            return dir;
        }

        public Binary binary() {
            return binary;
        }

        /** The version the server reports (INFO server redis_version). */
        public String version() {
            return version;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Kills the server with SIGKILL (a crash, for durability tests) and waits for it to go. */
        public void kill() {
            process.destroyForcibly();
            waitFor();
        }

        private void waitFor() {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(dir);
        }
    }

    private RedisServerLauncher() {}

    /** Finds the redis-server 7.0 binary: -Dredis.server, PATH, then embedded-redis's. */
    public static Binary findBinary() {
        String prop = System.getProperty("redis.server");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("-Dredis.server=" + prop + " is not an executable file");
            }
            return new Binary(p, "-Dredis.server");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, "redis-server");
                if (Files.isExecutable(p)) return new Binary(p, "PATH");
            }
        }
        return embeddedBinary();
    }

    /** The redis-server 7.0.15 that org.signal:embedded-redis ships (the fallback of {@link #findBinary}). */
    public static Binary embeddedBinary() {
        return extract("redis-server-7.0.15-" + platform(), "org.signal:embedded-redis");
    }

    /** The Redis 6.2 binary that com.github.codemonstur:embedded-redis ships. */
    public static Binary redis62Binary() {
        String plat = platform();
        String name = plat.equals("linux-amd64") ? "redis-server-6.2.6-v5-linux-amd64"
                : plat.equals("linux-arm64") ? "redis-server-6.2.7-linux-arm64"
                : "redis-server-6.2.6-v5-" + plat;
        return extract(name, "com.github.codemonstur:embedded-redis");
    }

    /** Starts a redis-server 7.0 (see {@link #findBinary}) with extra config lines. */
    public static Server start(String... extraConfig) {
        return start(findBinary(), extraConfig);
    }

    /** Starts Redis 6.2. */
    public static Server redis62(String... extraConfig) {
        return start(redis62Binary(), extraConfig);
    }

    /** Starts the given binary on a free loopback port in a fresh directory. */
    public static Server start(Binary binary, String... extraConfig) {
        Path dir;
        try {
            dir = Files.createTempDirectory("harness-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(binary, dir, extraConfig);
    }

    /** Starts the binary in {@code dir} (kept: a restart after a crash uses the same dir). */
    public static Server start(Binary binary, Path dir, String... extraConfig) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary.path().toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString(), "--protected-mode", "yes"));
            for (String line : extraConfig) {
                String[] kv = line.trim().split("\\s+", 2);
                cmd.add("--" + kv[0]);
                if (kv.length > 1) cmd.add(kv[1]);
            }
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + binary.path() + " (from " + binary.source()
                        + "): " + e.getMessage() + ". Install redis-server (apt-get install redis-server) "
                        + "or set -Dredis.server=PATH", e);
            }
            try {
                String version = awaitPing(p, port, Duration.ofSeconds(15));
                return new Server(p, port, dir, binary, version);
            } catch (IOException e) {
                last = e;
                p.destroyForcibly();
            }
        }
        String log = "";
        try {
            log = Files.readString(dir.resolve("redis.log"));
        } catch (IOException ignored) {
            // no log to show
        }
        throw new IllegalStateException("redis-server " + binary.path() + " (from " + binary.source()
                + ") did not answer PING: " + (last == null ? "" : last.getMessage()) + "\n" + log);
    }

    /** Waits until the server answers PING, then returns its redis_version. */
    private static String awaitPing(Process p, int port, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("redis-server exited with " + p.exitValue());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                s.setSoTimeout(2000);
                s.getOutputStream().write("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                StringBuilder sb = new StringBuilder();
                while (!sb.toString().contains("redis_version:") || !sb.toString().endsWith("\r\n")) {
                    int n = in.read(buf);
                    if (n < 0) break;
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    if (sb.toString().startsWith("-LOADING")) break;
                }
                String text = sb.toString();
                if (text.startsWith("+PONG")) {
                    int i = text.indexOf("redis_version:");
                    return i < 0 ? "unknown" : text.substring(i + 14, text.indexOf("\r\n", i)).trim();
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20); // polling a child process that is starting: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("no PONG within " + limit.toMillis() + " ms" + (last == null ? "" : ": " + last.getMessage()));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("linux") ? "linux" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : arch;
        return o + "-" + a;
    }

    /** Copies a binary out of a jar on the class path into a temp file, executable. */
    private static Binary extract(String resource, String artifact) {
        try (InputStream in = RedisServerLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                // the embedded binaries are an optional dependency: say how to get one either way
                throw new IllegalStateException("no redis-server found: none on PATH, no -Dredis.server, and no "
                        + resource + " on the class path (it comes from " + artifact + ", an optional dependency). "
                        + "Install redis-server (apt-get install redis-server), set -Dredis.server=PATH, or add "
                        + artifact + " to the class path (a test-scope dependency)");
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "redis-txn-harness-bin");
            Files.createDirectories(dir);
            Path out = dir.resolve(resource);
            if (!Files.isExecutable(out)) {
                Path tmp = Files.createTempFile(dir, resource, ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Binary(out, artifact);
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource + " from " + artifact, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
