package dev.txnharness.reports.cli;

import dev.txnharness.properties.target.Target;
import dev.txnharness.reports.suite.HistoriesSuite;
import java.time.Duration;

/**
 * Holds the histories suite to its time budget. The suite checks its deadline only between
 * histories, so one long history (many clients, many ops, a slow checker) could run far past
 * {@code --time}; here it runs on its own thread, and when the budget and a small slack are spent
 * the caller stops waiting, interrupts it (a threaded history's clients stop when their
 * connections close) and reports what was checked. The history then in flight is not counted.
 */
final class TimedSuite {
    /** How long past the budget a history in flight may take to finish and be checked. */
    static final Duration SLACK = Duration.ofSeconds(2);

    private TimedSuite() {}

    /**
     * Runs the suite; true when it returned within the budget and the slack, false when it was
     * abandoned. A throwable of the suite (the target died, out of memory) is thrown here.
     */
    static boolean run(HistoriesSuite suite, Target target, HistoriesSuite.Settings settings, HistoriesSuite.Listener listener)
            throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                suite.run(target, settings, listener);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "histories-suite");
        worker.setDaemon(true); // an abandoned history must not keep the JVM alive
        worker.start();
        worker.join(settings.time().plus(SLACK).toMillis());
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(1000);
            return false;
        }
        if (failure[0] != null) throw failure[0];
        return true;
    }
}
