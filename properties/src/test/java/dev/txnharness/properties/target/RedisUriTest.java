package dev.txnharness.properties.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import org.junit.jupiter.api.Test;

/**
 * {@code redis://[user:password@]host:port[/db]}: parsed as redis-cli parses it, never printed
 * with its password, and honoured on every connection a target opens (AUTH, then SELECT).
 */
class RedisUriTest {

    @Test
    void parsesUserPasswordAndDatabase() {
        RedisUri u = RedisUri.parse("redis://alice:s%40cret@db.example:6390/3");
        assertEquals("alice", u.user());
        assertEquals("s@cret", u.password());
        assertEquals("db.example", u.host());
        assertEquals(6390, u.port());
        assertEquals(3, u.db());
        assertFalse(u.tls());
        RedisUri p = RedisUri.parse("rediss://:pw@127.0.0.1:7000");
        assertTrue(p.tls());
        assertNull(p.user(), "no user: AUTH with the password alone");
        assertEquals("pw", p.password());
        assertEquals(0, p.db());
        assertEquals(6379, RedisUri.parse("redis://localhost").port());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertEquals("redis://alice:***@db.example:6390/3", RedisUri.parse("redis://alice:secret@db.example:6390/3").toString());
        assertEquals("redis://:***@h:1", RedisUri.parse("redis://:secret@h:1").redacted());
        assertEquals("./harness check --target redis://:***@h:1,jedis+rediss://bob:***@h:2/4 --seed 1",
                RedisUri.redact("./harness check --target redis://:secret@h:1,jedis+rediss://bob:other@h:2/4 --seed 1"));
        assertEquals("cannot reach redis://:***@h:1: refused", RedisUri.redact("cannot reach redis://:p@ss@h:1: refused"),
                "an unencoded @ in a password is masked too");
        assertEquals("--target redis-cluster://bob:***@h:7000,h:7001 and redis-sentinel://:***@h:26379/m",
                RedisUri.redact("--target redis-cluster://bob:pw@h:7000,h:7001 and redis-sentinel://:s3cret@h:26379/m"),
                "the distributed targets' URLs too");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUri.parse("redis://:secret@h:1/x"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        IllegalArgumentException escape = assertThrows(IllegalArgumentException.class, () -> RedisUri.parse("redis://:se%zzcret@h:1"));
        assertFalse(escape.getMessage().contains("cret"), escape.getMessage());
        assertFalse(Targets.of("redis://:secret@127.0.0.1:1").name().contains("secret"));
    }

    @Test
    void everyConnectionAuthenticatesAndSelectsTheDatabase() throws Exception {
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            try (RespClient admin = RespClient.connect("127.0.0.1", server.port())) {
                // set after the start: the launcher's readiness PING has no password
                assertEquals(Reply.OK, admin.call("CONFIG", "SET", "requirepass", "s3cret"));
                assertEquals(Reply.OK, admin.call("ACL", "SETUSER", "alice", "on", ">alicepw", "~*", "&*", "+@all"));
                Target t = Targets.of("redis://alice:alicepw@127.0.0.1:" + server.port() + "/3");
                assertEquals(3, t.db());
                try (Connection a = t.connect(); Connection b = t.connect()) {
                    assertEquals(Reply.OK, a.call("SET", "k", "in-db-3"));
                    assertEquals(Reply.Bulk.of("in-db-3"), b.call("GET", "k"), "the second connection is in db 3 too");
                    assertEquals(Reply.Bulk.of("alice"), a.call("ACL", "WHOAMI"));
                    assertEquals(new Reply.Simple("RESET"), a.call("RESET"));
                    assertEquals(Reply.Bulk.of("alice"), a.call("ACL", "WHOAMI"), "logged in again after RESET");
                    assertEquals(Reply.NullBulk.INSTANCE, a.call("GET", "k"), "RESET went to db 0, as Redis does");
                }
                assertEquals(Reply.OK, admin.call("SELECT", "3"));
                assertEquals(Reply.Bulk.of("in-db-3"), admin.call("GET", "k"));
                assertEquals(Reply.OK, admin.call("SELECT", "0"));
                assertEquals(Reply.NullBulk.INSTANCE, admin.call("GET", "k"), "nothing was written to db 0");
            }
            TargetRefusedException wrong = assertThrows(TargetRefusedException.class,
                    () -> Targets.of("redis://:nope@127.0.0.1:" + server.port()).connect());
            assertTrue(wrong.getMessage().contains("WRONGPASS") && !wrong.getMessage().contains("nope"), wrong.getMessage());
            Target jedis = Targets.of("jedis+redis://alice:alicepw@127.0.0.1:" + server.port() + "/3");
            assertEquals(3, jedis.db());
            try (Connection c = jedis.connect()) {
                assertEquals(Reply.Bulk.of("in-db-3"), c.call("GET", "k"), "Jedis logs in and selects the db too");
                assertEquals(new Reply.Simple("RESET"), c.call("RESET"));
                assertEquals(Reply.Bulk.of("alice"), c.call("ACL", "WHOAMI"), "and logs in again after RESET");
            }
        }
    }
}
