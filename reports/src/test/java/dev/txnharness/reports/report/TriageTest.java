package dev.txnharness.reports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: failing scenarios grouped by the rule their first deviating step breaks, with
 * deviations of RESP type only (what redis-cli prints alike) a class apart from behaviour ones.
 */
class TriageTest {

    private static RunSummary.ScenarioOutcome failing(String name, int length, String command, String expected, String got) {
        RunSummary.StepDiff d = new RunSummary.StepDiff(7, "a: " + command, expected, got, command, false);
        return new RunSummary.ScenarioOutcome(name, name, "mock", false, 1, List.of(d), RunSummary.ScenarioOutcome.FAILED,
                "scenarios/" + name + ".scn", length, List.of(d));
    }

    @Test
    void aNullBulkForANullArrayIsWireTypeOnly() {
        Triage.Cause c = Triage.cause(new RunSummary.StepDiff(3, "a: EXEC", "*-1", "$-1", "EXEC", false));
        assertEquals(Triage.WIRE_TYPE, c.kind());
        assertEquals("aborted EXEC answers $-1 instead of *-1", c.rule());
    }

    @Test
    void aBulkPongForASimplePongIsWireTypeOnly() {
        Triage.Cause c = Triage.cause(new RunSummary.StepDiff(3, "a: PING", "+PONG", "\"PONG\"", "PING", false));
        assertEquals(Triage.WIRE_TYPE, c.kind());
        assertEquals("PING answers $4 \"PONG\" instead of +PONG", c.rule());
    }

    @Test
    void anotherValueIsBehaviourWhateverItIs() {
        Triage.Cause a = Triage.cause(new RunSummary.StepDiff(3, "a: GET k", "\"1\"", "\"2\"", "GET", false));
        Triage.Cause b = Triage.cause(new RunSummary.StepDiff(9, "b: GET x", "\"abc\"", "\"zz\"", "GET", false));
        assertEquals(Triage.BEHAVIOUR, a.kind());
        assertEquals(a.key(), b.key(), "two different bulk strings are one rule: the key holds no values");
        assertEquals("GET answers a different bulk string instead of the expected bulk string", a.rule());
        Triage.Cause exec = Triage.cause(new RunSummary.StepDiff(3, "a: EXEC", "*-1", "[+OK]", "EXEC", false));
        assertEquals("aborted EXEC answers an array instead of *-1", exec.rule());
        Triage.Cause item = Triage.cause(new RunSummary.StepDiff(3, "a: EXEC", "[+OK, :1]", "[+OK, $-1]", "EXEC", false));
        assertEquals("EXEC answers $-1 instead of an integer in an item of its array", item.rule());
    }

    @Test
    void groupsCountTheirScenariosAndShowTheShortestBehaviourFirst() {
        List<RunSummary.FailureGroup> g = Triage.groups(List.of(
                failing("long-abort", 12, "EXEC", "*-1", "$-1"),
                failing("short-abort", 4, "EXEC", "*-1", "$-1"),
                failing("mid-abort", 6, "EXEC", "*-1", "$-1"),
                failing("lost-write", 9, "GET", "\"1\"", "$-1"),
                new RunSummary.ScenarioOutcome("fine", "fine", "mock", true, 1, List.of())));
        assertEquals(2, g.size(), g.toString());
        assertEquals(Triage.BEHAVIOUR, g.get(0).kind(), "behaviour before wire type, even when rarer");
        assertEquals("GET answers $-1 instead of a bulk string", g.get(0).rule());
        assertEquals(3, g.get(1).count());
        assertEquals("short-abort", g.get(1).example());
        assertEquals("scenarios/short-abort.scn", g.get(1).exampleFile());
        assertEquals(List.of("long-abort", "short-abort", "mid-abort"), g.get(1).scenarios());
    }

    @Test
    void queuedWhereRedisAnswersAtOnceIsOneRuleWhateverTheCommand() {
        Triage.Cause set = Triage.cause(new RunSummary.StepDiff(3, "a: SET k", "-ERR wrong number of arguments for 'set' command", "+QUEUED", "SET", false));
        Triage.Cause get = Triage.cause(new RunSummary.StepDiff(5, "b: GET", "-ERR wrong number of arguments for 'get' command", "+QUEUED", "GET", false));
        assertEquals(set.key(), get.key(), "an arity error queued is one rule, for SET as for GET");
        assertEquals("a command answers +QUEUED instead of its arity error (-ERR wrong number of arguments)", set.rule());
        Triage.Cause ping = Triage.cause(new RunSummary.StepDiff(3, "a: PING", "+PONG", "+QUEUED", "PING", false));
        Triage.Cause exists = Triage.cause(new RunSummary.StepDiff(4, "a: EXISTS k", ":1", "+QUEUED", "EXISTS", false));
        assertEquals(ping.key(), exists.key(), "a client left in MULTI is one rule, whatever it sent next");
        assertEquals("a command answers +QUEUED instead of its reply (the client was still in MULTI)", ping.rule());
        Triage.Cause select = Triage.cause(new RunSummary.StepDiff(4, "a: SELECT 1", "+QUEUED", "+OK", "SELECT", false));
        assertEquals("SELECT answers +OK instead of +QUEUED", select.rule(), "the other way round the command matters");
    }

    @Test
    void anErrorRuleLeavesOutTheNamesAndArgumentsItEchoes() {
        assertEquals("ERR unknown command '…'", Triage.errorRule("ERR unknown command 'foo', with args beginning with: 'a' 'b' "));
        assertEquals("ERR wrong number of arguments for '…' command", Triage.errorRule("ERR wrong number of arguments for 'client|id' command"));
    }
}
