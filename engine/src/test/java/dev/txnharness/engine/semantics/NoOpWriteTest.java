package dev.txnharness.engine.semantics;

import static dev.txnharness.engine.EngineTestSupport.NIL_ARRAY;
import static dev.txnharness.engine.EngineTestSupport.PONG;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.assertReply;
import static dev.txnharness.engine.EngineTestSupport.show;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.EngineTestSupport.Session;
import dev.txnharness.engine.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which writes touch a watched key and which do not: "modification" is what Redis signals as a
 * modified key. A write that changes the key touches it even when the value stays the same (SET k v
 * when k is already v); a write that changes nothing, an error, or a read does not.
 *
 * <p>Covers SEMANTICS.md line 15 (every no-op write it names: SET NX on an existing key, SET XX on
 * a missing one, SADD of an existing member, SREM of a missing member, HDEL of a missing field,
 * DEL/UNLINK of a missing key, a failed MSETNX, EXPIRE on a missing key; reads never touch; and the
 * real writes, SET to the same value included), the TTL part of line 17 (EXPIRE / PEXPIRE /
 * PERSIST that change the TTL touch; those that change nothing do not) and the "peers get wrong"
 * items: SADD of an existing member or HDEL of a missing field aborting; SREM / SPOP / PERSIST not
 * aborting. Each case runs twice: written by another client, and by the watching client itself
 * outside its transaction.
 *
 * <p>How the table was made: each row was run against redis-server 7.0.15 as {@code FLUSHALL;
 * setup; WATCH k; write (other or same client); MULTI; PING; EXEC} and the write's reply and
 * whether EXEC answered {@code *-1} recorded here.
 */
class NoOpWriteTest {

