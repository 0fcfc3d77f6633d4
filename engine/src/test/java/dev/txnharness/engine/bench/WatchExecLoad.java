package dev.txnharness.engine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Many optimistic-transaction clients against one RESP server, from one thread (one core): each
 * client loops {@code WATCH k; GET k} (one round trip), then {@code MULTI; SET k v; EXEC} (one
 * more), on one of {@code keys} shared keys, so some EXECs abort. Prints transactions (EXEC
 * replies, committed or aborted) per second over the measured window, and how many in all
 * (warm-up included).
 *
 * <pre>java -cp ... WatchExecLoad PORT [clients=1000] [keys=100] [warmupSeconds=5] [seconds=10]</pre>
 *
 * scripts/watch-bench.sh runs it against redis-server and the engine in the same run.
 */
public final class WatchExecLoad {
    private WatchExecLoad() {}

    /** One connection's state: which round trip it waits for, and its unread replies. */
    private static final class Conn {
        final SocketChannel ch;
        final byte[] first, second;
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        int phase; // 0: WATCH+GET sent (2 replies due), 1: MULTI+SET+EXEC sent (3 due)
        int due;

        Conn(SocketChannel ch, String key) {
            this.ch = ch;
            this.first = ("*2\r\n$5\r\nWATCH\r\n$" + key.length() + "\r\n" + key + "\r\n*2\r\n$3\r\nGET\r\n$" + key.length()
                    + "\r\n" + key + "\r\n").getBytes(StandardCharsets.US_ASCII);
            this.second = ("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key
                    + "\r\n$1\r\nv\r\n*1\r\n$4\r\nEXEC\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long warmup = (args.length > 3 ? Long.parseLong(args[3]) : 5) * 1_000_000_000L;
        long measure = (args.length > 4 ? Long.parseLong(args[4]) : 10) * 1_000_000_000L;
        Selector sel = Selector.open();
        for (int i = 0; i < clients; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            Conn c = new Conn(ch, "k:" + (i % keys));
            ch.register(sel, SelectionKey.OP_READ, c);
            send(c, c.first, 2, 0);
        }
        long start = System.nanoTime(), measureFrom = start + warmup, end = measureFrom + measure;
        long committed = 0, aborted = 0, all = 0;
        boolean measuring = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) break;
            if (!measuring && now >= measureFrom) {
                measuring = true;
                committed = 0;
                aborted = 0;
            }
            sel.select(100);
            for (SelectionKey k : sel.selectedKeys()) {
                Conn c = (Conn) k.attachment();
                if (k.isWritable() && c.out != null) {
                    c.ch.write(c.out);
                    if (!c.out.hasRemaining()) {
                        c.out = null;
                        k.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (!k.isReadable()) continue;
                if (c.ch.read(c.in) < 0) throw new IOException("the server closed a connection");
                c.in.flip();
                while (c.due > 0) {
                    int startPos = c.in.position();
                    int endPos = reply(c.in, startPos);
                    if (endPos < 0) break;
                    if (c.phase == 1 && c.due == 1) { // the EXEC's reply: *-1 when a WATCH fired
                        all++;
                        if (c.in.get(startPos) == '*' && c.in.get(startPos + 1) == '-') aborted++;
                        else committed++;
                    }
                    c.in.position(endPos);
                    c.due--;
                }
                c.in.compact();
                if (c.due == 0) {
                    if (c.phase == 0) send(c, c.second, 3, 1);
                    else send(c, c.first, 2, 0);
                    if (c.out != null) k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
            sel.selectedKeys().clear();
        }
        double secs = measure / 1e9;
        System.out.printf("%d clients, %d keys: %.0f transactions/s (%.0f committed/s, %.0f aborted/s), %d in all%n",
                clients, keys, (committed + aborted) / secs, committed / secs, aborted / secs, all);
        System.exit(0);
    }

    private static void send(Conn c, byte[] bytes, int due, int phase) throws IOException {
        c.phase = phase;
        c.due = due;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        c.ch.write(b);
        c.out = b.hasRemaining() ? b : null;
    }

    /** The end of one complete RESP2 reply starting at {@code p}, or -1 when it has not all arrived. */
    private static int reply(ByteBuffer b, int p) {
        if (p >= b.limit()) return -1;
        byte type = b.get(p);
        int eol = lineEnd(b, p);
        if (eol < 0) return -1;
        if (type == '+' || type == '-' || type == ':') return eol + 2;
        long n = Long.parseLong(new String(bytes(b, p + 1, eol), StandardCharsets.US_ASCII));
        if (type == '$') {
            if (n < 0) return eol + 2;
            int e = (int) (eol + 2 + n + 2);
            return e <= b.limit() ? e : -1;
        }
        int q = eol + 2; // '*'
        for (long i = 0; i < n; i++) {
            q = reply(b, q);
            if (q < 0) return -1;
        }
        return q;
    }

    private static int lineEnd(ByteBuffer b, int p) {
        for (int i = p; i + 1 < b.limit(); i++) if (b.get(i) == '\r' && b.get(i + 1) == '\n') return i;
        return -1;
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] out = new byte[to - from];
        for (int i = from; i < to; i++) out[i - from] = b.get(i);
        return out;
    }
}
