package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.reports.cli.ExitCodes;
import dev.txnharness.reports.cli.HarnessCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, exit codes as a contract: 1 only for the target's own replies; every subcommand
 * answers {@code --help} with the codes; a failure of ours (out of memory, stack overflow, an
 * unexpected exception) is 3 or 2 with one line, never 1 as {@code java} itself would exit.
 */
class ExitCodeContractTest {

    @Test
    void everySubcommandAnswersHelpWithTheExitCodes() {
        for (String cmd : new String[] {"check", "replay", "diff", "report", "serve", "linearizable"}) {
            Cli c = Cli.run(cmd, "--help");
            assertEquals(0, c.exit(), cmd + " --help: " + c);
            assertTrue(c.out().startsWith("Usage: harness " + cmd), c.out());
        }
        Cli check = Cli.run("check", "--help");
        assertTrue(check.out().contains(ExitCodes.TEXT.substring(0, 40)), "check --help names the exit codes:\n" + check.out());
        assertTrue(Cli.run("help").out().contains("1 the target's replies contradict Redis"));
    }

    @Test
    void aFailureOfOursIsNeverOne() {
        assertEquals(3, failed(new OutOfMemoryError("Java heap space")), "out of memory: unknown");
        assertEquals(3, failed(new IllegalStateException("wrapped", new OutOfMemoryError())), "out of memory as a cause");
        assertEquals(2, failed(new StackOverflowError()));
        assertEquals(2, failed(new NullPointerException()));
        assertEquals(2, failed(new java.io.UncheckedIOException(new java.io.IOException("x"))));
        assertEquals(3, ExitCodes.of(new RuntimeException(), true), "with results in, a failure of ours is unknown");
        StringWriter w = new StringWriter();
        HarnessCli.failed(new OutOfMemoryError("Java heap space"), new PrintWriter(w));
        assertEquals(1, w.toString().strip().lines().count(), "one line: " + w);
        assertTrue(w.toString().startsWith("harness: unknown: out of memory"), w.toString());
    }

    private static int failed(Throwable t) {
        return HarnessCli.failed(t, new PrintWriter(new StringWriter()));
    }
}
