package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.junit.Result;
import dev.txnharness.junit.Target;
import dev.txnharness.junit.TransactionCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness's reference engine keeps Redis 7.0's transaction promises: the API in one call. */
class EngineTransactionsTest {
    @Test
    void theReferenceEngineKeepsRedisTransactionPromises() {
        Result r = TransactionCheck.of(Target.engine())
                .clients(4)
                .time(Duration.ofSeconds(3))
                .seed(42)
                .check(); // throws TransactionCheckFailure, with the counterexample, unless it passed

        assertTrue(r.counts().scenarios() > 200, r::toString);
        assertTrue(r.counts().histories() > 0, r::toString);
    }
}
