package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    private static final String TEXT = """
            # WATCH sees another client's write
            # semantics: 8, 15
            A: SET k "a b"    -> +OK
            A: foo            -> -"ERR unknown command 'foo', with args beginning with: "
               6.2 -> -"ERR unknown command `foo`, with args beginning with: "
            A: SEND BLPOP l 0
            B: RPUSH l x      -> :1
            A: RECV           -> ["l", "x"]
            A: SMEMBERS s     -> unordered ~["a", "b"]
            A: CLIENT ID      -> *
            A: CLOSE
            WAIT 150
            """;

    @Test
    void readsEveryKindOfStep() {
        Scenario sc = ScenarioParser.parse("t", TEXT);
        assertEquals("WATCH sees another client's write", sc.title());
        assertEquals(List.of(8, 15), sc.semantics());
        assertEquals(9, sc.steps().size());
        Scenario.Command set = (Scenario.Command) sc.steps().get(0);
        assertEquals(List.of("SET", "k", "a b"), set.argv());
        assertEquals(3, set.line());
        Scenario.Command foo = (Scenario.Command) sc.steps().get(1);
        assertTrue(foo.expectFor("6.2").text().contains("`foo`"));
        assertTrue(foo.expectFor("7.0").text().contains("'foo'"));
        assertTrue(((Scenario.Command) sc.steps().get(2)).send());
        assertInstanceOf(Scenario.Receive.class, sc.steps().get(4));
        assertTrue(((Scenario.Command) sc.steps().get(5)).expect().unordered());
        assertTrue(((Scenario.Command) sc.steps().get(6)).expect().any());
        assertInstanceOf(Scenario.Close.class, sc.steps().get(7));
        assertEquals(150, ((Scenario.Wait) sc.steps().get(8)).millis());
    }

    @Test
    void aCommandWithoutAnExpectedReplyIsAnErrorNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioParser.parse("bad", "# t\nA: SET k v\n"));
        assertTrue(e.getMessage().contains("bad.scn line 2"), e.getMessage());
    }

    @Test
    void builtInScenariosAllParseAndAreIndexed() {
        List<Scenario> all = ScenarioParser.builtIn();
        assertTrue(all.size() >= 1);
        for (Scenario sc : all) assertTrue(!sc.steps().isEmpty(), sc.name() + " has no steps");
    }
}
