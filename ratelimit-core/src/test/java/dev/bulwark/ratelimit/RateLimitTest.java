package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void factoriesSetTheRateAndABurstOfTheWholeQuota() {
    assertThat(RateLimit.perSecond(10)).isEqualTo(RateLimit.of(10, Duration.ofSeconds(1)));
    assertThat(RateLimit.perMinute(30).period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(RateLimit.perHour(1000).period()).isEqualTo(Duration.ofHours(1));
    RateLimit limit = RateLimit.perMinute(30);
    assertThat(limit.permits()).isEqualTo(30);
    assertThat(limit.burst()).isEqualTo(30);
    assertThat(limit.emissionIntervalNanos()).isEqualTo(2_000_000_000L);
    assertThat(limit.refillToFullNanos()).isEqualTo(60_000_000_000L);
  }

  @Test
  void withBurstKeepsTheRate() {
    RateLimit limit = RateLimit.perMinute(30).withBurst(10);
    assertThat(limit.permits()).isEqualTo(30);
    assertThat(limit.burst()).isEqualTo(10);
    assertThat(limit.emissionIntervalNanos()).isEqualTo(2_000_000_000L);
    assertThat(limit.refillToFullNanos()).isEqualTo(20_000_000_000L);
    assertThat(limit).isNotEqualTo(RateLimit.perMinute(30)).hasToString("30/minute burst 10");
  }

  @Test
  void theEmissionIntervalIsRoundedUp() {
    assertThat(RateLimit.of(3, Duration.ofNanos(10)).emissionIntervalNanos()).isEqualTo(4);
    assertThat(RateLimit.of(3, Duration.ofSeconds(10)).emissionIntervalNanos()).isEqualTo(3_333_333_334L);
    assertThat(RateLimit.of(7, Duration.ofNanos(1)).emissionIntervalNanos()).isEqualTo(1);
  }

  @Test
  void equalLimitsAreEqual() {
    assertThat(RateLimit.of(60, Duration.ofSeconds(60)))
        .isEqualTo(RateLimit.perMinute(60))
        .hasSameHashCodeAs(RateLimit.perMinute(60));
    assertThat(RateLimit.perMinute(60)).isNotEqualTo(RateLimit.perMinute(61)).isNotEqualTo("60/minute");
  }

  @Test
  void badValuesAreRefusedNamingThem() {
    assertThatThrownBy(() -> RateLimit.perSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be positive but was PT0S");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be positive but was PT-1S");
    assertThatThrownBy(() -> RateLimit.of(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("period");
    assertThatThrownBy(() -> RateLimit.perSecond(1).withBurst(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be >= 1 but was 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ofDays(365 * 100L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst 1 at one permit every 3153600000000000000 ns spans more than 73 years");
  }
}
