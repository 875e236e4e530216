package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaults() {
    CircuitBreakerConfig c = CircuitBreakerConfig.defaults();
    assertThat(c.consecutiveFailures()).isEqualTo(5);
    assertThat(c.slidingWindow()).isEmpty();
    assertThat(c.openDurationNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
    assertThat(c.openBackoff()).isEmpty();
    assertThat(c.maxHalfOpenCalls()).isEqualTo(1);
    assertThat(c.successThreshold()).isEqualTo(1);
    assertThat(c.maxWaitInHalfOpenNanos()).isZero();
    assertThat(c.tracksSlowCalls()).isFalse();
    assertThat(c)
        .hasToString(
            "CircuitBreakerConfig[consecutiveFailures=5, open=PT1M, maxHalfOpenCalls=1, successThreshold=1]");
  }

  @Test
  void windowDefaults() {
    CircuitBreakerConfig small = CircuitBreakerConfig.builder().slidingWindow(SlidingWindow.ofCalls(4)).build();
    assertThat(small.consecutiveFailures()).isZero();
    assertThat(small.minimumCalls()).isEqualTo(4);
    assertThat(small.failureRateThreshold()).isEqualTo(50.0);
    CircuitBreakerConfig timed =
        CircuitBreakerConfig.builder()
            .slidingWindow(SlidingWindow.ofTime(Duration.ofSeconds(30)))
            .slowCallRateThreshold(80)
            .slowCallDurationThreshold(Duration.ofSeconds(2))
            .build();
    assertThat(timed.minimumCalls()).isEqualTo(10);
    assertThat(timed.tracksSlowCalls()).isTrue();
    assertThat(timed)
        .hasToString(
            "CircuitBreakerConfig[SlidingWindow.ofTime(PT30S, PT1S), minimumCalls=10, failureRateThreshold=50.0,"
                + " slowCallRateThreshold=80.0, slowCallDurationThreshold=PT2S, open=PT1M, maxHalfOpenCalls=1,"
                + " successThreshold=1]");
  }

  @Test
  void valuesAreCheckedAtOnce() {
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    assertThatThrownBy(() -> b.consecutiveFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveFailures must be >= 1 but was 0");
    assertThatThrownBy(() -> b.failureRateThreshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRateThreshold must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> b.slowCallRateThreshold(100.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCallRateThreshold must be in (0, 100] but was 100.5");
    assertThatThrownBy(() -> b.failureRateThreshold(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.openDuration(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("openDuration must not be negative but was PT-1S");
    assertThatThrownBy(() -> b.maxWaitInHalfOpen(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWaitInHalfOpen must be positive but was PT0S");
    assertThatThrownBy(() -> b.maxHalfOpenCalls(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.successThreshold(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.minimumCalls(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.slidingWindow(null)).isInstanceOf(NullPointerException.class).hasMessage("window");
    assertThatThrownBy(() -> b.openBackoff(null)).isInstanceOf(NullPointerException.class).hasMessage("backoff");
    assertThatThrownBy(() -> b.recordResult(null)).isInstanceOf(NullPointerException.class).hasMessage("predicate");
    assertThatThrownBy(() -> b.openDuration(null)).isInstanceOf(NullPointerException.class).hasMessage("openDuration");
  }

  @Test
  void eachSettingMayBeMadeOnce() {
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.builder().consecutiveFailures(3).openDuration(Duration.ofSeconds(5));
    assertThatThrownBy(() -> b.consecutiveFailures(4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("consecutiveFailures was already set to 3");
    assertThatThrownBy(() -> b.openDuration(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("openDuration was already set to PT5S");
  }

  @Test
  void rulesBetweenSettingsAreCheckedInBuild() {
    assertThatThrownBy(
            () -> CircuitBreakerConfig.builder().consecutiveFailures(3).slidingWindow(SlidingWindow.ofCalls(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "set either consecutiveFailures or slidingWindow, not both (consecutiveFailures=3,"
                + " slidingWindow=SlidingWindow.ofCalls(10))");
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().minimumCalls(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls needs a slidingWindow");
    assertThatThrownBy(
            () -> CircuitBreakerConfig.builder().slidingWindow(SlidingWindow.ofCalls(10)).slowCallRateThreshold(50).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCallRateThreshold and slowCallDurationThreshold go together, but only slowCallRateThreshold was set");
    assertThatThrownBy(
            () -> CircuitBreakerConfig.builder().slidingWindow(SlidingWindow.ofCalls(10)).minimumCalls(11).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls must be <= the window size (10) but was 11");
    assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder()
                    .openDuration(Duration.ofSeconds(1))
                    .openBackoff(Backoff.fixed(Duration.ofSeconds(2)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set either openDuration or openBackoff, not both (openDuration=PT1S, openBackoff=fixed(PT2S))");
  }

  @Test
  void toBuilderDerivesAVariantAndMaySwitchStrategy() {
    CircuitBreakerConfig base =
        CircuitBreakerConfig.builder().consecutiveFailures(3).openDuration(Duration.ofSeconds(5)).build();
    CircuitBreakerConfig windowed =
        base.toBuilder().slidingWindow(SlidingWindow.ofCalls(20)).openBackoff(Backoff.fixed(Duration.ofSeconds(7))).build();
    assertThat(windowed.consecutiveFailures()).isZero();
    assertThat(windowed.minimumCalls()).isEqualTo(10);
    assertThat(windowed.openBackoff()).isPresent();
    CircuitBreakerConfig back = windowed.toBuilder().consecutiveFailures(4).openDuration(Duration.ofSeconds(1)).build();
    assertThat(back.slidingWindow()).isEmpty();
    assertThat(back.minimumCalls()).isZero();
    assertThat(back.failureRateThreshold()).isZero();
    assertThat(back.openBackoff()).isEmpty();
    assertThat(back.consecutiveFailures()).isEqualTo(4);
    CircuitBreakerConfig same = base.toBuilder().successThreshold(2).build();
    assertThat(same.consecutiveFailures()).isEqualTo(3);
    assertThat(same.openDurationNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(same.successThreshold()).isEqualTo(2);
  }

  @Test
  void slidingWindowValidation() {
    assertThat(SlidingWindow.ofCalls(1).size()).isEqualTo(1);
    assertThat(SlidingWindow.ofCalls(SlidingWindow.MAX_CALLS).isTimeBased()).isFalse();
    assertThatThrownBy(() -> SlidingWindow.ofCalls(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be in [1, 1000000] but was 0");
    assertThatThrownBy(() -> SlidingWindow.ofCalls(1_000_001)).isInstanceOf(IllegalArgumentException.class);
    SlidingWindow w = SlidingWindow.ofTime(Duration.ofSeconds(2), Duration.ofMillis(500));
    assertThat(w.size()).isEqualTo(4);
    assertThat(w.bucketNanos()).isEqualTo(500_000_000L);
    assertThat(w.lengthNanos()).isEqualTo(2_000_000_000L);
    assertThat(w).isEqualTo(SlidingWindow.ofTime(Duration.ofSeconds(2), Duration.ofMillis(500)));
    assertThat(w.hashCode()).isEqualTo(SlidingWindow.ofTime(Duration.ofSeconds(2), Duration.ofMillis(500)).hashCode());
    assertThat(w).isNotEqualTo(SlidingWindow.ofCalls(4));
    assertThatThrownBy(() -> SlidingWindow.ofTime(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be a multiple of the bucket (PT1S) but was PT1.5S");
    assertThatThrownBy(() -> SlidingWindow.ofTime(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length / bucket must be <= 3600 but was 7200 (PT2H / PT1S)");
    assertThatThrownBy(() -> SlidingWindow.ofTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be positive but was PT0S");
  }

  @Test
  void breakerBuilderRules() {
    assertThatThrownBy(() -> CircuitBreaker.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> CircuitBreaker.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank but was ' '");
    CircuitBreaker.Builder b = CircuitBreaker.builder("b").ticker(new ManualTicker()).config(CircuitBreakerConfig.defaults());
    assertThatThrownBy(() -> b.ticker(new ManualTicker()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ticker was already set to ManualTicker[0 ns]");
    assertThatThrownBy(() -> b.config(CircuitBreakerConfig.defaults())).isInstanceOf(IllegalStateException.class);
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    try {
      b.scheduler(s);
      assertThatThrownBy(() -> b.scheduler(s)).isInstanceOf(IllegalStateException.class);
    } finally {
      s.shutdownNow();
    }
    CircuitBreaker breaker = b.build();
    assertThat(breaker).hasToString("CircuitBreaker[b, CLOSED]");
    assertThat(breaker.name()).isEqualTo("b");
    assertThat(CircuitBreaker.ofDefaults("d").config()).isSameAs(CircuitBreakerConfig.defaults());
  }
}
