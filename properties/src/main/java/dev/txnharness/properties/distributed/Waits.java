package dev.txnharness.properties.distributed;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition of other processes (a failover, cluster_state:ok) with a deadline. */
final class Waits {
    private Waits() {}

    /** Polls {@code condition} every 50 ms until it holds (true) or {@code limit} passes (false). */
    static boolean until(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() > deadline) return false;
            pause(50);
        }
    }

    /** A poll interval: another process's state has nothing to wait on. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