    /** One row: setup (';'-separated), the write, its exact reply, whether it touches k. */
    record Case(String name, String setup, String write, String reply, boolean touches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final boolean TOUCHES = true, NO_TOUCH = false;

    static final List<Case> CASES = List.of(
            // ---- no-op writes named by SEMANTICS 15: they do not touch
            new Case("SET NX on an existing key", "SET k v", "SET k w NX", "$-1\r\n", NO_TOUCH),
            new Case("SET XX on a missing key", "", "SET k w XX", "$-1\r\n", NO_TOUCH),
            new Case("SADD of an existing member", "SADD k m", "SADD k m", ":0\r\n", NO_TOUCH),
            new Case("SREM of a missing member", "SADD k m", "SREM k x", ":0\r\n", NO_TOUCH),
            new Case("HDEL of a missing field", "HSET k f v", "HDEL k g", ":0\r\n", NO_TOUCH),
            new Case("DEL of a missing key", "", "DEL k", ":0\r\n", NO_TOUCH),
            new Case("UNLINK of a missing key", "", "UNLINK k", ":0\r\n", NO_TOUCH),
            new Case("a failed MSETNX", "SET other 1", "MSETNX k v other w", ":0\r\n", NO_TOUCH),
            new Case("EXPIRE on a missing key", "", "EXPIRE k 100", ":0\r\n", NO_TOUCH),
            // ---- more writes that change nothing
            new Case("SETNX on an existing key", "SET k v", "SETNX k w", ":0\r\n", NO_TOUCH),
            new Case("SREM on a missing key", "", "SREM k x", ":0\r\n", NO_TOUCH),
            new Case("HSETNX of an existing field", "HSET k f v", "HSETNX k f w", ":0\r\n", NO_TOUCH),
            new Case("PEXPIRE on a missing key", "", "PEXPIRE k 100000", ":0\r\n", NO_TOUCH),
            new Case("PERSIST on a key without TTL", "SET k v", "PERSIST k", ":0\r\n", NO_TOUCH),
            new Case("PERSIST on a missing key", "", "PERSIST k", ":0\r\n", NO_TOUCH),
            new Case("EXPIRE NX on a key with a TTL", "SET k v EX 100", "EXPIRE k 200 NX", ":0\r\n", NO_TOUCH),
            new Case("LPUSHX on a missing key", "", "LPUSHX k a", ":0\r\n", NO_TOUCH),
            new Case("LPOP on a missing key", "", "LPOP k", "$-1\r\n", NO_TOUCH),
            new Case("SPOP on a missing key", "", "SPOP k", "$-1\r\n", NO_TOUCH),
            new Case("GETDEL on a missing key", "", "GETDEL k", "$-1\r\n", NO_TOUCH),
            new Case("LREM with no match", "RPUSH k a", "LREM k 0 b", ":0\r\n", NO_TOUCH),
            new Case("SMOVE of a missing member", "SADD k a", "SMOVE k other b", ":0\r\n", NO_TOUCH),
            new Case("RENAMENX onto an existing key", "SET k v;SET src s", "RENAMENX src k", ":0\r\n", NO_TOUCH),
            new Case("MOVE when the target db has the key", "SET k v;SELECT 1;SET k w;SELECT 0", "MOVE k 1", ":0\r\n", NO_TOUCH),
            new Case("COPY onto an existing key without REPLACE", "SET k v;SET src s", "COPY src k", ":0\r\n", NO_TOUCH),
            new Case("COPY from the watched key", "SET k v", "COPY k other", ":1\r\n", NO_TOUCH),
            // ---- writes that fail do not touch
            new Case("INCR on a non-integer", "SET k abc", "INCR k", "-ERR value is not an integer or out of range\r\n", NO_TOUCH),
            new Case("INCR past the maximum", "SET k 9223372036854775807", "INCR k", "-ERR increment or decrement would overflow\r\n", NO_TOUCH),
            new Case("LPUSH on a string key (WRONGTYPE)", "SET k v", "LPUSH k a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", NO_TOUCH),
            // ---- reads never touch
            new Case("GET", "SET k v", "GET k", "$1\r\nv\r\n", NO_TOUCH),
            new Case("EXISTS", "SET k v", "EXISTS k", ":1\r\n", NO_TOUCH),
            new Case("TTL", "SET k v EX 100", "TTL k", ":100\r\n", NO_TOUCH),
            new Case("TYPE", "SET k v", "TYPE k", "+string\r\n", NO_TOUCH),
            new Case("LRANGE", "RPUSH k a", "LRANGE k 0 -1", "*1\r\n$1\r\na\r\n", NO_TOUCH),
            new Case("SMEMBERS", "SADD k a", "SMEMBERS k", "*1\r\n$1\r\na\r\n", NO_TOUCH),
            new Case("HGETALL", "HSET k f v", "HGETALL k", "*2\r\n$1\r\nf\r\n$1\r\nv\r\n", NO_TOUCH),
            // ---- real writes touch, even when the value stays the same
            new Case("SET to the same value", "SET k v", "SET k v", "+OK\r\n", TOUCHES),
            new Case("SET to a new value", "SET k v", "SET k w", "+OK\r\n", TOUCHES),
            new Case("SET NX on a missing key", "", "SET k v NX", "+OK\r\n", TOUCHES),
            new Case("SET XX on an existing key", "SET k v", "SET k v XX", "+OK\r\n", TOUCHES),
            new Case("SADD of a new member", "SADD k m", "SADD k n", ":1\r\n", TOUCHES),
            new Case("SREM of an existing member", "SADD k m n", "SREM k m", ":1\r\n", TOUCHES),
            new Case("SPOP", "SADD k m", "SPOP k", "$1\r\nm\r\n", TOUCHES),
            new Case("HSET to the same value", "HSET k f v", "HSET k f v", ":0\r\n", TOUCHES),
            new Case("HDEL of an existing field", "HSET k f v g w", "HDEL k f", ":1\r\n", TOUCHES),
            new Case("DEL of an existing key", "SET k v", "DEL k", ":1\r\n", TOUCHES),
            new Case("UNLINK of an existing key", "SET k v", "UNLINK k", ":1\r\n", TOUCHES),
            new Case("MSETNX that succeeds", "", "MSETNX k v other w", ":1\r\n", TOUCHES),
            new Case("MSET", "SET k v", "MSET other w k v", "+OK\r\n", TOUCHES),
            new Case("EXPIRE on an existing key", "SET k v", "EXPIRE k 100", ":1\r\n", TOUCHES),
            new Case("PEXPIRE on an existing key", "SET k v", "PEXPIRE k 100000", ":1\r\n", TOUCHES),
            new Case("EXPIRE in the past (deletes the key)", "SET k v", "EXPIRE k -1", ":1\r\n", TOUCHES),
            new Case("PERSIST on a key with a TTL", "SET k v EX 100", "PERSIST k", ":1\r\n", TOUCHES),
            new Case("INCR", "SET k 1", "INCR k", ":2\r\n", TOUCHES),
            new Case("INCRBY 0", "SET k 1", "INCRBY k 0", ":1\r\n", TOUCHES),
            new Case("APPEND", "SET k v", "APPEND k w", ":2\r\n", TOUCHES),
            new Case("LPUSH", "RPUSH k a", "LPUSH k b", ":2\r\n", TOUCHES),
            new Case("RPOP", "RPUSH k a b", "RPOP k", "$1\r\nb\r\n", TOUCHES),
            new Case("LSET to the same value", "RPUSH k a", "LSET k 0 a", "+OK\r\n", TOUCHES),
            new Case("LTRIM keeping everything", "RPUSH k a b", "LTRIM k 0 -1", "+OK\r\n", TOUCHES),
            new Case("GETSET to the same value", "SET k v", "GETSET k v", "$1\r\nv\r\n", TOUCHES),
            new Case("GETDEL", "SET k v", "GETDEL k", "$1\r\nv\r\n", TOUCHES),
            new Case("SETRANGE to the same bytes", "SET k v", "SETRANGE k 0 v", ":1\r\n", TOUCHES),
            new Case("HINCRBY", "HSET k f 1", "HINCRBY k f 1", ":2\r\n", TOUCHES),
            new Case("RENAME from the watched key", "SET k v", "RENAME k other", "+OK\r\n", TOUCHES),
            new Case("RENAME onto the watched key", "SET src v", "RENAME src k", "+OK\r\n", TOUCHES),
            new Case("MOVE of the watched key", "SET k v", "MOVE k 1", ":1\r\n", TOUCHES),
            new Case("COPY onto the watched key", "SET src v", "COPY src k", ":1\r\n", TOUCHES),
            new Case("SMOVE into the watched key", "SADD src a", "SMOVE src k a", ":1\r\n", TOUCHES),
            new Case("SETEX", "SET k v", "SETEX k 100 v", "+OK\r\n", TOUCHES));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : CASES) {
            out.add(Arguments.of(c, "another client"));
            out.add(Arguments.of(c, "the watching client"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, written by {1}")
    @DisplayName("WATCH k; <write>; MULTI; PING; EXEC — a write touches k only if it changes k")
    @MethodSource("cases")
    void writeTouchesOnlyIfItChangesTheKey(Case c, String writer) {
        try (Session s = new Session()) {
            Conn a = s.connect();
            Conn w = writer.equals("another client") ? s.connect() : a;
            for (String line : c.setup().split(";")) if (!line.isBlank()) a.run(line);
            a.ok("WATCH k");
            Assertions.assertEquals(show(c.reply()), show(w.wire(c.write())), "reply to '" + c.write() + "'");
            Reply exec = a.multiPingExec();
            assertReply(c.touches() ? NIL_ARRAY : array(PONG), exec,
                    "'" + c.write() + "' by " + writer + (c.touches() ? " changes k: EXEC must fail" : " changes nothing: EXEC must run"));
        }
    }

    @Test
    @DisplayName("The table names every no-op write of SEMANTICS 15 and every real write of the peers list")
    void tableIsComplete() {
        List<String> names = CASES.stream().map(Case::name).toList();
        for (String required : List.of("SET NX on an existing key", "SET XX on a missing key", "SADD of an existing member",
                "SREM of a missing member", "HDEL of a missing field", "DEL of a missing key", "UNLINK of a missing key",
                "a failed MSETNX", "EXPIRE on a missing key", "SET to the same value", "SREM of an existing member", "SPOP",
                "PERSIST on a key with a TTL", "GET")) {
            Assertions.assertTrue(names.contains(required), "missing row: " + required);
        }
    }
}
