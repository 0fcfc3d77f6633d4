package dev.txnharness.reports.suite;

import dev.txnharness.properties.target.Target;
import java.time.Duration;

/**
 * The "histories" suite as the CLI sees it: runs concurrent workloads on a {@link Target}, records
 * each as a History, checks it for linearizability and hands every checked history to a listener.
 * The CLI does not care how histories are generated; {@link WorkloadHistories} runs properties'
 * workload package behind this interface.
 *
 * <p>Contract: {@link #run} returns when {@link Settings#time} is spent, {@link
 * Settings#maxHistories} histories were checked, or {@link Listener#stop} answers true. Every
 * random choice comes from {@link Settings#seed}. It throws only when the target cannot be used at
 * all (unreachable): a failing history is a {@link HistoryRun} with a violation, never an exception.
 */
public interface HistoriesSuite {

    /** A short name for the summary ("workload"). */
    String name();

    /** One line for the report's notes: what the histories are and how they run on this target. */
    default String describe(Target target, Settings settings) {
        return "histories: the " + name() + " suite (" + settings.clients() + " clients, " + settings.ops()
                + " commands per history)";
    }

    /** Runs histories until the budget is spent. */
    void run(Target target, Settings settings, Listener listener) throws Exception;

    /**
     * What to run.
     *
     * @param clients      connections per history
     * @param ops          commands per history
     * @param time         wall-clock budget of the whole suite
     * @param seed         the seed every random choice derives from
     * @param maxHistories stop after this many histories (0 = only the time budget)
     * @param shrink       shrink a violating history to a minimal counterexample
     * @param checkBudget  the checker's time budget per history
     * @param schedule     which histories run on a deterministic schedule and which on real threads
     */
    record Settings(int clients, int ops, Duration time, long seed, int maxHistories, boolean shrink,
                    Duration checkBudget, Schedule schedule) {
        public Settings(int clients, int ops, Duration time, long seed, int maxHistories, boolean shrink, Duration checkBudget) {
            this(clients, ops, time, seed, maxHistories, shrink, checkBudget, Schedule.MIXED);
        }
    }

    /**
     * How a target that controls its clock (the engine, in-process or behind its RESP server) runs
     * its histories. A deterministic schedule is drawn from the history's seed, so the seed replays
     * the history and its counterexample exactly; real threads find races that no schedule of whole
     * commands can show (an EXEC that lets another client in between its commands). Any other
     * target runs every history on real threads.
     */
    enum Schedule {
        /** Odd histories on a deterministic schedule, even ones on real threads (the default). */
        MIXED,
        /** Every history on a deterministic schedule: the same seed gives the same histories and counterexamples. */
        DETERMINISTIC,
        /** Every history on real threads. */
        THREADS;

        /** Whether the i-th history (from 1) of this schedule runs on real threads. */
        public boolean threaded(Target target, int i, int clients) {
            if (!target.controlsClock()) return true;
            return switch (this) {
                case MIXED -> i % 2 == 0 && clients > 1;
                case DETERMINISTIC -> false;
                case THREADS -> clients > 1;
            };
        }

        /** The mode in words, for the suite's description. */
        public String describe(Target target) {
            if (!target.controlsClock()) return "every history on real threads";
            return switch (this) {
                case MIXED -> "odd histories on a deterministic schedule (the seed replays them), even ones on real threads";
                case DETERMINISTIC -> "every history on a deterministic schedule (the seed replays it)";
                case THREADS -> "every history on real threads";
            };
        }
    }

    /** Receives each checked history; may ask the suite to stop early. */
    interface Listener {
        void checked(HistoryRun run);

        /** A history as recorded, before it is checked or shrunk: what was sent and answered. */
        default void recorded(dev.txnharness.properties.history.History history) {}

        /** Called between histories; true stops the suite. */
        default boolean stop() {
            return false;
        }
    }
}
