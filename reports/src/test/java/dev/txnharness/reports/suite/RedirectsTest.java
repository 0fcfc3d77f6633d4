package dev.txnharness.reports.suite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.scenario.ClusterRedirectException;
import dev.txnharness.properties.target.EngineTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A history with a -MOVED / -ASK reply (a proxy in front of a cluster) says nothing about
 * linearizability: the histories suite stops the target instead of calling it "not linearizable".
 */
class RedirectsTest {

    private static History oneCall(Reply reply) {
        Op op = Op.Command.of("SET", "a", "1");
        return new History(List.of(Event.invoke(0, op, 1), Event.ok(0, op, reply, 2)));
    }

    @Test
    void aMovedOrAskReplyStopsTheTarget() {
        try (EngineTarget t = new EngineTarget()) {
            ClusterRedirectException moved = assertThrows(ClusterRedirectException.class,
                    () -> WorkloadHistories.refuseRedirects(t, oneCall(Reply.error("MOVED 15495 127.0.0.1:7001"))));
            assertTrue(moved.getMessage().contains("cluster targets are not supported yet"), moved.getMessage());
            assertThrows(ClusterRedirectException.class, () -> WorkloadHistories.refuseRedirects(t,
                    oneCall(Reply.array(List.of(Reply.OK, Reply.error("ASK 3999 127.0.0.1:7002"))))), "inside an EXEC too");
            assertDoesNotThrow(() -> WorkloadHistories.refuseRedirects(t, oneCall(Reply.error("WRONGTYPE Operation against a key"))));
        }
    }
}
