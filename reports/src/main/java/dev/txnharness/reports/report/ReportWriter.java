package dev.txnharness.reports.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.txnharness.properties.check.CheckResult;
import dev.txnharness.properties.check.Violation;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.Operation;
import dev.txnharness.properties.model.RedisInput;
import dev.txnharness.reports.suite.HistoryRun;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report folder: summary.json, junit.xml, index.html, and for every history that did not
 * pass, history-N.jsonl and replay-N.sh. {@link #rerender} rebuilds index.html and junit.xml from
 * summary.json and the history files, so a later tool (or test) can load a report again.
 */
public final class ReportWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** The outcome record of a checked history (file names filled in for those written). */
    public static RunSummary.HistoryOutcome outcome(HistoryRun r, String target) {
        CheckResult<RedisInput, Reply> res = r.result();
        boolean keep = res.verdict() != dev.txnharness.properties.check.Verdict.LINEARIZABLE;
        RunSummary.Evidence ev = null;
        if (res.violation() != null) {
            Violation<RedisInput, Reply> v = res.violation();
            List<Integer> prefix = new ArrayList<>();
            for (Operation<RedisInput, Reply> o : v.prefix()) prefix.add(o.id());
            ev = new RunSummary.Evidence(prefix, v.blocked().id(), v.state(), v.reason());
        }
        int ops = (int) r.history().events().stream().filter(e -> e.type() == dev.txnharness.properties.history.EventType.INVOKE).count();
        String verdict = switch (res.verdict()) {
            case LINEARIZABLE -> RunSummary.PASSED;
            case VIOLATION -> RunSummary.VIOLATION;
            case UNKNOWN -> RunSummary.UNKNOWN;
        };
        int clients = (int) r.history().events().stream().mapToInt(dev.txnharness.properties.history.Event::client).distinct().count();
        return new RunSummary.HistoryOutcome(r.index(), r.property(), target, r.seed(), clients, r.recordedOps(), ops,
                r.minimal(), verdict, res.explanation(), res.elapsed().toMillis(),
                keep ? "history-" + r.index() + ".jsonl" : null,
                keep && !r.replay().isEmpty() ? "replay-" + r.index() + ".sh" : null, ev, r.reproduced());
    }

    /** Writes the whole folder; {@code runs} are the histories whose files are written. */
    public static void write(Path dir, RunSummary s, List<HistoryRun> runs, String rerun) throws IOException {
        Files.createDirectories(dir);
        Map<Integer, History> histories = new HashMap<>();
        for (RunSummary.HistoryOutcome o : s.histories()) {
            if (o.historyFile() == null) continue;
            for (HistoryRun r : runs) {
                if (r.index() != o.index()) continue;
                histories.put(r.index(), r.history());
                try (Writer w = Files.newBufferedWriter(dir.resolve(o.historyFile()), StandardCharsets.UTF_8)) {
                    HistoryJson.write(r.history(), w);
                }
                if (o.replayFile() != null) {
                    Path script = dir.resolve(o.replayFile());
                    Files.writeString(script, ReplayScript.render(r, o.target(), rerun), StandardCharsets.UTF_8);
                    try {
                        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system: run it with bash
                    }
                }
            }
        }
        JSON.writeValue(dir.resolve("summary.json").toFile(), s);
        renderFiles(dir, s, histories);
    }

    /** Reads a report folder's summary.json. */
    public static RunSummary read(Path dir) throws IOException {
        Path json = dir.resolve("summary.json");
        if (!Files.isRegularFile(json)) throw new IOException("no summary.json in " + dir + " (is it a report folder?)");
        return JSON.readValue(json.toFile(), RunSummary.class);
    }

    /** Reads summary.json and the histories it names, and writes index.html and junit.xml again. */
    public static RunSummary rerender(Path dir) throws IOException {
        RunSummary s = read(dir);
        Map<Integer, History> histories = new HashMap<>();
        for (RunSummary.HistoryOutcome o : s.histories()) {
            if (o.historyFile() == null || !Files.isRegularFile(dir.resolve(o.historyFile()))) continue;
            try (Reader r = Files.newBufferedReader(dir.resolve(o.historyFile()), StandardCharsets.UTF_8)) {
                histories.put(o.index(), HistoryJson.read(r));
            }
        }
        renderFiles(dir, s, histories);
        return s;
    }

    private static void renderFiles(Path dir, RunSummary s, Map<Integer, History> histories) throws IOException {
        Files.writeString(dir.resolve("junit.xml"), JunitXml.render(s), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), HtmlReport.render(s, histories), StandardCharsets.UTF_8);
    }
}
