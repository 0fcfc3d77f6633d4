package dev.txnharness.properties.scenario;

import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.Targets;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line access to the scenario suite (the {@code ./harness} CLI builds on it):
 *
 * <pre>
 *   run    --target T [FILE.scn ...]          check scenarios (default: all built-in) on a target
 *   diff   --target A --against B [FILE ...]  differential: compare two targets reply by reply
 *   record --target T [--also T2] FILE ...    rewrite files with T's replies (T2: other version)
 * </pre>
 *
 * Exit codes: 0 passed / same, 1 a failure or a difference, 2 could not run.
 */
public final class ScenarioTool {
    private ScenarioTool() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println("usage: run|diff|record --target T [--against T2] [--also T2] [FILE.scn ...]");
            return 2;
        }
        String verb = args[0];
        String target = "engine", against = null, also = null;
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--target" -> target = args[++i];
                case "--against" -> against = args[++i];
                case "--also" -> also = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        if (files.isEmpty()) scenarios.addAll(ScenarioParser.builtIn());
        for (Path f : files) scenarios.add(ScenarioParser.parse(f));
        try (Target t = Targets.of(target)) {
            switch (verb) {
                case "run": {
                    int failed = 0;
                    ScenarioRunner runner = new ScenarioRunner();
                    for (Scenario sc : scenarios) {
                        ScenarioRunner.Result r = runner.run(sc, t);
                        if (!r.passed()) {
                            failed++;
                            out.print(r.describeFailures());
                        }
                    }
                    out.printf("%d scenarios on %s (%s): %d passed, %d failed%n", scenarios.size(), t.name(), t.version(),
                            scenarios.size() - failed, failed);
                    return failed == 0 ? 0 : 1;
                }
                case "diff": {
                    if (against == null) { err.println("diff needs --against TARGET"); return 2; }
                    int differ = 0;
                    try (Target b = Targets.of(against)) {
                        for (Scenario sc : scenarios) {
                            Differential.Report rep = Differential.compare(sc, t, b);
                            if (!rep.same()) {
                                differ++;
                                out.print(rep.render());
                            }
                        }
                        out.printf("%d scenarios, %s vs %s: %d same, %d differ%n", scenarios.size(), t.name(), b.name(),
                                scenarios.size() - differ, differ);
                    }
                    return differ == 0 ? 0 : 1;
                }
                case "record": {
                    if (files.isEmpty()) { err.println("record needs the files to rewrite"); return 2; }
                    Target other = also == null ? null : Targets.of(also);
                    try {
                        for (int i = 0; i < files.size(); i++) {
                            Path f = files.get(i);
                            String text = Files.readString(f, StandardCharsets.UTF_8);
                            Files.writeString(f, ScenarioRecorder.record(scenarios.get(i), text, t, other), StandardCharsets.UTF_8);
                            out.println("recorded " + f + " from " + t.version() + (other == null ? "" : " and " + other.version()));
                        }
                    } finally {
                        if (other != null) other.close();
                    }
                    return 0;
                }
                default:
                    err.println("unknown verb '" + verb + "' (run | diff | record); args: " + Arrays.toString(args));
                    return 2;
            }
        }
    }
}
