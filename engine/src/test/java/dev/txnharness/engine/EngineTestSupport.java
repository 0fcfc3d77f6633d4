package dev.txnharness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.protocol.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Helpers for in-process tests of the engine: a {@link Session} (an engine on a {@link
 * ManualClock}, optionally built with {@link Fault}s) and {@link Conn}ections that send commands
 * written as one line of words, the way they are typed into redis-cli.
 *
 * <p>Replies are compared either as {@link Reply} values or as the exact RESP bytes Redis 7.0.15
 * sends ({@link #wire}); a failed comparison always shows both sides as RESP text, so the message
 * reads like a redis-cli session.
 */
public final class EngineTestSupport {
    private EngineTestSupport() {}

    public static final Reply OK = Reply.OK;
    public static final Reply QUEUED = Reply.QUEUED;
    public static final Reply PONG = Reply.PONG;
    /** {@code *-1}: the aborted EXEC, the BLPOP that found nothing. */
    public static final Reply NIL_ARRAY = Reply.NullArray.INSTANCE;
    /** {@code $-1}: GET of a missing key. */
    public static final Reply NIL = Reply.NullBulk.INSTANCE;
    /** EXEC after a queue-time error. */
    public static final Reply EXECABORT = err("EXECABORT Transaction discarded because of previous errors.");

    public static Reply.Bulk bulk(String s) {
        return Reply.Bulk.of(s);
    }

    public static Reply.Int integer(long n) {
        return Reply.Int.of(n);
    }

    /** An error reply; {@code message} is everything after the dash ("ERR ...", "WRONGTYPE ..."). */
    public static Reply.Err err(String message) {
        return new Reply.Err(message);
    }

    public static Reply.Array array(Reply... items) {
        return Reply.Array.of(items);
    }

    /** The exact bytes Redis sends for the reply in the given protocol, as Latin-1 text. */
    public static String wire(Reply r, int protocol) {
        return new String(RespWriter.toBytes(r, protocol), StandardCharsets.ISO_8859_1);
    }

    /** RESP text with CR and LF made visible, for failure messages. */
    public static String show(String resp) {
        return resp.replace("\r", "\\r").replace("\n", "\\n");
    }

    static String show(Reply r) {
        return r == null ? "(blocked: no reply)" : show(wire(r, 3)) + "  " + r;
    }

    /** Asserts the reply equals {@code expected}, showing both as RESP on failure. */
    public static void assertReply(Reply expected, Reply actual, String context) {
        if (!expected.equals(actual)) {
            fail(context + "\n  expected: " + show(expected) + "\n  but was:  " + show(actual));
        }
    }

    /** The system property naming faults for {@link Session#Session()}. */
    public static final String FAULTS_PROPERTY = "txnharness.faults";

    private static Set<Fault> faultsFromProperty() {
        EnumSet<Fault> out = EnumSet.noneOf(Fault.class);
        String names = System.getProperty(FAULTS_PROPERTY, "").trim();
        if (!names.isEmpty()) for (String n : names.split(",")) out.add(Fault.valueOf(n.trim()));
        return out;
    }

    /** An engine on a manual clock, with the given faults built in, and its connections. */
    public static final class Session implements AutoCloseable {
        public final ManualClock clock = new ManualClock();
        public final Engine engine;

        /**
         * An engine without faults, unless the system property {@value #FAULTS_PROPERTY} names some
         * (comma-separated {@link Fault} names): a way to run the whole suite against a faulty
         * engine and see which tests catch the fault.
         */
        public Session() {
            this(faultsFromProperty());
        }

        /** An engine with exactly these faults (none if empty), whatever the system property says. */
        public Session(Fault... faults) {
            this(faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(Arrays.asList(faults)));
        }

        public Session(Set<Fault> faults) {
            this.engine = Engine.builder().clock(clock).faults(faults).build();
        }

        /** A new connection (database 0, RESP2). */
        public Conn connect() {
            return new Conn(engine.connect());
        }

        /** Moves the clock; nothing expires actively until {@link #cron}. */
        public void advance(long millis) {
            clock.advance(millis);
        }

        /** One run of the server cron: active expiry and blocking timeouts. */
        public void cron() {
            engine.cron();
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /**
     * One connection of a {@link Session}. Commands are one line of words separated by spaces
     * (no quoting: arguments in these tests have no spaces). Replies of a command that blocked
     * arrive later in {@link #pushed()}.
     */
    public static final class Conn {
        private final Client client;
        private final List<Reply> pushed = Collections.synchronizedList(new ArrayList<>());

        Conn(Client client) {
            this.client = client;
            client.onAsyncReply(pushed::add);
        }

        public Client client() {
            return client;
        }

        /** Sends a command line; answers its reply, or null if the client is now blocked. */
        public Reply send(String line) {
            return argv(line.trim().split("\\s+"));
        }

        /** Sends the arguments as they are (for arguments with spaces or odd bytes). */
        public Reply argv(String... args) {
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
            return client.execute(argv);
        }

        /** Sends a command line and answers the exact bytes of its reply in this connection's protocol. */
        public String wire(String line) {
            Reply r = send(line);
            assertNotNull(r, () -> "'" + line + "' blocked");
            return EngineTestSupport.wire(r, client.protocol());
        }

        /** Sends a command line and asserts its reply. */
        public Conn expect(String line, Reply expected) {
            assertReply(expected, send(line), "reply to '" + line + "'");
            return this;
        }

        /** Sends a command line and asserts the exact bytes of its reply. */
        public Conn expectWire(String line, String expectedResp) {
            assertEquals(show(expectedResp), show(wire(line)), "bytes of the reply to '" + line + "'");
            return this;
        }

        /** Sends a command line that must answer +OK. */
        public Conn ok(String line) {
            return expect(line, OK);
        }

        /** Sends a command line that must answer +QUEUED (inside MULTI). */
        public Conn queued(String line) {
            return expect(line, QUEUED);
        }

        /** Sends each command line, ignoring the replies (setup). */
        public Conn run(String... lines) {
            for (String l : lines) assertNotNull(send(l), () -> "'" + l + "' blocked during setup");
            return this;
        }

        /**
         * MULTI, PING, EXEC: the probe multi.tcl uses to ask whether a watched key was touched.
         * Answers EXEC's reply: {@code [PONG]} if it ran, the null array if it aborted.
         */
        public Reply multiPingExec() {
            ok("MULTI");
            queued("PING");
            return send("EXEC");
        }

        /** Asserts that {@link #multiPingExec} aborts (a watched key was touched). */
        public void assertExecAborts(String why) {
            assertReply(NIL_ARRAY, multiPingExec(), "EXEC should fail: " + why);
        }

        /** Asserts that {@link #multiPingExec} runs (no watched key was touched). */
        public void assertExecRuns(String why) {
            assertReply(array(PONG), multiPingExec(), "EXEC should run: " + why);
        }

        /** Replies delivered after the command blocked (BLPOP served or timed out). */
        public List<Reply> pushed() {
            synchronized (pushed) {
                return List.copyOf(pushed);
            }
        }

        /** Disconnects. */
        public void close() {
            client.close();
        }
    }
}
