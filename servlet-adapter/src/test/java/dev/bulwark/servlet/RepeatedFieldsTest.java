package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.junit.jupiter.api.Test;

/** A value instance set again shares one pre-encoded field; anything else gets a plain field. */
class RepeatedFieldsTest {

  private static final String NAME = "RateLimit";

  @Test
  void theSameValueInstanceIsBuiltOnceOnItsSecondUseAndSharedAfter() {
    String value = new String("\"api\";r=41;t=1".toCharArray());

    HttpField first = RepeatedFields.of(null, NAME, value);
    HttpField second = RepeatedFields.of(null, NAME, value);
    HttpField third = RepeatedFields.of(null, NAME, value);

    assertThat(first).isNotInstanceOf(PreEncodedHttpField.class);
    assertThat(second).isInstanceOf(PreEncodedHttpField.class);
    assertThat(third).isSameAs(second);
    for (HttpField f : new HttpField[] {first, second, third}) {
      assertThat(f.getName()).isEqualTo(NAME);
      assertThat(f.getValue()).isEqualTo(value);
      assertThat(f.getHeader()).isNull();
    }
  }

  @Test
  void anEqualValueOfAnotherInstanceOrUnderAnotherNameGetsItsOwnField() {
    String value = new String("\"api\";r=7;t=1".toCharArray());
    RepeatedFields.of(null, NAME, value);
    HttpField built = RepeatedFields.of(null, NAME, value);
    assertThat(built).isInstanceOf(PreEncodedHttpField.class);

    HttpField equalText = RepeatedFields.of(null, NAME, new String(value.toCharArray()));
    HttpField otherName = RepeatedFields.of(HttpHeader.CACHE_CONTROL, "Cache-Control", value);

    assertThat(equalText).isNotSameAs(built);
    assertThat(equalText.getValue()).isEqualTo(value);
    assertThat(otherName).isNotSameAs(built);
    assertThat(otherName.getHeader()).isEqualTo(HttpHeader.CACHE_CONTROL);
    assertThat(otherName.getName()).isEqualTo("Cache-Control");
  }

  @Test
  void valuesBeyondVisibleAsciiAreNeverPreEncoded() {
    String latin1 = new String("caf\u00e9".toCharArray());
    for (int i = 0; i < 3; i++) {
      HttpField f = RepeatedFields.of(null, NAME, latin1);
      assertThat(f).isNotInstanceOf(PreEncodedHttpField.class);
      assertThat(f.getValue()).isSameAs(latin1);
    }
  }
}
