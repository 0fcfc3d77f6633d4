package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Client;
import dev.txnharness.engine.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine over real sockets: replies byte for byte, pipelining, blocking, RESP3, disconnects,
 * limits, and a server that outlives its worst clients. Protocol errors and parsing quirks are in
 * the wire conformance tests, which also run against a real Redis.
 */
class RespServerTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EngineServer server;

    @BeforeEach
    void start() throws IOException {
        server = EngineServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static String raw(RespClient c, String expected) throws IOException {
        return RespClient.latin1(c.readRaw(expected.getBytes(StandardCharsets.ISO_8859_1).length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    private Client onlyNewClient(Set<Long> before) {
        List<Client> fresh = server.engine.clients().stream().filter(c -> !before.contains(c.id())).toList();
        assertEquals(1, fresh.size(), "exactly one new engine client");
        return fresh.get(0);
    }

    private Set<Long> clientIds() {
        return server.engine.clients().stream().map(Client::id).collect(Collectors.toSet());
    }

    @Test
    @DisplayName("PING replies +PONG")
    void pingRepliesPong() throws IOException {
        try (RespClient c = server.connect()) {
            c.writeRaw(RespClient.encode("PING"));
            assertEquals("+PONG\r\n", raw(c, "+PONG\r\n"));
        }
    }

    @Test
    @DisplayName("MULTI, SET, INCR, EXEC byte for byte")
    void multiSetIncrExecByteForByte() throws IOException {
        try (RespClient c = server.connect()) {
            c.writeRaw(concat(RespClient.encode("MULTI"), RespClient.encode("SET", "n", "1"),
                    RespClient.encode("INCR", "n"), RespClient.encode("EXEC")));
            String expected = "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n";
            assertEquals(expected, raw(c, expected));
        }
    }

    @Test
    @DisplayName("1000 commands pipelined in one write are answered in order")
    void thousandPipelinedCommandsInOneWrite() throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            request.writeBytes(RespClient.encode("INCR", "counter"));
            expected.append(':').append(i).append("\r\n");
        }
        try (RespClient c = server.connect()) {
            c.writeRaw(request.toByteArray());
            assertEquals(expected.toString(), raw(c, expected.toString()));
        }
    }

    @Test
    @DisplayName("a long pipeline of SET and GET, larger than one read and one write batch, stays in order")
    void longPipelineStaysInOrder() throws IOException {
        int n = 20_000;
        try (RespClient c = server.connect()) {
            for (int i = 0; i < n; i++) {
                c.send("SET", "k" + (i % 100), "value-" + i);
                c.send("GET", "k" + (i % 100));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(Reply.OK, c.read());
                assertEquals(Reply.Bulk.of("value-" + i), c.read());
            }
        }
    }

    @Test
    @DisplayName("inline commands, with quotes, are run like multibulk ones")
    void inlineCommands() throws IOException {
        try (RespClient c = server.connect()) {
            c.writeRaw("SET greeting \"hello world\"\r\nGET greeting\nMULTI\r\nINCR n\r\nEXEC\r\n");
            String expected = "+OK\r\n$11\r\nhello world\r\n+OK\r\n+QUEUED\r\n*1\r\n:1\r\n";
            assertEquals(expected, raw(c, expected));
        }
    }

    @Test
    @DisplayName("a command split across writes is answered once whole, and does not hold up other clients")
    void partialCommandWaitsWithoutBlockingOthers() throws IOException {
        try (RespClient slow = server.connect(); RespClient other = server.connect()) {
            slow.writeRaw("*2\r\n$4\r\nECHO\r\n$5\r\nab");
            assertEquals(Reply.PONG, other.call("PING"));
            slow.readTimeout(SHORT);
            assertThrows(SocketTimeoutException.class, () -> slow.readRaw(1), "nothing until the bulk is whole");
            slow.readTimeout(WAIT);
            slow.writeRaw("cde\r\n");
            assertEquals(Reply.Bulk.of("abcde"), slow.read());
        }
    }

    @Test
    @DisplayName("huge declared bulk lengths are held as headers, not allocated (64 clients x 512 MB declared)")
    void hugeDeclaredBulksAreNotAllocated() throws IOException {
        List<RespClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                RespClient c = server.connect();
                clients.add(c);
                // 512 MB, exactly proto-max-bulk-len: accepted, so the server waits for the data.
                c.writeRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nsome bytes");
            }
            try (RespClient probe = server.connect()) {
                assertEquals(Reply.PONG, probe.call("PING"), "32 GB declared, and the server still answers");
            }
            // And one byte more is refused from the header alone.
            try (RespClient over = server.connect()) {
                over.writeRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n");
                String expected = "-ERR Protocol error: invalid bulk length\r\n";
                assertEquals(expected, raw(over, expected));
                assertEquals("", RespClient.latin1(over.readRawUntilClosed()));
            }
        } finally {
            for (RespClient c : clients) c.close();
        }
    }

    @Test
    @DisplayName("a multibulk count over the limit is refused (INT_MAX by default, 1024*1024 as configured)")
    void multibulkCountOverTheLimitIsRefused() throws IOException {
        String refused = "-ERR Protocol error: invalid multibulk length\r\n";
        try (RespClient c = server.connect()) {
            c.writeRaw("*2147483648\r\n");
            assertEquals(refused, raw(c, refused));
            assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
        }
        try (EngineServer sixTwo = EngineServer.start(
                ServerConfig.defaults().withMaxMultibulkLength(ServerConfig.REDIS_6_MAX_MULTIBULK_LENGTH))) {
            try (RespClient c = sixTwo.connect()) {
                c.writeRaw("*1048577\r\n");
                assertEquals(refused, raw(c, refused));
                assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
            }
            try (RespClient c = sixTwo.connect()) {
                c.writeRaw("*1048576\r\n");
                c.readTimeout(SHORT);
                assertThrows(SocketTimeoutException.class, () -> c.readRaw(1), "at the limit: waits for arguments");
            }
        }
    }

    @Test
    @DisplayName("input piling up past client-query-buffer-limit closes the connection without a reply")
    void queryBufferLimitClosesTheConnection() throws IOException {
        try (EngineServer small = EngineServer.start(ServerConfig.defaults().withClientQueryBufferLimit(100_000));
                RespClient c = small.connect()) {
            c.writeRaw("*1\r\n$200000\r\n"); // within proto-max-bulk-len: the data is waited for
            c.writeRaw(new byte[150_000]);
            assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
        }
    }

    @Test
    @DisplayName("an HTTP request (POST, Host:) closes the connection: what follows it never runs, and the attack is logged")
    void crossProtocolScriptingClosesTheConnection() throws IOException {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        server.engine.setWarningLog(log::add);
        try (RespClient c = server.connect(); RespClient other = server.connect()) {
            c.writeRaw("PING\r\nPOST / HTTP/1.1\r\nHost: x\r\n\r\nSET k v\r\n");
            // redis-server 7.0.15 answers nothing here either: a client closing asap gets no writes
            assertEquals("", RespClient.latin1(c.readRawUntilClosed()), "closed, the PONG of the same read dropped");
            assertEquals(Reply.NullBulk.INSTANCE, other.call("GET", "k"), "the SET after it never ran");
        }
        try (RespClient c = server.connect()) { // Host: first, as a multibulk, inside MULTI
            assertEquals(Reply.OK, c.call("MULTI")); // answered in an earlier read: sent
            c.writeRaw(concat(RespClient.encode("Host:", "x"), RespClient.encode("SET", "k", "v")));
            assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
        }
        assertEquals(List.of(dev.txnharness.engine.Engine.SECURITY_WARNING), log, "logged once a minute at most");
        assertEquals("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis."
                + " This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis"
                + " instance. Connection aborted.", log.get(0));
        try (RespClient c = server.connect()) {
            assertEquals(Reply.NullBulk.INSTANCE, c.call("GET", "k"));
            assertEquals(Reply.Int.of(0), c.call("EXISTS", "POST"));
        }
    }

    @Test
    @DisplayName("a client disconnecting in MULTI leaves nothing queued or watched")
    void disconnectInMultiLeavesNothingBehind() throws IOException {
        try (RespClient other = server.connect()) {
            assertEquals(Reply.PONG, other.call("PING"));
            Set<Long> before = clientIds();
            Client quitter;
            try (RespClient a = server.connect()) {
                assertEquals(Reply.OK, a.call("WATCH", "k"));
                assertEquals(Reply.OK, a.call("MULTI"));
                assertEquals(Reply.QUEUED, a.call("SET", "k", "from-the-transaction"));
                quitter = onlyNewClient(before);
                assertTrue(quitter.multiState().inMulti());
            } // closed abruptly: no EXEC, no QUIT
            Await.until(quitter::isClosed, WAIT, "the server disconnects the engine client");
            assertEquals(0, quitter.multiState().queued(), "nothing left queued");
            assertEquals(0, quitter.multiState().watching(), "nothing left watched");
            assertFalse(server.engine.clients().contains(quitter));
            assertEquals(Reply.NullBulk.INSTANCE, other.call("GET", "k"), "the queued SET never ran");
            assertEquals(Reply.Int.of(0), other.call("EXISTS", "k"));
        }
    }

    @Test
    @DisplayName("BLPOP is served by another client's push over the wire, and holds back what was pipelined after it")
    void blpopServedByAnotherClientsPush() throws IOException {
        try (RespClient waiter = server.connect(); RespClient pusher = server.connect()) {
            waiter.writeRaw(concat(RespClient.encode("BLPOP", "queue", "0"), RespClient.encode("PING")));
            Await.until(() -> server.engine.clients().stream().anyMatch(Client::isBlocked), WAIT, "the waiter blocks");
            waiter.readTimeout(SHORT);
            assertThrows(SocketTimeoutException.class, () -> waiter.readRaw(1), "no reply while blocked, not even PONG");
            waiter.readTimeout(WAIT);
            assertEquals(Reply.Int.of(1), pusher.call("RPUSH", "queue", "job"));
            String expected = "*2\r\n$5\r\nqueue\r\n$3\r\njob\r\n+PONG\r\n";
            assertEquals(expected, raw(waiter, expected));
            assertEquals(Reply.Int.of(0), pusher.call("LLEN", "queue"), "the waiter took the element");
        }
    }

    @Test
    @DisplayName("BLPOP times out with a null array")
    void blpopTimesOut() throws IOException {
        try (RespClient c = server.connect()) {
            c.writeRaw(RespClient.encode("BLPOP", "nothing-here", "0.1"));
            assertEquals("*-1\r\n", raw(c, "*-1\r\n"));
            assertEquals(Reply.PONG, c.call("PING"));
        }
    }

    @Test
    @DisplayName("a blocked client that disconnects is unblocked, so a later push is not lost to it")
    void blockedClientDisconnectingIsUnblocked() throws IOException {
        try (RespClient pusher = server.connect()) {
            Client blocked;
            try (RespClient waiter = server.connect()) {
                waiter.writeRaw(RespClient.encode("BLPOP", "queue", "0"));
                Await.until(() -> server.engine.clients().stream().anyMatch(Client::isBlocked), WAIT, "the waiter blocks");
                blocked = server.engine.clients().stream().filter(Client::isBlocked).findFirst().orElseThrow();
            }
            Await.until(blocked::isClosed, WAIT, "the server disconnects the blocked client");
            assertEquals(Reply.Int.of(1), pusher.call("RPUSH", "queue", "job"));
            assertEquals(Reply.Int.of(1), pusher.call("LLEN", "queue"), "the element is still there");
        }
    }

    @Test
    @DisplayName("HELLO 3 switches to RESP3: the aborted EXEC is _ (and a missing key too)")
    void resp3AbortedExecIsNull() throws IOException {
        try (RespClient c = server.connect(); RespClient writer = server.connect()) {
            assertInstanceOf(Reply.MapReply.class, c.call("HELLO", "3"));
            c.writeRaw(RespClient.encode("GET", "missing"));
            assertEquals("_\r\n", raw(c, "_\r\n"));
            assertEquals(Reply.OK, c.call("WATCH", "k"));
            assertEquals(Reply.OK, writer.call("SET", "k", "changed"));
            c.writeRaw(concat(RespClient.encode("MULTI"), RespClient.encode("GET", "k"), RespClient.encode("EXEC")));
            String expected = "+OK\r\n+QUEUED\r\n_\r\n";
            assertEquals(expected, raw(c, expected));
            // The RESP2 connection still sees RESP2.
            writer.writeRaw(RespClient.encode("GET", "missing"));
            assertEquals("$-1\r\n", raw(writer, "$-1\r\n"));
        }
    }

    @Test
    @DisplayName("the server survives clients sending garbage, and the others keep working")
    void survivesGarbage() throws Exception {
        Random random = new Random(20261125L); // seeded: a failure replays
        try (RespClient good = server.connect()) {
            assertEquals(Reply.Int.of(1), good.call("INCR", "n"));
            for (int i = 0; i < 20; i++) {
                try (RespClient bad = server.connect()) {
                    byte[] junk = new byte[1 + random.nextInt(8192)];
                    random.nextBytes(junk);
                    if (i % 2 == 0) junk[0] = '*'; // half of them as a broken multibulk
                    bad.writeRaw(junk);
                    assertEquals(Reply.Int.of(2 + i), good.call("INCR", "n"), "after garbage client " + i);
                }
            }
            Await.until(() -> server.server.connectionCount() == 1, WAIT, "the garbage connections are gone");
            assertEquals(Reply.Int.of(22), good.call("INCR", "n"));
        }
    }

    @Test
    @DisplayName("many concurrent clients: no lost INCR, and every EXEC is isolated")
    void manyConcurrentClients() throws Exception {
        int clients = 32;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                work.add(() -> {
                    try (RespClient c = server.connect()) {
                        for (int i = 0; i < rounds; i++) {
                            c.send("MULTI");
                            c.send("INCR", "counter");
                            c.send("INCR", "counter");
                            c.send("EXEC");
                            assertEquals(Reply.OK, c.read());
                            assertEquals(Reply.QUEUED, c.read());
                            assertEquals(Reply.QUEUED, c.read());
                            List<Reply> exec = ((Reply.Array) c.read()).items();
                            long first = ((Reply.Int) exec.get(0)).value();
                            assertEquals(Reply.Int.of(first + 1), exec.get(1), "nothing ran between the two INCRs");
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) f.get();
        } finally {
            pool.shutdownNow();
        }
        try (RespClient c = server.connect()) {
            assertEquals(Reply.Bulk.of(Integer.toString(clients * rounds * 2)), c.call("GET", "counter"));
        }
    }

    @Test
    @DisplayName("closing the server closes its connections and disconnects their clients")
    void closeClosesConnections() throws IOException {
        try (RespClient c = server.connect()) {
            assertEquals(Reply.OK, c.call("MULTI"));
            server.server.close();
            assertEquals("", RespClient.latin1(c.readRawUntilClosed()));
            assertTrue(server.engine.clients().isEmpty(), "every engine client is disconnected");
        }
    }
}
