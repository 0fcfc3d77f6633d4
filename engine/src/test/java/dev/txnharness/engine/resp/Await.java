package dev.txnharness.engine.resp;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread makes true, without a fixed sleep. */
final class Await {
    private Await() {}

    /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
