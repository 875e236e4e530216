package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.validation.InputPolicy;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CleanQueries} keeps clean queries only, and a {@link ValidationGate} that uses it answers
 * exactly as one that checks every query in full.
 */
class CleanQueriesTest {

  /** Pieces of queries: plain words, escapes (some malformed), separators and injection pieces. */
  private static final String[] PIECES = {
    "q", "=", "&", "hello", "%20", "+", "world", "page", "2", "%27", "'", " OR ", "1", "%3D",
    "<script>", "%3Cscript%3E", "alert(1)", "--", "%zz", "%", "select", " union ", "from", "é",
    "%C3%A9", "%00", "%FF", "a",
  };

  @Test
  void keepsWhatItIsGivenAndComparesInFull() {
    CleanQueries clean = new CleanQueries();
    assertThat(clean.contains("q=hello%20world")).isFalse();
    clean.add("q=hello%20world");
    assertThat(clean.contains("q=hello%20world")).isTrue();
    assertThat(clean.contains(new String("q=hello%20world".toCharArray()))).isTrue();
    assertThat(clean.contains("q=hello%20worle")).isFalse();
    String tooLong = "q=" + "a".repeat(CleanQueries.MAX_LENGTH);
    clean.add(tooLong);
    assertThat(clean.contains(tooLong)).isFalse();
  }

  @Test
  void aQueryInTheSameSlotReplacesTheOneKept() {
    CleanQueries clean = new CleanQueries();
    // "Aa" and "BB" have the same String hash, so the same slot.
    assertThat("q=Aa".hashCode()).isEqualTo("q=BB".hashCode());
    clean.add("q=Aa");
    clean.add("q=BB");
    assertThat(clean.contains("q=BB")).isTrue();
    assertThat(clean.contains("q=Aa")).isFalse();
  }

  @Test
  void aQueryWithAViolationIsRefusedEveryTimeAndACleanOneIsKept() {
    ValidationGate gate = new ValidationGate(InputPolicy.forQueries(), null, -1, null, null);
    String injection = "/api?q=1%27+OR+%271%27%3D%271";
    ValidationGate.Invalid first = gate.check(FakeRequest.get(injection));
    ValidationGate.Invalid again = gate.check(FakeRequest.get(injection));
    assertThat(first).isNotNull();
    assertThat(again).isEqualTo(first);
    assertThat(gate.check(FakeRequest.get("/api?q=hello%20world"))).isNull();
    assertThat(gate.check(FakeRequest.get("/api?q=hello%20world"))).isNull();
  }

  @Test
  void aGateWithTheCacheAnswersAsAFreshGateOnRandomQueriesUnderManyThreads() throws Exception {
    InputPolicy policy = InputPolicy.builder().maxFields(4).maxCodePoints(12).maxFieldNameLength(6)
        .detectSqlInjection(true).detectXss(true).build();
    ValidationGate shared = new ValidationGate(policy, null, -1, null, null);
    ManyThreads.assertEveryCheckHolds(random -> {
      String target = "/api?" + query(random);
      ValidationGate.Invalid cached = shared.check(FakeRequest.get(target));
      ValidationGate.Invalid full = new ValidationGate(policy, null, -1, null, null).check(FakeRequest.get(target));
      return Objects.equals(cached, full);
    });
  }

  /** A query of a few pieces: drawn from a small set so that the same query comes back often. */
  private static String query(SplittableRandom random) {
    StringBuilder q = new StringBuilder("q=");
    int pieces = 1 + random.nextInt(4);
    for (int i = 0; i < pieces; i++) {
      q.append(PIECES[random.nextInt(random.nextBoolean() ? 6 : PIECES.length)]);
    }
    return q.toString();
  }
}
