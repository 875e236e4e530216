package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link QueryNames} returns what {@link FormDecoder#decode} does, reusing plain names. */
class QueryNamesTest {

  private static final String ALPHABET = "abq_-.%2B+0123456789éX";

  @Test
  void aPlainNameIsReusedAndEqualsItsSubstring() {
    QueryNames names = new QueryNames();
    String first = names.decode("q=hello&page=2", 0, 1);
    assertThat(first).isEqualTo("q");
    assertThat(names.decode("x=1&q=other", 4, 5)).isSameAs(first);
    assertThat(names.decode("page=2", 0, 4)).isEqualTo("page");
  }

  @Test
  void encodedEmptyAndLongNamesAreDecodedAsBefore() {
    QueryNames names = new QueryNames();
    assertThat(names.decode("a%20b=1", 0, 5)).isEqualTo("a b");
    assertThat(names.decode("a+b=1", 0, 3)).isEqualTo("a b");
    assertThat(names.decode("%zz=1", 0, 3)).isNull();
    assertThat(names.decode("=1", 0, 0)).isEmpty();
    String longName = "n".repeat(QueryNames.MAX_LENGTH + 1);
    assertThat(names.decode(longName, 0, longName.length())).isEqualTo(longName);
  }

  @Test
  void everyNameEqualsFormDecoderUnderManyThreads() throws Exception {
    QueryNames names = new QueryNames();
    ManyThreads.assertEveryCheckHolds(random -> {
      StringBuilder raw = new StringBuilder("x&");
      int length = random.nextInt(5);
      for (int i = 0; i < length; i++) {
        raw.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String text = raw.append("=v").toString();
      int to = text.length() - 2;
      String expected = FormDecoder.decode(text, 2, to);
      String actual = names.decode(text, 2, to);
      return expected == null ? actual == null : expected.equals(actual);
    });
  }
}
