package dev.txnharness.junit;

import dev.txnharness.engine.Fault;
import dev.txnharness.reports.Main;
import dev.txnharness.reports.cli.ReportFolder;
import dev.txnharness.reports.report.ReportWriter;
import dev.txnharness.reports.report.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a Redis-compatible server's transactions from a Java test, as {@code ./harness check}
 * does from a shell: the same suites, the same report folder, the same verdicts and exit codes
 * (it runs that command in-process and reads back the report it wrote).
 *
 * <pre>{@code
 * TransactionCheck.of(Target.launch())
 *     .suites(Suite.SCENARIOS, Suite.HISTORIES)
 *     .clients(4).time(Duration.ofSeconds(5)).seed(42)
 *     .check();   // throws TransactionCheckFailure with the counterexample unless it passed
 * }</pre>
 *
 * <p>A check is a description: each {@link #run()} runs it again (with a new random seed unless
 * {@link #seed} is set) into a new report folder unless {@link #reportDir} names one. Not
 * thread-safe while being configured; {@link #run()} may be called from any thread.
 */
public final class TransactionCheck {
    private final List<Target> targets;
    private final Set<Suite> suites = EnumSet.of(Suite.SCENARIOS, Suite.HISTORIES);
    private int clients = 4;
    private int ops = 200;
    private Duration time = Duration.ofSeconds(10);
    private Duration checkBudget = Duration.ofSeconds(10);
    private int maxHistories;
    private int maxViolations = 1;
    private boolean shrink = true;
    private boolean deterministic;
    private boolean flush;
    private boolean quiet;
    private Long seed;
    private Path reportDir;

    private TransactionCheck(List<Target> targets) {
        this.targets = targets;
    }

    /**
     * A check of one or more targets (each gets its column in the report). Deliberate engine bugs
     * ({@link Target#engine(Fault...)}) apply to the whole check, so every engine target must name the
     * same ones.
     */
    public static TransactionCheck of(Target first, Target... more) {
        List<Target> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first, "target"));
        for (Target t : more) all.add(Objects.requireNonNull(t, "target"));
        return of(all);
    }

    /** A check of the given targets. */
    public static TransactionCheck of(List<Target> targets) {
        if (targets.isEmpty()) throw new IllegalArgumentException("no target to check");
        Set<Set<Fault>> faultSets = targets.stream().map(Target::faults).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
        if (faultSets.size() > 1 || !faultSets.isEmpty() && targets.stream().anyMatch(t -> t.faults().isEmpty())) {
            throw new IllegalArgumentException("faults apply to the whole check: give every target the same ones, or use two checks ("
                    + targets + ")");
        }
        return new TransactionCheck(List.copyOf(targets));
    }

    /** The suites to run (default: scenarios and histories, as {@code --suite all}). */
    public TransactionCheck suites(Suite first, Suite... more) {
        suites.clear();
        suites.add(first);
        suites.addAll(List.of(more));
        return this;
    }

    /** Clients per history, 1 to 1024 (default 4). */
    public TransactionCheck clients(int clients) {
        this.clients = clients;
        return this;
    }

    /** Commands per history, 1 to 1,000,000 (default 200). */
    public TransactionCheck ops(int ops) {
        this.ops = ops;
        return this;
    }

    /** The histories suite's time budget per target, 100 ms to 7 days (default 10 s). */
    public TransactionCheck time(Duration time) {
        this.time = Objects.requireNonNull(time, "time");
        return this;
    }

    /** Stop after this many histories per target (default: only the time budget). */
    public TransactionCheck histories(int maxHistories) {
        this.maxHistories = maxHistories;
        return this;
    }

    /** The linearizability checker's budget per history (default 10 s); when spent the verdict is unknown. */
    public TransactionCheck checkBudget(Duration budget) {
        this.checkBudget = Objects.requireNonNull(budget, "budget");
        return this;
    }

    /** Stop the histories on a target after this many violating ones (default 1; 0: never). */
    public TransactionCheck maxViolations(int maxViolations) {
        this.maxViolations = maxViolations;
        return this;
    }

    /** Report a violating history as recorded instead of shrinking it (shrinking is on by default). */
    public TransactionCheck noShrink() {
        this.shrink = false;
        return this;
    }

    /**
     * Run every history of the engine (in-process or behind RESP) on a deterministic schedule drawn
     * from the seed, so the same {@link #seed} gives the same histories and counterexamples. By
     * default half of them run on real threads, which also finds races; other targets always do.
     */
    public TransactionCheck deterministic() {
        this.deterministic = true;
        return this;
    }

    /** The seed of every random choice (default: a random one, in the result and the report). */
    public TransactionCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The report folder (default: a new folder under {@code target/harness-reports/} of the Maven
     * module being tested, else under {@code harness-out/}). An earlier report there is replaced; a
     * folder holding other files is refused.
     */
    public TransactionCheck reportDir(Path dir) {
        this.reportDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** Allow a {@code redis://} server that holds keys: the check FLUSHALLs it (erasing them). */
    public TransactionCheck flush() {
        this.flush = true;
        return this;
    }

    /** Do not print the summary table to {@code System.out} (it is in {@link Result#output()} either way). */
    public TransactionCheck quiet() {
        this.quiet = true;
        return this;
    }

    /** The targets. */
    public List<Target> targets() {
        return targets;
    }

    /** Runs the check and returns its result; throws only for bad settings (the result says "could not run" otherwise). */
    public Result run() {
        Path dir = reportDir != null ? reportDir : ReportFolder.fresh(defaultRoot(), "check-");
        try {
            // a summary left by an earlier run in this folder must never stand for this one (a
            // check refused before it writes its report leaves none)
            Files.deleteIfExists(dir.resolve("summary.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the old summary.json in " + dir, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(arguments(dir).toArray(String[]::new), o, e);
        }
        String stdout = out.toString(StandardCharsets.UTF_8), output = err.toString(StandardCharsets.UTF_8) + stdout;
        if (!quiet) System.out.print(stdout);
        if (!Files.isRegularFile(dir.resolve("summary.json"))) return Result.notRun(dir, code, output);
        RunSummary summary;
        try {
            summary = ReportWriter.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report the check wrote in " + dir, e);
        }
        return Result.of(summary, dir, code, output);
    }

    /** Runs the check and throws {@link TransactionCheckFailure} unless it passed. */
    public Result check() {
        return run().assertPassed();
    }

    /**
     * Runs the check now and returns its outcomes as JUnit dynamic tests, for a
     * {@code @TestFactory}: a container per suite and target with one test per scenario (or history
     * property), and a last test, "verdict", that fails unless the whole check passed.
     */
    public Stream<DynamicNode> dynamicTests() {
        Result r = run();
        List<DynamicNode> nodes = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Outcome o : r.outcomes()) groups.add(group(o) + "\u0000" + o.target());
        for (String g : groups) {
            String[] gt = g.split("\u0000", 2);
            List<DynamicTest> tests = r.outcomes().stream().filter(o -> group(o).equals(gt[0]) && o.target().equals(gt[1]))
                    .map(o -> DynamicTest.dynamicTest(o.name(), () -> {
                        if (!o.passed()) throw new AssertionError(o.verdict() + ": " + o.message());
                    })).toList();
            nodes.add(DynamicContainer.dynamicContainer(gt[0] + " on " + gt[1], tests));
        }
        nodes.add(DynamicTest.dynamicTest("verdict", r.reportPage().toUri(), r::assertPassed));
        return nodes.stream();
    }

    private static String group(Outcome o) {
        return o.name().startsWith("histories: ") ? "histories" : "scenarios";
    }

    /** {@code ./harness check}'s arguments for this check. */
    List<String> arguments(Path dir) {
        List<String> a = new ArrayList<>(List.of("check",
                "--target", targets.stream().map(Target::spec).collect(Collectors.joining(",")),
                "--suite", suites.stream().map(Suite::word).collect(Collectors.joining(",")),
                "--clients", Integer.toString(clients), "--ops", Integer.toString(ops),
                "--time", time.toMillis() + "ms", "--check-budget", checkBudget.toMillis() + "ms",
                "--max-violations", Integer.toString(maxViolations), "--out", dir.toString()));
        if (maxHistories > 0) a.addAll(List.of("--histories", Integer.toString(maxHistories)));
        if (!shrink) a.add("--no-shrink");
        if (deterministic) a.addAll(List.of("--schedule", "deterministic"));
        if (flush) a.add("--flush");
        if (seed != null) a.addAll(List.of("--seed", Long.toString(seed)));
        Set<Fault> faults = targets.get(0).faults();
        if (!faults.isEmpty()) a.addAll(List.of("--fault", faults.stream().sorted().map(Enum::name).collect(Collectors.joining(","))));
        return a;
    }

    /** Beside surefire's reports when run by Maven (surefire sets {@code basedir}), else harness-out/. */
    static Path defaultRoot() {
        String basedir = System.getProperty("basedir");
        return basedir != null ? Path.of(basedir, "target", "harness-reports") : Path.of("harness-out");
    }
}
