package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void convertsExactlyWhenItFits() {
    assertThat(Durations.toNanosSaturated(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Durations.toNanosSaturated(Duration.ofNanos(-3))).isEqualTo(-3);
    assertThat(Durations.toNanosSaturated(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void saturatesInsteadOfThrowing() {
    assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofDays(365 * 300))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void saturatedAdd() {
    assertThat(Durations.saturatedAdd(1, 2)).isEqualTo(3);
    assertThat(Durations.saturatedAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedAdd(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedAdd(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(-1);
  }

  @Test
  void requireHelpersNameTheSetting() {
    assertThat(Durations.requirePositive("timeout", Duration.ofSeconds(1))).isEqualTo(1_000_000_000L);
    assertThatThrownBy(() -> Durations.requirePositive("timeout", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive but was PT0S");
    assertThatThrownBy(() -> Durations.requireNonNegative("maxWait", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWait must not be negative but was PT-1S");
    assertThatThrownBy(() -> Durations.requirePositive("timeout", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }
}
