package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.resp.ServeMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 11: help and docs agree with the program, and the docs point only at files the repository has. */
class DocsAgreeTest {
    /** The repository: tests run in reports/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A path in backticks or a markdown link: something/with/a-slash.ext */
    private static final Pattern PATH = Pattern.compile("(?:`([^`\\s]+)`|\\]\\(([^)\\s]+)\\))");
    private static final Pattern FILE = Pattern.compile("[\\w.-]+(?:/[\\w.-]+)+\\.(?:md|java|sh|xml|txt|tsv|scn|json|jsonl|log|png|html)");

    @Test
    void helpServeSaysThePortServeMainListensOn() {
        Cli c = Cli.run("help", "serve");
        assertEquals(0, c.exit(), c.toString());
        Matcher m = Pattern.compile("default (?:port )?(\\d{4,5})").matcher(c.out());
        int seen = 0;
        while (m.find()) {
            assertEquals(String.valueOf(ServeMain.DEFAULT_PORT), m.group(1), "help serve says port " + m.group(1) + ":\n" + c.out());
            seen++;
        }
        assertTrue(seen > 0, "help serve names its default port:\n" + c.out());
    }

    @Test
    void everyPathTheDocsNameExists() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(Files::isRegularFile).map(p -> "/" + ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("/.git/") && !p.contains("/target/")).toList();
        }
        List<String> missing = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = PATH.matcher(Files.readString(doc));
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                Matcher f = FILE.matcher(ref);
                if (!f.find()) continue;
                String p = f.group();
                // generated files, placeholders, and Redis's own source (src/multi.c, tests/unit/multi.tcl) are not ours
                if (ref.contains("://") || p.contains("target/") || p.startsWith("src/") || p.startsWith("tests/")) continue;
                boolean found = Files.exists(ROOT.resolve(p)) || Files.exists(doc.getParent().resolve(p))
                        || files.stream().anyMatch(x -> x.endsWith("/" + p));
                if (!found) missing.add(ROOT.relativize(doc) + ": " + p);
            }
        }
        assertEquals(List.of(), missing, "paths the docs name that the repository lacks");
    }

    @Test
    void theLauncherHonoursJavaHome() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("harness").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", "/no/such/jdk");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("JAVA_HOME=/no/such/jdk has no bin/java"), out);
    }
}
