package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void setOnceReturnsTheValueTheFirstTime() {
    assertThat(Preconditions.setOnce("ticker", null, "t")).isEqualTo("t");
  }

  @Test
  void setOnceNamesTheSettingOnNullAndTheValueOnASecondCall() {
    assertThatThrownBy(() -> Preconditions.setOnce("ticker", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThatThrownBy(() -> Preconditions.setOnce("ticker", "first", "second"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ticker was already set to first");
  }

  @Test
  void namesMustNotBeBlankAndAreSetOnce() {
    assertThat(Preconditions.setNameOnce(null, "api")).isEqualTo("api");
    assertThatThrownBy(() -> Preconditions.setNameOnce(null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Preconditions.setNameOnce(null, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
    assertThatThrownBy(() -> Preconditions.setNameOnce("api", "web"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to api");
  }

  @Test
  void requireUnsetForReferencesAndSentinels() {
    Preconditions.requireUnset("backoff", null);
    Preconditions.requireUnset("maxAttempts", false, 0);
    assertThatThrownBy(() -> Preconditions.requireUnset("backoff", "fixed"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("backoff was already set to fixed");
    assertThatThrownBy(() -> Preconditions.requireUnset("maxAttempts", true, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAttempts was already set to 3");
    assertThat(Preconditions.alreadySet("x", 1)).hasMessage("x was already set to 1");
  }

  @Test
  void countsStartAtOne() {
    Preconditions.requireAtLeastOne("permits", 1);
    assertThatThrownBy(() -> Preconditions.requireAtLeastOne("permits", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
  }
}
