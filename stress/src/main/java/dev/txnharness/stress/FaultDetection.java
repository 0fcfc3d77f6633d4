package dev.txnharness.stress;

import dev.txnharness.engine.Fault;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves the race tests bite: for each engine {@link Fault} that a race can expose, runs the race
 * tests meant to catch it on engines built with that fault (jcstress in a subprocess, {@code
 * -Dstress.fault=F} passed to its forked VMs) and checks that every one of them reports a
 * FORBIDDEN outcome. Prints the fault → test table and exits 1 if any test missed its fault.
 *
 * <p>Usage: {@code java -cp stress/target/jcstress.jar dev.txnharness.stress.FaultDetection
 * [--results DIR] [--fault NAME]...}. Each fault's jcstress console output and HTML report go to
 * {@code DIR/NAME/}; the table to {@code DIR/faults.md}. A test that did not catch its fault in
 * the first run (sanity mode, 100 ms per configuration) gets one longer run before it counts as
 * missed: a planted bug shows up only when the race hits its window, a few percent of the samples
 * for the narrow ones.
 */
public final class FaultDetection {
    private static final String PACKAGE = "dev.txnharness.stress.races.";

    /** Which race tests must report FORBIDDEN when the engine has which fault. */
    static final Map<Fault, List<String>> CATCHES = new EnumMap<>(Fault.class);

    /** Why a fault has no race test here. */
    static final Map<Fault, String> NOT_RACES = new EnumMap<>(Fault.class);

    static {
        CATCHES.put(Fault.WATCH_IGNORED, List.of(
                "LostUpdate_01_GetThenSet.WithWatch",
                "Watch_01_ConcurrentSetAbortsExec.WithWatch",
                "Watch_02_SameValueSetAbortsExec",
                "Unwatch_01_UnwatchForgetsTouchedKeys.QueuedInMulti"));
        CATCHES.put(Fault.WATCH_IGNORES_OWN_WRITES, List.of(
                "Watch_04_OwnWriteAbortsExec"));
        CATCHES.put(Fault.EXEC_NOT_ISOLATED, List.of(
                "TornRead_01_ExecVsMget.Mget",
                "TornRead_01_ExecVsMget.TwoGets",
                "Exec_01_OverlappingExecsAreSerial"));
        CATCHES.put(Fault.DISCARD_KEEPS_WATCHES, List.of(
                "Discard_01_DiscardUnwatchesAllKeys"));
        CATCHES.put(Fault.EXPIRY_DOES_NOT_TOUCH, List.of(
                "Expire_01_ExpiryAbortsExec.Lazy",
                "Expire_01_ExpiryAbortsExec.Active"));
        CATCHES.put(Fault.FLUSH_DOES_NOT_TOUCH, List.of(
                "Flush_01_FlushTouchesWatchedKeys.Flushdb",
                "Flush_01_FlushTouchesWatchedKeys.Flushall",
                "Swapdb_01_SwapdbTouchesWatchedKeys.KeyExists",
                "Swapdb_01_SwapdbTouchesWatchedKeys.KeyMissing"));
        CATCHES.put(Fault.QUEUE_ERROR_DOES_NOT_ABORT, List.of(
                "Queue_01_QueueErrorCommitsNothing"));
        NOT_RACES.put(Fault.AOF_SPLIT_TRANSACTION,
                "crash-time persistence; the engine does not plant it yet and the AOF tests own it");
    }

    /** The jcstress arguments of each attempt; later attempts run only the tests still missed. */
    private static final List<List<String>> ATTEMPTS = List.of(
            List.of("-m", "sanity", "-sc", "false", "-time", "100"),
            List.of("-m", "sanity", "-sc", "false", "-time", "500", "-iters", "2"));

    /** "<test> [<jvm args>]: Observed forbidden state: ..." in jcstress's failure summary. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^(" + Pattern.quote(PACKAGE) + "\\S+) \\[.*\\]: Observed forbidden state", Pattern.MULTILINE);

    private FaultDetection() {}

    /** One fault's outcome: the tests that caught it and the ones that did not. */
    record Row(Fault fault, List<String> caught, List<String> missed, int attempts, long millis) {}

