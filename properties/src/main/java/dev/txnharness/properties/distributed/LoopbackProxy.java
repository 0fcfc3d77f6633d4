package dev.txnharness.properties.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback in front of one node, which the clients connect through so that the
 * nemesis can cut them off the node ({@link #cut}: every open connection is reset and new ones are
 * closed at once) and {@link #heal} the cut. The nodes still see each other: this partitions the
 * clients from a node, not the node from its replicas or Sentinels.
 */
final class LoopbackProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    LoopbackProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-" + targetPort);
        t.setDaemon(true);
        t.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
            } catch (IOException ignored) {
                // one side went: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump-" + targetPort);
        t.setDaemon(true);
        t.start();
    }

    /** Resets every connection through the proxy and refuses new ones until {@link #heal}. */
    void cut() {
        cut = true;
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // a reset, as a dropped route looks to the client after its retransmits
            } catch (IOException ignored) {
                // closing it is what matters
            }
            closeQuietly(s);
        }
        open.clear();
    }

    void heal() {
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cut();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
