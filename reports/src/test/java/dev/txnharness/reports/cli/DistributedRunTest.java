package dev.txnharness.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.properties.distributed.DistributedCheck;
import dev.txnharness.properties.distributed.DistributedHistory;
import dev.txnharness.properties.distributed.Fault;
import dev.txnharness.properties.distributed.FaultEvent;
import dev.txnharness.properties.distributed.Txn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a distributed history's counts become an exit code: an acknowledged EXEC lost without WAIT
 * is Redis's documented weakness (stated, exit 0); a partial transaction breaks MULTI/EXEC's
 * promise (exit 1).
 */
class DistributedRunTest {

    private static DistributedHistory.Result result(List<Txn> txns, DistributedHistory.Read read) {
        return new DistributedHistory.Result(1, 5, Fault.KILL, txns, List.of(new FaultEvent(100, "kill", "kill -9 1 (primary)")),
                List.of(read), DistributedCheck.check(txns, List.of(read), 1), null, 8000, false);
    }

    private static int exitOf(String name, DistributedHistory.Result r) throws Exception {
        Path dir = ReportFolder.prepare(Path.of("target", "test-reports", name));
        try (CheckRun run = new CheckRun(new CheckRun.Setup(dir, "./harness check --target launch:replicated", 5, List.of("distributed"), 1, 0,
                "8s", List.of()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            run.distributed("launch:replicated", "1 primary", List.of(r), false, true, 1);
            int code = run.completed();
            String summary = Files.readString(dir.resolve("summary.json"));
            assertTrue(summary.contains("documented weakness"), summary);
            assertTrue(summary.contains("[100 ms kill] kill -9 1 (primary)"), "the fault schedule is in the report: " + summary);
            return code;
        }
    }

    @Test
    void anAcknowledgedExecLostWithoutWaitExitsZeroAndIsStated() throws Exception {
        Txn lost = new Txn(0, "{t}", "v1", 0, 1, Txn.Outcome.OK, 0, "");
        assertEquals(ExitCodes.PASSED, exitOf("dist-lost", result(List.of(lost), new DistributedHistory.Read("{t}", List.of(), List.of(), 0))));
    }

    @Test
    void aPartialTransactionExitsOne() throws Exception {
        Txn t = new Txn(0, "{t}", "v1", 0, 1, Txn.Outcome.INFO, 0, "no reply to EXEC");
        assertEquals(ExitCodes.VIOLATION, exitOf("dist-partial", result(List.of(t), new DistributedHistory.Read("{t}", List.of("v1"), List.of(), 1))));
    }

    @Test
    void anExecLostAfterWaitWhenTheNemesisRestartedAPrimaryEmptyExitsThreeAndIsStated() throws Exception {
        Txn t = new Txn(0, "{t}", "v1", 0, 1, Txn.Outcome.OK, 1, "");
        DistributedHistory.Read read = new DistributedHistory.Read("{t}", List.of(), List.of(), 0);
        DistributedHistory.Result wiped = new DistributedHistory.Result(1, 5, Fault.KILL, List.of(t), List.of(new FaultEvent(100, "kill", "kill -9 1 (primary)")),
                List.of(read), DistributedCheck.check(List.of(t), List.of(read), 1, true), null, 8000, true);
        assertEquals(ExitCodes.UNKNOWN, exitOf("dist-wiped", wiped));
        assertTrue(Files.readString(Path.of("target", "test-reports", "dist-wiped", "summary.json")).contains("restarted a primary empty before any failover"));
        assertEquals(ExitCodes.VIOLATION, exitOf("dist-wait-lost", result(List.of(t), read)), "the same loss without the wipe is a violation");
    }

    @Test
    void aViolationInAnEarlierHistoryStillExitsOneWhenALaterHistoryThrows() throws Exception {
        Txn t = new Txn(0, "{t}", "v1", 0, 1, Txn.Outcome.INFO, 0, "no reply to EXEC");
        Path dir = ReportFolder.prepare(Path.of("target", "test-reports", "dist-then-crash"));
        try (CheckRun run = new CheckRun(new CheckRun.Setup(dir, "./harness check --target launch:replicated", 5, List.of("distributed"), 1, 0,
                "8s", List.of()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            run.distributed("launch:replicated", "1 primary", List.of(result(List.of(t), new DistributedHistory.Read("{t}", List.of("v1"), List.of(), 1))),
                    false, false, 1);
            assertEquals(ExitCodes.VIOLATION, run.failed(new IllegalStateException("history 2: a distributed client thread crashed")));
        }
    }
}
