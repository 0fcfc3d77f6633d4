package dev.txnharness.properties.distributed;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.RedisServerLauncher;
import dev.txnharness.properties.target.SocketTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One redis-server (or Sentinel) process of a launched deployment, on a fixed loopback port and in
 * its own directory, so that it can be killed with SIGKILL, paused with SIGSTOP and started again
 * on the same port with the same files (a cluster node keeps its nodes.conf). Stopped by its own
 * PID; {@link #close} deletes its directory.
 */
public final class Node implements AutoCloseable {
    /** What the node is, for the fault log: primary, replica, sentinel. */
    private final String role0;
    private final int port;
    private final Path dir;
    private final List<String> args;
    private final RedisServerLauncher.Binary binary;
    private volatile Process process;
    private volatile boolean paused;

    private Node(String role, int port, Path dir, List<String> args, RedisServerLauncher.Binary binary) {
        this.role0 = role;
        this.port = port;
        this.dir = dir;
        this.args = args;
        this.binary = binary;
    }

    /**
     * Starts a node on a free port (whose +10000 cluster bus port is free too) with config lines
     * given as "name value"; {@code sentinel} runs it as {@code redis-server CONF --sentinel}.
     */
    static Node start(String role, boolean sentinel, List<String> config) {
        RedisServerLauncher.Binary binary = RedisServerLauncher.findBinary();
        Path dir;
        try {
            dir = Files.createTempDirectory("harness-" + role + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePortPair();
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir, "daemonize no",
                    "logfile " + dir.resolve("redis.log"), "protected-mode yes"));
            if (!sentinel) lines.addAll(List.of("save \"\"", "appendonly no"));
            lines.addAll(config);
            Node n = new Node(role, port, dir, List.copyOf(lines), binary);
            try {
                n.launch(sentinel, n.args);
                return n;
            } catch (IllegalStateException e) {
                last = e;
                n.kill();
            }
        }
        deleteTree(dir);
        throw last;
    }

    private boolean sentinel;

    /**
     * Starts redis-server with these config lines and waits for its PING; {@link #process} is set
     * as soon as the process exists, so a deployment closed meanwhile (or a PING that never comes)
     * still kills it.
     */
    private void launch(boolean asSentinel, List<String> lines) {
        this.sentinel = asSentinel;
        Path conf = dir.resolve(asSentinel ? "sentinel.conf" : "redis.conf");
        try {
            if (!asSentinel || !Files.exists(conf)) Files.writeString(conf, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(binary.path().toString(), conf.toString()));
        if (asSentinel) cmd.add("--sentinel");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + binary.path() + ": " + e.getMessage()
                    + ". Install redis-server (apt-get install redis-server) or set -Dredis.server=PATH", e);
        }
        awaitPing(Duration.ofSeconds(15));
    }

    /** Waits until the node answers PING (a condition with a deadline). */
    private void awaitPing(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(role0 + " on port " + port + " exited: " + log());
            try (Connection c = connect(Duration.ofMillis(500))) {
                Reply r = c.call("PING");
                if (r instanceof Reply.Simple) return;
                last = r.toString();
            } catch (IOException e) {
                last = e.getMessage();
            }
            Waits.pause(20);
        }
        throw new IllegalStateException(role0 + " on port " + port + " did not answer PING within " + limit.toMillis() + " ms: "
                + last + "\n" + log());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    /** A connection straight to this node. */
    public Connection connect(Duration timeout) throws IOException {
        return new SocketTarget(address(), "127.0.0.1", port, timeout).connect();
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() {
        Process p = process;
        if (p == null) return;
        if (paused) signal("CONT");
        paused = false;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends SIGKILL without waiting (a stopped process dies of it too). */
    void signalKill() {
        Process p = process;
        if (p != null) p.destroyForcibly();
    }

    /** Starts the killed node again on the same port and directory, with extra config lines. */
    public void restart(String... extra) {
        if (isAlive()) throw new IllegalStateException(role0 + " " + address() + " is still running");
        List<String> with = new ArrayList<>(args);
        with.addAll(List.of(extra));
        try {
            launch(sentinel, with);
        } catch (RuntimeException e) {
            kill(); // the new redis-server that never answered PING
            throw e;
        }
    }

    /** SIGSTOP: the process stops answering but keeps its sockets (a long GC pause, a frozen VM). */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String sig) {
        long pid = pid();
        if (pid <= 0) return;
        try {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            k.getInputStream().readAllBytes();
            if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process (SIGCONT if paused, SIGKILL: nothing of it is kept) and deletes its directory. */
    @Override
    public void close() {
        kill();
        deleteTree(dir);
    }

    /** INFO section as text, or "" when the node does not answer. */
    public String info(String section) {
        try (Connection c = connect(Duration.ofMillis(1000))) {
            return Replies.text(c.call("INFO", section));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return role0.equals("sentinel") ? "sentinel " + address() : address();
    }

    public String role() {
        return role0;
    }

    /** A port p with p and p+10000 both free on loopback (the cluster bus listens on p+10000). */
    private static int freePortPair() {
        for (int i = 0; i < 200; i++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(p) && free(p + 10_000)) return p;
        }
        throw new IllegalStateException("no free loopback port pair in 20000-40000");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
