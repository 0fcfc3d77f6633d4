package dev.txnharness.engine.script;

import static dev.txnharness.engine.EngineTestSupport.NIL;
import static dev.txnharness.engine.EngineTestSupport.OK;
import static dev.txnharness.engine.EngineTestSupport.array;
import static dev.txnharness.engine.EngineTestSupport.bulk;
import static dev.txnharness.engine.EngineTestSupport.err;
import static dev.txnharness.engine.EngineTestSupport.integer;

import dev.txnharness.engine.TwoClientTest;
import dev.txnharness.engine.protocol.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EVAL, EVALSHA and SCRIPT in-process: conversions both ways, the errors in Redis 7.0.15's words
 * (each expected reply taken from redis-server 7.0.15). The busy-script rules are in
 * BusyScriptTest, over the wire.
 */
class ScriptingTest extends TwoClientTest {

    private Reply eval(String script, String... keysThenArgs) {
        String[] argv = new String[keysThenArgs.length + 3];
        argv[0] = "EVAL";
        argv[1] = script;
        argv[2] = "1";
        System.arraycopy(keysThenArgs, 0, argv, 3, keysThenArgs.length);
        return a.argv(argv);
    }

    private static String sha(String script) {
        return Scripting.sha1(script.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private void expectEval(String script, Reply expected) {
        dev.txnharness.engine.EngineTestSupport.assertReply(expected, eval(script, "k1", "a1"), script);
    }

    @Test
    @DisplayName("Lua values become replies: numbers truncated, true 1, false nil, tables arrays up to the first nil")
    void luaToReplies() {
        expectEval("return 1", integer(1));
        expectEval("return 'a'", bulk("a"));
        expectEval("return {1,2,{3,'x'},nil,5}", array(integer(1), integer(2), array(integer(3), bulk("x"))));
        expectEval("return true", integer(1));
        expectEval("return false", NIL);
        expectEval("return nil", NIL);
        expectEval("return 3.9", integer(3));
        expectEval("return 1/0", integer(Long.MIN_VALUE));
        expectEval("return {ok='fine'}", new Reply.Simple("fine"));
        expectEval("return {err='bad thing'}", err("bad thing"));
        expectEval("return redis.error_reply('MY err')", err("MY err"));
        expectEval("return redis.status_reply('st')", new Reply.Simple("st"));
        expectEval("return KEYS[1]..ARGV[1]", bulk("k1a1"));
        expectEval("return redis.sha1hex('')", bulk("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    }

    @Test
    @DisplayName("redis.call: replies become Lua values; errors raise with the script and line; pcall returns them")
    void redisCall() {
        a.ok("SET str abc");
        expectEval("return redis.call('get','str')", bulk("abc"));
        expectEval("return redis.call('get','nokey')", NIL);
        expectEval("return redis.call('ping')['ok']", bulk("PONG"));
        expectEval("return redis.call('set', 'str', 'new')", OK);
        String incr = "return redis.call('incr','str')";
        expectEval(incr, err("ERR value is not an integer or out of range script: " + sha(incr) + ", on @user_script:1."));
        expectEval("return redis.pcall('incr','str')", err("ERR value is not an integer or out of range"));
        String third = "\nlocal x = 1\nreturn redis.call('incr','str')";
        expectEval(third, err("ERR value is not an integer or out of range script: " + sha(third) + ", on @user_script:3."));
        String unknown = "return redis.call('nosuch')";
        expectEval(unknown, err("ERR Unknown Redis command called from script script: " + sha(unknown) + ", on @user_script:1."));
        String arity = "return redis.call('get')";
        expectEval(arity, err("ERR Wrong number of args calling Redis command from script script: " + sha(arity) + ", on @user_script:1."));
        for (String cmd : new String[] {"'multi'", "'blpop', 'nolist', 0", "'eval', 'return 1', 0"}) {
            String s = "return redis.call(" + cmd + ")";
            expectEval(s, err("ERR This Redis command is not allowed from script script: " + sha(s) + ", on @user_script:1."));
        }
        String boom = "error('boom')";
        expectEval(boom, err("ERR user_script:1: boom script: " + sha(boom) + ", on @user_script:1."));
        String tbl = "error({err='tbl'})";
        expectEval(tbl, err("tbl script: " + sha(tbl) + ", on @user_script:1."));
    }

    @Test
    @DisplayName("A script's writes touch WATCHed keys; a SELECT inside it leaves the caller's database alone")
    void scriptWritesTouchWatchAndSelectStaysInside() {
        b.ok("WATCH k1");
        expectEval("redis.call('select', 3); return redis.call('set', KEYS[1], 'x')", OK);
        a.expect("GET k1", NIL);
        a.ok("SELECT 3").expect("GET k1", bulk("x")).ok("SELECT 0");
        expectEval("return redis.call('set', KEYS[1], 'y')", OK);
        b.ok("MULTI").queued("PING").expect("EXEC", dev.txnharness.engine.EngineTestSupport.NIL_ARRAY);
    }

    @Test
    @DisplayName("EVALSHA, SCRIPT LOAD / EXISTS / FLUSH / KILL, and EVAL's numkeys errors")
    void evalshaAndScript() {
        Reply bad = a.argv("SCRIPT", "LOAD", "return x(");
        // Redis words the parse error "unexpected symbol near '<eof>'"; luaj's parser words it its own way
        org.junit.jupiter.api.Assertions.assertTrue(bad instanceof Reply.Err e
                && e.message().startsWith("ERR Error compiling script (new function): user_script:1: "), bad.toString());
        a.expect("EVALSHA 0000000000000000000000000000000000000000 0", err("NOSCRIPT No matching script. Please use EVAL."));
        a.expect("EVAL return 2 a", err("ERR Number of keys can't be greater than number of args"));
        a.expect("EVAL return -1", err("ERR Number of keys can't be negative"));
        a.argv("SCRIPT", "LOAD", "return 'x'");
        a.expect("SCRIPT EXISTS 573cd020e2fc941d149285df8b681959190edd09 0000", array(integer(1), integer(0)));
        a.expect("EVALSHA 573CD020E2FC941D149285DF8B681959190EDD09 0", bulk("x"));
        a.ok("SCRIPT FLUSH");
        a.expect("SCRIPT EXISTS 573cd020e2fc941d149285df8b681959190edd09", array(integer(0)));
        a.expect("SCRIPT FLUSH x", err("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
        a.expect("SCRIPT KILL", err("NOTBUSY No scripts in execution right now."));
    }

    @Test
    @DisplayName("EVAL inside MULTI is queued and runs in EXEC")
    void evalInMulti() {
        a.ok("MULTI");
        dev.txnharness.engine.EngineTestSupport.assertReply(dev.txnharness.engine.EngineTestSupport.QUEUED,
                a.argv("EVAL", "return redis.call('incr',KEYS[1])", "1", "n"), "EVAL in MULTI");
        a.expect("EXEC", array(integer(1)));
    }

    @Test
    @DisplayName("A script's writes are logged as the commands it ran (wrapped when more than one), never as EVAL")
    void scriptEffectsAreLogged() {
        java.util.List<String> appends = new java.util.ArrayList<>();
        s.engine.setCommandLog((commands, transaction) -> {
            StringBuilder sb = new StringBuilder(transaction ? "txn:" : "single:");
            for (var l : commands) {
                sb.append(' ');
                for (byte[] arg : l.argv()) sb.append(new String(arg, java.nio.charset.StandardCharsets.UTF_8)).append(' ');
            }
            appends.add(sb.toString().trim());
        });
        expectEval("redis.call('set', KEYS[1], 'x') redis.call('get', KEYS[1]) return redis.call('incr', 'n')", integer(1));
        expectEval("return redis.call('set', KEYS[1], ARGV[1])", OK);
        expectEval("return redis.call('get', KEYS[1])", bulk("a1"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(
                "txn: set k1 x  incr n", "single: set k1 a1"), appends);
    }
}
