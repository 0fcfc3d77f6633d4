package dev.txnharness.properties.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The final-read check of the distributed workload: what is a violation of the deployment's promise
 * (partial transaction, duplicate, phantom, failed-but-applied, WAIT-acknowledged write lost) and
 * what is Redis's documented weakness (an acknowledged EXEC lost without WAIT), and indeterminate
 * transactions that may go either way.
 */
class DistributedCheckTest {
    private static final String T = "{t}";

    private static Txn txn(String v, Txn.Outcome o, boolean waited) {
        return new Txn(0, T, v, 0, 1, o, waited ? 1 : 0, "");
    }

    private static DistributedHistory.Read read(List<String> a, List<String> b, long n) {
        return new DistributedHistory.Read(T, a, b, n);
    }

    @Test
    void everyAcknowledgedValueInBothListsPasses() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, false), txn("v2", Txn.Outcome.OK, true),
                txn("v3", Txn.Outcome.FAIL, false), txn("v4", Txn.Outcome.INFO, false)), List.of(read(List.of("v1", "v2", "v4"), List.of("v1", "v2", "v4"), 3)), 1);
        assertEquals(0, o.violations(), o.toString());
        assertEquals(4, o.txns());
        assertEquals(2, o.ok());
        assertEquals(1, o.failed());
        assertEquals(1, o.indeterminate());
        assertEquals(1, o.indeterminateApplied(), "an indeterminate transaction may be applied");
        assertEquals(0, o.lostAcked() + o.lostWaitSome() + o.lostWaitAll());
    }

    @Test
    void aTransactionRefusedByRedirectionsAndSentAgainIsCountedOnceByKind() {
        Txn retried = new Txn(0, T, "v1", 0, 9, Txn.Outcome.OK, 0, "", List.of(
                "ASK: MULTI: a queued command got -ASK 1 127.0.0.1:7001, EXEC -EXECABORT",
                "TRYAGAIN: ASKING; MULTI on 127.0.0.1:7001: EXEC got -TRYAGAIN Multiple keys request during rehashing of slot (discarded)",
                "ASK: MULTI: a queued command got -ASK 1 127.0.0.1:7001, EXEC -EXECABORT"));
        Txn moved = new Txn(0, T, "v2", 10, 11, Txn.Outcome.OK, 0, "", List.of("MOVED: MULTI: a queued command got -MOVED 1 127.0.0.1:7001, EXEC -EXECABORT"));
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(retried, moved, txn("v3", Txn.Outcome.OK, false)),
                List.of(read(List.of("v1", "v2", "v3"), List.of("v1", "v2", "v3"), 3)), 0);
        assertEquals(0, o.violations(), o.toString());
        assertEquals(1, o.askRetried(), "one transaction, however many -ASK attempts");
        assertEquals(1, o.tryAgainRetried());
        assertEquals(1, o.movedRetried());
        assertEquals(3, o.ok());
    }

    @Test
    void aRetriedTransactionAppliedTwiceIsADuplicate() {
        Txn retried = new Txn(0, T, "v1", 0, 9, Txn.Outcome.OK, 0, "", List.of("ASK: MULTI: a queued command got -ASK 1 127.0.0.1:7001, EXEC -EXECABORT"));
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(retried), List.of(read(List.of("v1", "v1"), List.of("v1", "v1"), 2)), 0);
        assertEquals(1, o.duplicates(), "an attempt Redis said it discarded must not have run: " + o);
        assertTrue(o.violations() > 0);
    }

    @Test
    void anAcknowledgedExecLostWithoutWaitIsCountedButNotAViolation() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, false), txn("v2", Txn.Outcome.OK, false)),
                List.of(read(List.of("v2"), List.of("v2"), 1)), 1);
        assertEquals(1, o.lostAcked());
        assertEquals(0, o.violations(), "Redis documents that asynchronous replication can lose an acknowledged write");
    }

    @Test
    void anExecThatWaitSaidSomeButNotAllReplicasHadIsAWeaknessWhenLost() {
        // WAIT 1 0 on a primary with two replicas: the replica that was promoted may not be the one that acknowledged
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, true)), List.of(read(List.of(), List.of(), 0)), 2);
        assertEquals(1, o.lostWaitSome());
        assertEquals(0, o.violations());
    }

    @Test
    void anExecThatWaitSaidEveryReplicaHadIsAViolationWhenLost() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, true)), List.of(read(List.of(), List.of(), 0)), 1);
        assertEquals(1, o.lostWaitAll());
        assertEquals(1, o.violations());
        assertTrue(o.evidence().get(0).startsWith("WAIT-acknowledged EXEC lost: v1"), o.evidence().toString());
    }

    @Test
    void aValueInOneListOnlyIsAPartialTransaction() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.INFO, false)),
                List.of(read(List.of("v1"), List.of(), 1)), 1);
        assertEquals(1, o.partial(), o.toString());
        assertTrue(o.violations() > 0);
    }

    @Test
    void aCounterThatDisagreesWithTheListIsAPartialTransaction() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, false)), List.of(read(List.of("v1"), List.of("v1"), 2)), 1);
        assertEquals(1, o.partial(), o.toString());
    }

    @Test
    void duplicatesPhantomsAndFailedButAppliedAreViolations() {
        DistributedCheck.Outcome o = DistributedCheck.check(List.of(txn("v1", Txn.Outcome.OK, false), txn("v2", Txn.Outcome.FAIL, false)),
                List.of(read(List.of("v1", "v1", "v2", "x"), List.of("v1", "v1", "v2", "x"), 4)), 1);
        assertEquals(1, o.duplicates(), o.toString());
        assertEquals(1, o.phantoms(), o.toString());
        assertEquals(1, o.failedApplied(), o.toString());
        assertEquals(3, o.violations());
    }

    @Test
    void slotsAreRedisCrc16OfTheHashTag() {
        // CLUSTER KEYSLOT foo = 12182, and {user1000}.following shares user1000's slot (Redis's cluster spec)
        assertEquals(12182, ClusterDeployment.slot("foo"));
        assertEquals(ClusterDeployment.slot("user1000"), ClusterDeployment.slot("{user1000}.following"));
    }

    private static final Reply OK = new Reply.Simple("OK"), QUEUED = new Reply.Simple("QUEUED"), ZERO = new Reply.Int(0), ONE = new Reply.Int(1),
            CROSSSLOT = new Reply.Err("CROSSSLOT Keys in request don't hash to the same slot"),
            EXECABORT = new Reply.Err("EXECABORT Transaction discarded because of previous errors.");

    @Test
    void aCrossSlotMultiRefusedWithNoKeyWrittenPassesTheProbe() {
        assertNull(DistributedHistory.probeVerdict("k1", "k2", OK, CROSSSLOT, EXECABORT, ZERO, ZERO));
    }

    @Test
    void aCrossSlotMsetThatWroteAKeyIsAProbeViolation() {
        String v = DistributedHistory.probeVerdict("k1", "k2", OK, QUEUED, new Reply.Array(List.of(OK)), ONE, ZERO);
        assertTrue(v != null && !v.startsWith(DistributedHistory.INCONCLUSIVE) && v.contains("a key was written"), v);
    }

    @Test
    void anErrorToExistsOrMultiMakesTheProbeInconclusiveNotAViolation() {
        for (Reply err : List.of(new Reply.Err("MOVED 3999 127.0.0.1:7002"), new Reply.Err("ASK 3999 127.0.0.1:7002"),
                new Reply.Err("CLUSTERDOWN The cluster is down"), new Reply.Err("LOADING Redis is loading the dataset in memory"))) {
            String exists = DistributedHistory.probeVerdict("k1", "k2", OK, CROSSSLOT, EXECABORT, err, ZERO);
            assertTrue(exists.startsWith(DistributedHistory.INCONCLUSIVE), "an error to EXISTS is no written key: " + exists);
            String multi = DistributedHistory.probeVerdict("k1", "k2", err, QUEUED, new Reply.Err("ERR EXEC without MULTI"), ZERO, ZERO);
            assertTrue(multi.startsWith(DistributedHistory.INCONCLUSIVE), "an error to MULTI is no broken promise: " + multi);
        }
    }

    /** A deployment whose sessions fail with our own bug (a RuntimeException, not a lost connection). */
    private static final class BrokenClients extends Deployment {
        @Override public String kind() { return "broken"; }
        @Override public Session session() { throw new IllegalArgumentException("a bug in the client"); }
        @Override public List<Node> primaries() { return List.of(); }
        @Override public String failover(Random random) { return ""; }
        @Override public boolean awaitFailoverFrom(Node old, Duration limit) { return false; }
        @Override public String replicaOfAfterKill(Node killed) { return null; }
        @Override protected String healthProblem() { return null; }
        @Override public int replicasPerShard() { return 1; }
        @Override public String describe() { return "broken"; }
        @Override public String name() { return "broken"; }
        @Override public String version() { return "none"; }
        @Override public Connection connect() { throw new UnsupportedOperationException(); }
    }

    @Test
    void aClientThreadThatCrashesMakesTheHistoryCouldNotRunNotAVerdict() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DistributedHistory.run(new BrokenClients(),
                new DistributedHistory.Settings(2, Duration.ofMillis(50), 0, "x"), 1, 1, null));
        assertTrue(e.getMessage().contains("client thread crashed") && e.getMessage().contains("a bug in the client"), e.getMessage());
    }

    @Test
    void anExecThatWaitSaidEveryReplicaHadLostAfterTheNemesisRestartedAPrimaryEmptyIsUnknownNotAViolation() {
        List<Txn> txns = List.of(new Txn(0, T, "v1", 0, 1, Txn.Outcome.OK, 1, ""));
        DistributedCheck.Outcome o = DistributedCheck.check(txns, List.of(read(List.of(), List.of(), 0)), 1, true);
        assertEquals(0, o.violations(), o.toString());
        assertEquals(1, o.lostWaitAllUnknown());
        assertTrue(o.unknown());
        assertTrue(o.evidence().get(0).startsWith("unknown: the nemesis restarted a primary empty before any failover"), o.evidence().toString());
        DistributedCheck.Outcome same = DistributedCheck.check(txns, List.of(read(List.of(), List.of(), 0)), 1, false);
        assertEquals(1, same.violations(), "without the harness's wipe the same loss is a violation");
    }
}
