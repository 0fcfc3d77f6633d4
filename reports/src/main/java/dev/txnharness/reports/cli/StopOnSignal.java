package dev.txnharness.reports.cli;

import dev.txnharness.properties.target.Target;
import java.util.List;

/**
 * Stops targets when the JVM is stopped by SIGTERM or Ctrl-C while a command uses them, so a
 * launched redis-server never outlives the command (a CI cancel would leave it running). Closing
 * this drops the hook; the targets are then closed by their owner as usual. {@code check} has its
 * own hook ({@link CheckRun}), which also writes the report.
 */
final class StopOnSignal implements AutoCloseable {
    private final Thread hook;

    StopOnSignal(Target... targets) {
        List<Target> ts = List.of(targets);
        hook = new Thread(() -> stopAll(ts), "harness-stop-targets");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Closes each target; one that fails to stop does not keep the others running. */
    static void stopAll(List<Target> targets) {
        for (Target t : targets) {
            try {
                t.close();
            } catch (RuntimeException ignored) {
                // best effort: the JVM is exiting
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stops the targets
        }
    }
}
