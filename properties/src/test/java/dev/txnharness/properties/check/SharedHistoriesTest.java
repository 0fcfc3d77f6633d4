package dev.txnharness.properties.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every row of Porcupine's test data gets the verdict Porcupine's own tests assert. */
class SharedHistoriesTest {
  static Path dir() {
    try {
      return Path.of(Objects.requireNonNull(
          SharedHistoriesTest.class.getResource("/histories/EXPECTED.tsv")).toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyFileIsListedOnce() throws Exception {
    List<SharedHistories.Row> rows = SharedHistories.rows(dir());
    assertEquals(112, rows.size(), "102 etcd logs (000-102 but 095) + 10 kv rows");
  }

  @Test
  void etcd095HasNoUpstreamVerdictButTheCheckTerminates() throws Exception {
    // Porcupine's tests skip etcd_095 (the etcd cluster failed to start in that Jepsen run).
    SharedHistories.Row row = new SharedHistories.Row("jepsen/etcd_095.log", "etcd-register",
        null, -1);
    CheckResult<?, ?> r = SharedHistories.load(dir(), row)
        .check(new LinearizabilityChecker(Duration.ofSeconds(60)));
    assertNotEquals(Verdict.UNKNOWN, r.verdict(), r.explanation());
  }

  @TestFactory
  Stream<DynamicTest> sameVerdictAsPorcupine() throws Exception {
    LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(60));
    List<DynamicTest> tests = new ArrayList<>();
    for (SharedHistories.Row row : SharedHistories.rows(dir())) {
      tests.add(DynamicTest.dynamicTest(row.file() + " " + row.model(), () -> {
        CheckResult<?, ?> r = SharedHistories.load(dir(), row).check(checker);
        if (row.linearizable() == null) {
          // etcd_095: no verdict upstream (the etcd cluster failed to start); only ask for one.
          assertNotEquals(Verdict.UNKNOWN, r.verdict(), r.explanation());
          return;
        }
        assertEquals(row.linearizable() ? Verdict.LINEARIZABLE : Verdict.VIOLATION, r.verdict(),
            r.explanation());
        if (r.verdict() == Verdict.VIOLATION) {
          assertTrue(r.violation().reason().contains("had to take effect before it returned"),
              r.explanation());
        }
      }));
    }
    return tests.stream();
  }
}
