package dev.txnharness.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code ./harness} as its own JVM (this test JVM's java and class path), for signals and exit codes. */
final class Subprocess {
    private Subprocess() {}

    /** Starts {@code java -Xmx512m -cp ... Main args}; stdout and stderr go to files in {@code logs}. */
    static Process harness(Path logs, String... args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        java.nio.file.Files.createDirectories(logs);
        return new ProcessBuilder(cmd).redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile()).start();
    }
}
