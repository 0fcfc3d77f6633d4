package dev.txnharness.properties.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a scenario file:
 *
 * <pre>
 * # WATCH sees another client's write              (first comment: the title)
 * # semantics: 15                                   (SEMANTICS.md lines covered)
 * A: SET k 0        -&gt; +OK                         (client: command -&gt; expected reply)
 *    6.2 -&gt; +OK                                     (the reply on another Redis version)
 * A: SEND BLPOP l 0                                 (send only; RECV reads the reply)
 * B: RPUSH l x      -&gt; :1
 * A: RECV           -&gt; ["l", "x"]
 * A: SMEMBERS s     -&gt; unordered ~["a", "b"]        (any order inside)
 * A: CLIENT ID      -&gt; *                           (any reply)
 * A: CLOSE
 * WAIT 1100                                         (time passes)
 * </pre>
 *
 * Arguments are separated by spaces; double quotes take spaces and the escapes of {@link
 * ReplyText#quote}. Replies use {@link ReplyText}'s notation.
 */
public final class ScenarioParser {
    private ScenarioParser() {}

    public static Scenario parse(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.scn$", "");
        return parse(name, Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Scenario parse(String name, InputStream in) throws IOException {
        return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    public static Scenario parse(String name, String text) {
        String title = null;
        List<Integer> semantics = new ArrayList<>();
        List<Scenario.Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n].replace("\r", "");
            String line = raw.strip();
            int lineNo = n + 1;
            try {
                if (line.isEmpty()) continue;
                if (line.startsWith("#")) {
                    String c = line.substring(1).strip();
                    if (c.toLowerCase().startsWith("semantics:")) {
                        for (String s : c.substring("semantics:".length()).split("[,\\s]+")) {
                            if (!s.isBlank()) semantics.add(Integer.parseInt(s.strip()));
                        }
                    } else if (title == null) {
                        title = c;
                    }
                    continue;
                }
                if (Character.isWhitespace(raw.charAt(0)) && line.matches("^\\d+\\.\\d+\\s*->.*")) {
                    // another version's reply for the step above
                    int arrow = line.indexOf("->");
                    String version = line.substring(0, arrow).strip();
                    Scenario.Expect e = expect(line.substring(arrow + 2));
                    if (steps.isEmpty()) throw new IllegalArgumentException("a version reply with no step above it");
                    Scenario.Step last = steps.get(steps.size() - 1);
                    if (last instanceof Scenario.Command c) c.byVersion().put(version, e);
                    else if (last instanceof Scenario.Receive r) r.byVersion().put(version, e);
                    else throw new IllegalArgumentException("a version reply must follow a command or RECV");
                    continue;
                }
                if (line.startsWith("WAIT ")) {
                    steps.add(new Scenario.Wait(lineNo, Long.parseLong(line.substring(5).strip())));
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) throw new IllegalArgumentException("expected 'CLIENT: command -> reply'");
                String client = line.substring(0, colon).strip();
                String rest = line.substring(colon + 1).strip();
                int arrow = arrow(rest);
                String cmdText = arrow < 0 ? rest : rest.substring(0, arrow).strip();
                Scenario.Expect expect = arrow < 0 ? null : expect(rest.substring(arrow + 2));
                List<String> argv = split(cmdText);
                if (argv.isEmpty()) throw new IllegalArgumentException("no command");
                String verb = argv.get(0);
                if (verb.equals("CLOSE") && argv.size() == 1 && expect == null) {
                    steps.add(new Scenario.Close(lineNo, client));
                } else if (verb.equals("RECV") && argv.size() == 1) {
                    if (expect == null) throw new IllegalArgumentException("RECV needs '-> reply'");
                    steps.add(new Scenario.Receive(lineNo, client, expect, new LinkedHashMap<>()));
                } else if (verb.equals("SEND")) {
                    if (expect != null) throw new IllegalArgumentException("SEND reads no reply: put it on a RECV");
                    steps.add(new Scenario.Command(lineNo, client, argv.subList(1, argv.size()), true, null, new LinkedHashMap<>()));
                } else {
                    if (expect == null) throw new IllegalArgumentException("a command needs '-> reply' (or '-> *')");
                    steps.add(new Scenario.Command(lineNo, client, argv, false, expect, new LinkedHashMap<>()));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ".scn line " + lineNo + ": " + e.getMessage() + "\n  " + raw, e);
            }
        }
        if (title == null) title = name;
        return new Scenario(name, title, List.copyOf(semantics), List.copyOf(steps));
    }

    private static Scenario.Expect expect(String text) {
        String t = text.strip();
        if (t.equals("*")) return Scenario.Expect.ANY;
        boolean unordered = t.startsWith("unordered ");
        if (unordered) t = t.substring("unordered ".length()).strip();
        ReplyText.parse(t); // fail early on a malformed reply
        return new Scenario.Expect(t, false, unordered);
    }

    /** Position of the first " -> " outside quotes, or -1. */
    private static int arrow(String s) {
        boolean q = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && q) { i++; continue; }
            if (c == '"') q = !q;
            if (!q && c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '>' && (i == 0 || s.charAt(i - 1) == ' ')) return i;
        }
        return -1;
    }

    /** Splits a command line into arguments (quotes and escapes as in replies). */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && s.charAt(i) == ' ') i++;
            if (i >= s.length()) break;
            if (s.charAt(i) == '"') {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '"') { closed = true; break; }
                    if (c == '\\' && i < s.length()) {
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'r' -> b.write('\r');
                            case 'n' -> b.write('\n');
                            case 't' -> b.write('\t');
                            case 'x' -> { b.write(Integer.parseInt(s.substring(i, i + 2), 16)); i += 2; }
                            default -> b.write(e);
                        }
                    } else {
                        byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                        b.write(u, 0, u.length);
                    }
                }
                if (!closed) throw new IllegalArgumentException("unbalanced quotes");
                out.add(b.toString(StandardCharsets.ISO_8859_1));
            } else {
                int start = i;
                while (i < s.length() && s.charAt(i) != ' ') i++;
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Loads every scenario shipped in the jar (resources /scenarios/*.scn, listed in index.txt). */
    public static List<Scenario> builtIn() {
        List<Scenario> out = new ArrayList<>();
        try (InputStream idx = ScenarioParser.class.getResourceAsStream("/scenarios/index.txt")) {
            if (idx == null) throw new IllegalStateException("no /scenarios/index.txt on the class path");
            for (String n : new String(idx.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                n = n.strip();
                if (n.isEmpty() || n.startsWith("#")) continue;
                try (InputStream in = ScenarioParser.class.getResourceAsStream("/scenarios/" + n + ".scn")) {
                    if (in == null) throw new IllegalStateException("scenarios/index.txt names " + n + " but there is no " + n + ".scn");
                    out.add(parse(n, in));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

}
