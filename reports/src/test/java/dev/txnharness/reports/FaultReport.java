package dev.txnharness.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One report made once per test JVM: {@code check} on an engine built with the test-only fault
 * WATCH_IGNORED (WATCH does nothing), so every suite finds a violation.
 */
final class FaultReport {
    static final Path DIR = Path.of("target", "test-reports", "watch-ignored");
    private static Cli result;

    private FaultReport() {}

    static synchronized Cli get() throws IOException {
        if (result == null) {
            clean(DIR);
            result = Cli.run("check", "--fault", "WATCH_IGNORED", "--seed", "1", "--time", "10s", "--out", DIR.toString());
        }
        return result;
    }

    /** target/test-reports/NAME, emptied. */
    static Path fresh(String name) throws IOException {
        Path dir = Path.of("target", "test-reports", name);
        clean(dir);
        return dir;
    }

    static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