    public static void main(String[] args) throws Exception {
        Path results = Path.of("jcstress-faults");
        Set<Fault> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--fault" -> only.add(Fault.valueOf(args[++i]));
                case "-h", "--help" -> {
                    System.out.println("usage: FaultDetection [--results DIR] [--fault NAME]...");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; try --help");
            }
        }
        Files.createDirectories(results);
        Path jar = ownJar();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Fault, List<String>> e : CATCHES.entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey())) continue;
            rows.add(detect(jar, results, e.getKey(), e.getValue()));
        }
        String table = table(rows);
        System.out.println();
        System.out.println(table);
        Files.writeString(results.resolve("faults.md"), table, StandardCharsets.UTF_8);
        List<Row> bad = rows.stream().filter(r -> !r.missed().isEmpty()).toList();
        if (!bad.isEmpty()) {
            for (Row r : bad) {
                System.out.println("MISSED: with " + r.fault() + " built in, " + r.missed()
                        + " reported no FORBIDDEN outcome; see " + results.resolve(r.fault().name()) + "/console-*.txt");
            }
            System.exit(1);
        }
        System.out.println("Every fault was caught by its race tests.");
    }

    /** Runs the fault's tests until each reported FORBIDDEN or the attempts are spent. */
    static Row detect(Path jar, Path results, Fault fault, List<String> tests) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path dir = results.resolve(fault.name());
        Files.createDirectories(dir);
        Set<String> missed = new LinkedHashSet<>(tests);
        int attempt = 0;
        while (!missed.isEmpty() && attempt < ATTEMPTS.size()) {
            attempt++;
            System.out.printf("[%s] attempt %d: %s%n", fault, attempt, String.join(", ", missed));
            String output = runJcstress(jar, dir, fault, missed, ATTEMPTS.get(attempt - 1), attempt);
            Matcher m = FORBIDDEN.matcher(output);
            while (m.find()) missed.remove(m.group(1).substring(PACKAGE.length()));
        }
        List<String> caught = tests.stream().filter(t -> !missed.contains(t)).toList();
        return new Row(fault, caught, List.copyOf(missed), attempt, (System.nanoTime() - start) / 1_000_000);
    }

    /** jcstress on just these tests, with the fault built into every engine of the forked VMs. */
    private static String runJcstress(Path jar, Path dir, Fault fault, Set<String> tests, List<String> mode, int attempt)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(mode);
        cmd.add("-t");
        cmd.add(selector(tests));
        cmd.add("-jvmArgsPrepend");
        cmd.add("-D" + StressEngine.FAULT_PROPERTY + "=" + fault.name());
        cmd.add("-r");
        cmd.add(dir.toAbsolutePath().toString());
        Path console = dir.resolve("console-" + attempt + ".txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        p.waitFor();
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    /** A -t regexp that matches exactly these tests. */
    static String selector(Set<String> tests) {
        List<String> alts = new ArrayList<>();
        for (String t : tests) alts.add(Pattern.quote(PACKAGE + t));
        return "^(" + String.join("|", alts) + ")$";
    }

    /** The markdown table of docs/STRESS.md. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| fault | race test | FORBIDDEN reported |\n| --- | --- | --- |\n");
        for (Row r : rows) {
            Map<String, Boolean> all = new LinkedHashMap<>();
            for (String t : CATCHES.get(r.fault())) all.put(t, r.caught().contains(t));
            for (Map.Entry<String, Boolean> e : all.entrySet()) {
                sb.append("| `").append(r.fault()).append("` | `").append(e.getKey()).append("` | ")
                        .append(e.getValue() ? "yes" : "**NO**").append(" |\n");
            }
        }
        for (Map.Entry<Fault, String> e : NOT_RACES.entrySet()) {
            sb.append("| `").append(e.getKey()).append("` | — | not a race (").append(e.getValue()).append(") |\n");
        }
        for (Row r : rows) {
            sb.append(String.format("%n%s: %d attempt(s), %.1f s", r.fault(), r.attempts(), r.millis() / 1000.0));
        }
        return sb.append('\n').toString();
    }

    /** The jar this class runs from (target/jcstress.jar). */
    private static Path ownJar() throws URISyntaxException {
        Path p = Path.of(FaultDetection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!p.toString().endsWith(".jar")) {
            throw new IllegalStateException("FaultDetection must run from the jcstress jar (" + p
                    + "); build it with `mvn -pl stress package` and run java -cp stress/target/jcstress.jar ...");
        }
        return p;
    }

    static {
        // Every fault must be either mapped to race tests or explained.
        for (Fault f : Fault.values()) {
            if (!CATCHES.containsKey(f) && !NOT_RACES.containsKey(f)) {
                NOT_RACES.put(f, "no race test maps it yet");
            }
        }
    }

}
