package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless: a screenshot and the DOM after load. Fails (never skips) when missing. */
final class Chromium {
    private Chromium() {}

    static String binary() {
        for (String b : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(b))) return b;
        }
        fail("chromium is not installed: the report's browser test needs it. Run scripts/ensure-deps.sh "
                + "(as root: apt-get update && apt-get install -y chromium), then run the tests again.");
        return null;
    }

    /** Loads the page and returns the serialized DOM. */
    static String dumpDom(Path html, Path profile) throws Exception {
        return run(url(html, ""), profile, "--dump-dom");
    }

    /** Loads the page at {@code fragment} ("#…" or "") in a window of that size and returns the DOM after its scripts ran. */
    static String dumpDom(Path html, String fragment, Path profile, int width, int height) throws Exception {
        return run(url(html, fragment), profile, "--dump-dom", "--window-size=" + width + "," + height);
    }

    /** Loads the page and writes a PNG screenshot. */
    static void screenshot(Path html, Path profile, Path png, int width, int height) throws Exception {
        screenshot(html, "", profile, png, width, height);
    }

    /** Loads the page at {@code fragment} ("#…" or "") and writes a PNG screenshot. */
    static void screenshot(Path html, String fragment, Path profile, Path png, int width, int height) throws Exception {
        run(url(html, fragment), profile, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height);
        assertTrue(Files.size(png) > 1000, "the screenshot is empty: " + png);
    }

    /** The file is a PNG image (its signature). */
    static void assertPng(Path png) throws IOException {
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(png)) {
            assertEquals(8, in.read(head), png + " is too short");
        }
        assertEquals((byte) 0x89, head[0], png + " is a PNG");
        assertEquals('P', head[1], png + " is a PNG");
    }

    private static String url(Path html, String fragment) {
        return html.toAbsolutePath().toUri() + fragment;
    }

    private static String run(String url, Path profile, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path outFile = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s: " + cmd);
        }
        try {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        } finally {
            try {
                Files.deleteIfExists(outFile);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
