package dev.txnharness.properties.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertyTest {
  private static final Gen<List<Integer>> LISTS = Gen.listOf(Gen.ints(0, 100), 0, 30);

  @Test
  void aTruePropertyRunsEveryTryAndPasses() {
    Statistics stats = Property.forAll(LISTS).tries(50).seed(1).check(xs -> {
      Property.label(xs.isEmpty() ? "empty" : "non-empty");
      List<Integer> copy = new ArrayList<>(xs);
      assertEquals(xs, copy);
    });
    assertEquals(50, stats.examples());
    assertEquals(50, stats.count("empty") + stats.count("non-empty"));
    assertTrue(stats.count("non-empty") > 0, "the generator should make non-empty lists");
  }

  @Test
  void aFalsePropertyShrinksToTheMinimalCounterexample() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () ->
        Property.forAll(LISTS).tries(200).check(xs ->
            assertTrue(xs.stream().mapToInt(Integer::intValue).sum() < 100, "sum too big")));
    assertEquals(List.of(100), f.example(), f.getMessage());
  }

  @Test
  void listsShrinkToTheShortestFailingLengthWithZeroElements() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () ->
        Property.forAll(LISTS).tries(200).check(xs -> assertTrue(xs.size() < 3)));
    assertEquals(List.of(0, 0, 0), f.example());
  }

  @Test
  void theSameSeedGivesTheSameExamples() {
    List<List<Integer>> first = new ArrayList<>();
    List<List<Integer>> second = new ArrayList<>();
    List<List<Integer>> other = new ArrayList<>();
    Property.forAll(LISTS).tries(30).seed(42).check(first::add);
    Property.forAll(LISTS).tries(30).seed(42).check(second::add);
    Property.forAll(LISTS).tries(30).seed(43).check(other::add);
    if (!PropertyConfig.seedFixed()) {
      assertNotEquals(first, other);
    }
    assertEquals(first, second);
  }

  @Test
  void thePrintedSeedReplaysTheFailureFirstAndTheMessageSaysHow() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () ->
        Property.forAll(Gen.ints(0, 1000)).tries(1000).check(x -> assertTrue(x < 900)));
    assertEquals(900, f.example());
    assertTrue(f.getMessage().contains("-Dtest=PropertyTest#thePrintedSeedReplaysTheFailureFirst"
        + "AndTheMessageSaysHow -Dharness.seed=" + f.seed()), f.getMessage());
    List<Integer> seen = new ArrayList<>();
    assertThrows(PropertyFailure.class, () -> Property.forAll(Gen.ints(0, 1000)).tries(1)
        .seed(f.seed()).check(x -> {
          seen.add(x);
          assertTrue(x < 900);
        }));
    assertTrue(seen.get(0) >= 900, "the first example of the printed seed fails: " + seen);
  }

  @Test
  void discardedExamplesAreNotCounted() {
    Statistics stats = Property.forAll(Gen.ints(0, 9)).tries(20).seed(5).check(x -> {
      Property.assume(x % 2 == 0);
      assertEquals(0, x % 2);
    });
    assertEquals(20, stats.examples());
  }

  @Test
  void oneOfShrinksTowardsTheFirstAlternative() {
    Gen<String> g = Gen.oneOf(Gen.constant("a"), Gen.ints(0, 5).map(i -> "b" + i));
    PropertyFailure f = assertThrows(PropertyFailure.class, () ->
        Property.forAll(Gen.listOf(g, 0, 10)).tries(300).check(xs ->
            assertTrue(xs.stream().filter(s -> s.startsWith("b")).count() < 2)));
    assertEquals(List.of("b0", "b0"), f.example());
  }
}
