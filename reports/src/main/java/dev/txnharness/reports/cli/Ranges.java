package dev.txnharness.reports.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The allowed range of each numeric option, checked before anything runs: a value outside it is
 * a usage error (exit 2) whose one line names the option and the range.
 */
final class Ranges {
    private Ranges() {}

    static void check(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be from " + String.format("%,d", min) + " to "
                    + String.format("%,d", max) + ", got " + String.format("%,d", value));
        }
    }

    static void check(CommandSpec spec, String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ParameterException(spec.commandLine(), option + " must be from " + Durations.format(min) + " to "
                    + Durations.format(max) + ", got " + Durations.format(value));
        }
    }
}
