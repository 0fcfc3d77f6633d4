package dev.txnharness.properties.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.txnharness.engine.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"+OK", "-\"ERR unknown command 'foo', with args beginning with: \"", ":-42", "\"a\\r\\nb\\x00\"",
        "$-1", "*-1", "_", "[]", "[+OK, :1, \"x\", $-1, [\"y\"]]", "[-\"ERR a, b\", -WRONGTYPE Operation against a key holding the wrong kind of value]",
        "{\"k\": \"v\", \"n\": :1}", "~[\"a\", \"b\"]", ",1.1000000000000001", ",inf", "#t", "(12345678901234567890",
        "=txt:\"hello\"", ">[\"message\"]"})
    void rendersWhatItParses(String text) {
        assertEquals(text, ReplyText.render(ReplyText.parse(text)));
    }

    @Test
    void topLevelErrorsKeepTheirCommasUnquotedButNotATrailingSpace() {
        Reply plain = new Reply.Err("ERR invalid first DB index, really");
        assertEquals("-ERR invalid first DB index, really", ReplyText.render(plain));
        assertEquals(plain, ReplyText.parse(ReplyText.render(plain)));
        Reply r = new Reply.Err("ERR unknown command 'x', with args beginning with: 'a' ");
        assertEquals("-\"ERR unknown command 'x', with args beginning with: 'a' \"", ReplyText.render(r));
        assertEquals(r, ReplyText.parse(ReplyText.render(r)));
    }

    @Test
    void nestedSimpleStringsWithCommasAreQuoted() {
        Reply r = Reply.Array.of(new Reply.Simple("a, b"), new Reply.Bulk("x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("[+\"a, b\", \"x\"]", ReplyText.render(r));
        assertEquals(r, ReplyText.parse(ReplyText.render(r)));
    }

    @Test
    void bulkAndSimpleStringsAreDistinct() {
        assertEquals(new Reply.Array(List.of(new Reply.Simple("OK"))), ReplyText.parse("[+OK]"));
        assertEquals(new Reply.Array(List.of(new Reply.Bulk("OK".getBytes(StandardCharsets.UTF_8)))), ReplyText.parse("[\"OK\"]"));
    }

    @Test
    void malformedTextIsRejectedWithItsColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplyText.parse("[+OK, "));
        assertEquals(true, e.getMessage().contains("column"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplyText.parse("\"unterminated"));
        assertThrows(IllegalArgumentException.class, () -> ReplyText.parse("?what"));
    }
}
