package dev.txnharness.engine.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code semantics-coverage.md} honest: it has a row for the "Client state" bullet, for every
 * numbered line 1–22 of SEMANTICS.md and for each "Things peers get wrong" item, every row names at
 * least one test, and every {@code Class#method} it names is a test method that exists here.
 */
class SemanticsCoverageTest {
    private static final Pattern REF = Pattern.compile("`([A-Z][A-Za-z]+Test)#([a-zA-Z0-9]+)`");

    /** Row key → the row's test references. */
    private static Map<String, List<String[]>> rows() throws IOException {
        String md;
        try (InputStream in = SemanticsCoverageTest.class.getResourceAsStream("/semantics-coverage.md")) {
            assertNotNull(in, "semantics-coverage.md is on the test classpath");
            md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        for (String line : md.split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| Line") || line.startsWith("|---")) continue;
            String[] cells = line.split(" \\| ");
            String key = cells[0].substring(2).trim();
            List<String[]> refs = new ArrayList<>();
            Matcher m = REF.matcher(cells[cells.length - 1]);
            while (m.find()) refs.add(new String[] {m.group(1), m.group(2)});
            out.put(key, refs);
        }
        return out;
    }

    @Test
    @DisplayName("semantics-coverage.md has a row for every SEMANTICS.md rule, each naming a test")
    void everyRuleHasTests() throws IOException {
        Map<String, List<String[]>> rows = rows();
        List<String> required = new ArrayList<>(List.of("Client state"));
        for (int i = 1; i <= 22; i++) required.add(Integer.toString(i));
        long peers = rows.keySet().stream().filter(k -> k.startsWith("Peers: ")).count();
        assertEquals(12, peers, "one row per item of \"Things peers get wrong\"");
        for (String key : required) {
            assertTrue(rows.containsKey(key), "no row for SEMANTICS line " + key);
        }
        rows.forEach((key, refs) -> assertTrue(!refs.isEmpty(), "row " + key + " names no test"));
    }

    @Test
    @DisplayName("every test that semantics-coverage.md names exists")
    void everyNamedTestExists() throws Exception {
        List<String> missing = new ArrayList<>();
        for (var e : rows().entrySet()) {
            for (String[] ref : e.getValue()) {
                Class<?> cls;
                try {
                    cls = Class.forName(SemanticsCoverageTest.class.getPackageName() + "." + ref[0]);
                } catch (ClassNotFoundException ex) {
                    missing.add(e.getKey() + ": " + ref[0]);
                    continue;
                }
                boolean found = false;
                for (Method m : cls.getDeclaredMethods()) {
                    if (m.getName().equals(ref[1]) && (m.isAnnotationPresent(Test.class)
                            || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class))) {
                        found = true;
                    }
                }
                if (!found) missing.add(e.getKey() + ": " + ref[0] + "#" + ref[1]);
            }
        }
        assertEquals(List.of(), missing, "tests named in semantics-coverage.md that do not exist");
    }
}
