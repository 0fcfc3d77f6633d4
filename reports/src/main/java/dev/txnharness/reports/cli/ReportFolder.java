package dev.txnharness.reports.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The report folder of a run, made ready before the run starts, so a folder that cannot be
 * written ends the command at once (exit 2) rather than after a long run.
 *
 * <p>The default folder is {@code harness-out/<yyyyMMdd-HHmmss>}, with {@code -2}, {@code -3}, ...
 * added when that name is taken: the folder is created atomically, so two runs started in the
 * same second (or on a shared disk) never write into one folder.
 *
 * <p>A given {@code --out} may be new, empty, or an earlier report: then the files the harness
 * writes there ({@link #OURS}: index.html, summary.json, junit.xml, history-N.jsonl, replay-N.sh)
 * are removed first, so no stale history of the earlier run is left beside the new summary. A
 * folder that holds anything else is refused (exit 2) and left untouched: it is not ours to clean.
 */
public final class ReportFolder {
    /** The names of the files the harness writes into a report folder. */
    static final Pattern OURS = Pattern.compile("index\\.html|summary\\.json|junit\\.xml|history-\\d+\\.jsonl|replay-\\d+\\.sh"
            + "|distributed-[A-Za-z0-9_.-]+-\\d+\\.json");

    private ReportFolder() {}

    /** A new folder under {@code root} named {@code prefix} and the time, unique even for runs in the same second. */
    public static Path fresh(Path root, String prefix) {
        String stamp = prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(root);
            for (int n = 1; ; n++) {
                Path dir = root.resolve(n == 1 ? stamp : stamp + "-" + n);
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    // another run has it: next suffix
                }
            }
        } catch (IOException e) {
            throw new CouldNotRun("cannot create a report folder under " + root + ": " + TargetSpec.oneLine(e)
                    + " (pick a writable one with --out DIR)", e);
        }
    }

    /** Makes {@code --out DIR} ready: created if missing, checked writable, an earlier report's files removed. */
    static Path prepare(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new CouldNotRun("--out " + dir + " is a file, not a folder");
            Files.createDirectories(dir);
            List<Path> stale = new ArrayList<>(), foreign = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> (Files.isRegularFile(p) && OURS.matcher(p.getFileName().toString()).matches() ? stale : foreign).add(p));
            }
            if (!foreign.isEmpty()) {
                throw new CouldNotRun("--out " + dir + " holds files the harness did not write (" + foreign.get(0).getFileName()
                        + (foreign.size() > 1 ? " and " + (foreign.size() - 1) + " more" : "")
                        + "); use a new or empty folder, or an earlier report folder");
            }
            // a probe, so an unwritable folder fails now and not when the report is written
            Files.delete(Files.createTempFile(dir, ".harness-", ".probe"));
            for (Path p : stale) Files.delete(p);
            return dir;
        } catch (CouldNotRun e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw new CouldNotRun("cannot write the report to --out " + dir + ": " + TargetSpec.oneLine(e), e);
        }
    }
}
