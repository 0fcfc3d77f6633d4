package dev.txnharness.engine.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Engine;
import dev.txnharness.engine.protocol.Reply;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A script past lua-time-limit, over the wire: the server keeps answering other connections (the
 * script runs off the event loop), with -BUSY for all but MULTI, WATCH, DISCARD, SCRIPT KILL and
 * the like, and nothing of a transaction runs by halves. The scenarios of multi.tcl's "... and
 * script timeout" tests; every reply as redis-server 7.0.15 gives it.
 */
class BusyScriptTest {
    private static final Reply.Err BUSY = new Reply.Err(Engine.BUSY_SCRIPT);
    private EngineServer server;

    @BeforeEach
    void start() throws IOException {
        server = EngineServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** Starts the endless script on its own connection and waits until the engine is busy. */
    private RespClient busyScript(RespClient admin) throws IOException {
        assertEquals(Reply.OK, admin.call("CONFIG", "SET", "lua-time-limit", "10"));
        RespClient looping = server.connect();
        looping.send("EVAL", "while true do end", "0");
        looping.flush();
        Await.until(() -> server.engine.isBusy(), Duration.ofSeconds(10), "the script runs past lua-time-limit");
        return looping;
    }

    private void killAndCheck(RespClient admin, RespClient looping) throws IOException {
        assertEquals(Reply.OK, admin.call("SCRIPT", "KILL"));
        Reply killed = looping.read();
        assertEquals(new Reply.Err("ERR Script killed by user with SCRIPT KILL... script: "
                + "694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1."), killed);
        Await.until(() -> !server.engine.isBusy(), Duration.ofSeconds(10), "no longer busy");
        assertEquals(Reply.PONG, admin.call("PING"));
        assertEquals(new Reply.Err("NOTBUSY No scripts in execution right now."), admin.call("SCRIPT", "KILL"));
        looping.close();
    }

    @Test
    @DisplayName("While a script is busy: -BUSY for most commands, MULTI/WATCH/DISCARD/RESET/SCRIPT KILL answered")
    void busyAnswersAndAllowedCommands() throws IOException {
        try (RespClient admin = server.connect(); RespClient other = server.connect()) {
            RespClient looping = busyScript(admin);
            assertEquals(BUSY, other.call("PING"));
            assertEquals(BUSY, other.call("GET", "x"));
            assertEquals(BUSY, other.call("CONFIG", "GET", "lua-time-limit"));
            assertEquals(BUSY, other.call("FUNCTION", "KILL"));
            assertEquals(Reply.OK, other.call("MULTI"));
            assertEquals(BUSY, other.call("INCR", "xx"));
            assertEquals(new Reply.Err("ERR WATCH inside MULTI is not allowed"), other.call("WATCH", "k"));
            assertEquals(Reply.QUEUED, other.call("UNWATCH"));
            assertEquals(Reply.OK, other.call("DISCARD"));
            assertEquals(Reply.OK, other.call("MULTI"));
            assertEquals(new Reply.Err("EXECABORT Transaction discarded because of: " + Engine.BUSY_SCRIPT), other.call("EXEC"));
            assertEquals(new Reply.Simple("RESET"), other.call("RESET"));
            killAndCheck(admin, looping);
        }
    }

    // multi.tcl: "MULTI-EXEC body and script timeout"
    @Test
    @DisplayName("A command refused as BUSY in a transaction aborts its EXEC after the script is killed")
    void transactionBodyDuringBusyScript() throws IOException {
        try (RespClient admin = server.connect(); RespClient r2 = server.connect()) {
            assertEquals(Reply.OK, admin.call("SET", "xx", "1"));
            assertEquals(Reply.OK, r2.call("MULTI"));
            assertEquals(Reply.QUEUED, r2.call("INCR", "xx"));
            RespClient looping = busyScript(admin);
            assertEquals(BUSY, r2.call("INCR", "xx"));
            killAndCheck(admin, looping);
            Reply exec = r2.call("EXEC");
            assertEquals(new Reply.Err("EXECABORT Transaction discarded because of previous errors."), exec);
            assertEquals(Reply.Bulk.of("1"), admin.call("GET", "xx"), "none of the transaction ran");
            assertEquals(Reply.Bulk.of("asdf"), r2.call("PING", "asdf"), "no longer in MULTI");
        }
    }

    @Test
    @DisplayName("A quick script ends and leaves the engine idle")
    void scriptsThatEnd() throws IOException {
        try (RespClient c = server.connect()) {
            assertEquals(Reply.Int.of(3), c.call("EVAL", "local n = 0 for i = 1, 3 do n = n + 1 end return n", "0"));
            assertTrue(!server.engine.isBusy());
        }
    }

    @Test
    @DisplayName("A connection closing while a script is busy does not stall the server: SCRIPT KILL still gets through")
    void disconnectWhileBusy() throws IOException {
        try (RespClient admin = server.connect()) {
            RespClient leaving = server.connect();
            assertEquals(Reply.OK, leaving.call("WATCH", "k"));
            assertEquals(Reply.OK, leaving.call("MULTI"));
            RespClient looping = busyScript(admin);
            long before = server.engine.clients().size();
            leaving.close();
            Await.until(() -> server.engine.clients().size() == before - 1, Duration.ofSeconds(10),
                    "the closed connection's client is released by the script's thread");
            killAndCheck(admin, looping);
        }
    }

    @Test
    @DisplayName("SHUTDOWN NOSAVE while a script that wrote is busy: the script stops, its writes are not logged")
    void shutdownStopsABusyScriptThatWrote() throws IOException {
        java.util.List<String> logged = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.engine.setCommandLog((commands, transaction) -> {
            for (var l : commands) logged.add(new String(l.argv()[0], java.nio.charset.StandardCharsets.US_ASCII));
        });
        java.util.concurrent.CountDownLatch shutdown = new java.util.concurrent.CountDownLatch(1);
        server.engine.onShutdown(shutdown::countDown);
        try (RespClient admin = server.connect(); RespClient looping = server.connect()) {
            assertEquals(Reply.OK, admin.call("CONFIG", "SET", "lua-time-limit", "10"));
            looping.send("EVAL", "redis.call('set', 'w', '1') while true do end", "0");
            looping.flush();
            Await.until(() -> server.engine.isBusy(), Duration.ofSeconds(10), "busy");
            assertEquals(new Reply.Err("UNKILLABLE Sorry the script already executed write commands against the dataset."
                    + " You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."),
                    admin.call("SCRIPT", "KILL"));
            admin.send("SHUTDOWN", "NOSAVE");
            admin.flush();
            Await.until(() -> shutdown.getCount() == 0, Duration.ofSeconds(10), "the shutdown action runs");
            assertTrue(looping.read() instanceof Reply.Err, "the script was stopped");
            Await.until(() -> !server.engine.isBusy(), Duration.ofSeconds(10), "no longer busy");
            assertEquals(java.util.List.of(), logged, "nothing of the stopped script reached the log");
        }
    }
}
