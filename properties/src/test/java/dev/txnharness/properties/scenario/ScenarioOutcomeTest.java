package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.engine.resp.RespClient;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.LaunchedRedisTarget;
import dev.txnharness.properties.target.RedisServerLauncher;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.Targets;
import org.junit.jupiter.api.Test;

/**
 * Only a reply that contradicts Redis fails a scenario. A dropped connection is indeterminate, a
 * setup the server refuses is could-not-run, and a cluster redirection stops the whole target.
 */
class ScenarioOutcomeTest {

    @Test
    void aKilledConnectionIsIndeterminateNotFailed() {
        Scenario sc = ScenarioParser.parse("killed", """
                # a client's connection is killed by someone else
                B: SET k 1                         -> +OK
                A: CLIENT KILL TYPE normal         -> :1
                B: GET k                           -> "1"
                A: GET k                           -> "1"
                """);
        try (LaunchedRedisTarget redis = LaunchedRedisTarget.redis70()) {
            ScenarioRunner.Result r = new ScenarioRunner().run(sc, redis);
            assertEquals(ScenarioRunner.Outcome.INDETERMINATE, r.outcome(), r.describeFailures());
            assertEquals(3, r.steps().size(), "the scenario stops at the step whose outcome is unknown");
            assertTrue(r.steps().get(2).got().startsWith("indeterminate"), r.describeFailures());
        }
    }

    @Test
    void aRefusedSetupCommandIsCouldNotRunNotFailed() throws Exception {
        Scenario sc = ScenarioParser.parse("oom", """
                # needs CONFIG SET
                A: CONFIG SET maxmemory 1          -> +OK
                A: SET k v                         -> -OOM command not allowed when used memory > 'maxmemory'.
                """);
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            try (RespClient admin = RespClient.connect("127.0.0.1", server.port())) {
                admin.call("ACL", "SETUSER", "app", "on", ">pw", "~*", "&*", "+@all", "-config");
            }
            Target managed = Targets.of("redis://app:pw@127.0.0.1:" + server.port());
            ScenarioRunner.Result r = new ScenarioRunner().run(sc, managed);
            assertEquals(ScenarioRunner.Outcome.COULD_NOT_RUN, r.outcome(), r.describeFailures());
            assertTrue(r.describeFailures().contains("NOPERM"), r.describeFailures());
        }
        ScenarioRunner.Result onEngine = new ScenarioRunner().run(ScenarioParser.parse("wrong", """
                # a plain contradiction still fails
                A: SET k v                         -> +OK
                A: GET k                           -> "w"
                """), new EngineTarget());
        assertEquals(ScenarioRunner.Outcome.FAILED, onEngine.outcome());
    }

    @Test
    void aScenarioThatNamesDatabasesDoesNotRunOnAnotherDb() throws Exception {
        Scenario sc = ScenarioParser.parse("select", """
                # uses SELECT
                A: SELECT 1                        -> +OK
                A: SET k v                         -> +OK
                """);
        try (RedisServerLauncher.Server server = RedisServerLauncher.start()) {
            Target db3 = Targets.of("redis://127.0.0.1:" + server.port() + "/3");
            ScenarioRunner.Result r = new ScenarioRunner().run(sc, db3);
            assertEquals(ScenarioRunner.Outcome.COULD_NOT_RUN, r.outcome(), r.describeFailures());
            assertTrue(r.describeFailures().contains("db 3"), r.describeFailures());
            Target db0 = Targets.of("redis://127.0.0.1:" + server.port());
            assertEquals(ScenarioRunner.Outcome.PASSED, new ScenarioRunner().run(sc, db0).outcome());
        }
    }

    @Test
    void aRedirectionMeansTheTargetIsAClusterNode() {
        Scenario sc = ScenarioParser.parse("moved", """
                # any key
                A: SET k v                         -> +OK
                """);
        Target proxy = new Scripted(cmd -> cmd.equals("FLUSHALL") ? Reply.OK : new Reply.Err("MOVED 7638 10.0.0.2:6379"));
        ClusterRedirectException e = assertThrows(ClusterRedirectException.class, () -> new ScenarioRunner().run(sc, proxy));
        assertTrue(e.getMessage().contains("Redis Cluster node") && e.getMessage().contains("MOVED"), e.getMessage());
    }

    @Test
    void aRenamedSetupCommandOrAFlushallRefusedOrDropped() {
        Scenario sc = ScenarioParser.parse("any", """
                # any scenario
                A: SET k v                         -> +OK
                """);
        Target renamed = new Scripted(cmd -> cmd.equals("FLUSHALL") ? new Reply.Err("ERR unknown command 'FLUSHALL'") : Reply.OK);
        assertEquals(ScenarioRunner.Outcome.COULD_NOT_RUN, new ScenarioRunner().run(sc, renamed).outcome());
        Scenario oom = ScenarioParser.parse("oom", """
                # needs CONFIG SET, which a managed service renames away
                A: CONFIG SET maxmemory 1          -> +OK
                """);
        Target noConfig = new Scripted(cmd -> cmd.equals("CONFIG") ? new Reply.Err("ERR unknown command 'CONFIG', with args beginning with: ")
                : Reply.OK);
        assertEquals(ScenarioRunner.Outcome.COULD_NOT_RUN, new ScenarioRunner().run(oom, noConfig).outcome());
        Target dropping = new Scripted(cmd -> {
            if (cmd.equals("FLUSHALL")) throw new IndeterminateException("connection lost: Connection reset");
            return Reply.OK;
        });
        assertEquals(ScenarioRunner.Outcome.INDETERMINATE, new ScenarioRunner().run(sc, dropping).outcome());
    }

    /** How a scripted server answers a command (by its name), or fails to. */
    private interface Answer {
        Reply to(String command) throws IndeterminateException;
    }

    /** A server whose every connection answers by script: a proxy, a managed service, a flaky network. */
    private record Scripted(Answer answer) implements Target {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public String redisVersion() {
            return "7.0";
        }

        @Override
        public Connection connect() {
            return new Connection() {
                private String sent;

                @Override
                public void send(byte[]... argv) {
                    sent = new String(argv[0]).toUpperCase();
                }

                @Override
                public Reply receive() throws IndeterminateException {
                    return answer.to(sent);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}
    }
}
