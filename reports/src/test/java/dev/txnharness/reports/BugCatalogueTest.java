package dev.txnharness.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txnharness.engine.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bug catalogue (docs/BUGS.md) holds: every deliberate bug of {@link Fault} is listed there,
 * and the CLI's check of the engine built with it ends in exit 1. The full table (default run,
 * time to detect, counterexample size) is scripts/bug-catalogue.sh's job; here the fast path: the
 * scenarios suite alone, about a second a fault, which catches every fault but two.
 *
 * <p>Not here: {@link Fault#EXEC_NOT_ISOLATED} needs clients on real threads (the histories suite,
 * FaultsAreFoundTest, and the jcstress tests of stress/ catch it); {@link Fault#AOF_SPLIT_TRANSACTION}
 * needs a crash, which {@code ./harness check} does not do (EngineBankCrashTest catches it).
 */
class BugCatalogueTest {

    @TempDir Path tmp;

    @ParameterizedTest(name = "check --suite scenarios --fault {0} ends in exit 1")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = {"EXEC_NOT_ISOLATED", "AOF_SPLIT_TRANSACTION"})
    void scenariosCatchTheFault(Fault fault) {
        Cli check = Cli.run("check", "--suite", "scenarios", "--fault", fault.name(), "--out", tmp.resolve("out").toString());
        assertEquals(1, check.exit(), () -> "the scenarios should contradict Redis with " + fault + ":\n" + check);
        assertTrue(check.err().contains(" failed"), check::toString);
    }

    @Test
    void everyFaultIsInTheCatalogue() throws Exception {
        String doc = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/BUGS.md"));
        List<String> missing = new ArrayList<>();
        for (Fault f : Fault.values()) if (!doc.contains("`" + f.name() + "`")) missing.add(f.name());
        assertEquals(List.of(), missing, "faults missing from docs/BUGS.md: rerun scripts/bug-catalogue.sh and update the table");
    }
}
