package com.example.redis;

import dev.txnharness.junit.RedisTransactionTest;
import dev.txnharness.junit.Suite;
import dev.txnharness.junit.TransactionCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * A real redis-server, started by the harness on a free port (redis-server on PATH): every scenario
 * shows as a test of its own. Point it at your server with -Dharness.target=redis://host:6379 (an
 * empty one: the check refuses a server that holds keys). The report is in
 * target/harness-reports/com.example.redis.LaunchedRedisTest.redisServer/index.html.
 */
@RedisTransactionTest(target = "launch", suites = {Suite.SCENARIOS, Suite.HISTORIES}, time = "3s")
class LaunchedRedisTest {
    @TestFactory
    Stream<DynamicNode> redisServer(TransactionCheck check) {
        return check.dynamicTests();
    }
}
