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
    CircuitBreakerConfig small =
        CircuitBreakerConfig.builder().trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(4))).build();
    assertThat(small.consecutiveFailures()).isZero();
    assertThat(small.minimumCalls()).isEqualTo(4);
    assertThat(small.failureRateThreshold()).isEqualTo(50.0);
    CircuitBreakerConfig timed =
        CircuitBreakerConfig.builder()
            .trip(
                TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(30)))
                    .slowCallRate(80, Duration.ofSeconds(2)))
            .build();
    assertThat(timed.minimumCalls()).isEqualTo(10);
    assertThat(timed.tracksSlowCalls()).isTrue();
    assertThat(timed)
        .hasToString(
            "CircuitBreakerConfig[SlidingWindow.ofTime(PT30S, PT1S), minimumCalls=10, failureRateThreshold=50.0,"
                + " slowCallRateThreshold=80.0, slowCallDurationThreshold=PT2S, open=PT1M, maxHalfOpenCalls=1,"
                + " successThreshold=1]");
    assertThat(timed.trip())
        .isEqualTo(
            TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(30)))
                .slowCallRate(80, Duration.ofSeconds(2)));
  }

  @Test
  void valuesAreCheckedAtOnce() {
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    SlidingWindow w = SlidingWindow.ofCalls(10);
    assertThatThrownBy(() -> TripStrategy.consecutiveFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveFailures must be >= 1 but was 0");
    assertThatThrownBy(() -> TripStrategy.failureRate(0, w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRateThreshold must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> TripStrategy.failureRate(50, w).slowCallRate(100.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCallRateThreshold must be in (0, 100] but was 100.5");
    assertThatThrownBy(() -> TripStrategy.failureRate(50, w).slowCallRate(50, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCallDurationThreshold must be positive but was PT0S");
    assertThatThrownBy(() -> TripStrategy.failureRate(Double.NaN, w)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.openDuration(Backoff.fixed(Duration.ofSeconds(-1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative but was PT-1S");
    assertThatThrownBy(() -> b.maxWaitInHalfOpen(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWaitInHalfOpen must be positive but was PT0S");
    assertThatThrownBy(() -> b.maxHalfOpenCalls(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.successThreshold(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TripStrategy.failureRate(50, w).minimumCalls(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TripStrategy.failureRate(50, null)).isInstanceOf(NullPointerException.class).hasMessage("window");
    assertThatThrownBy(() -> b.trip(null)).isInstanceOf(NullPointerException.class).hasMessage("strategy");
    assertThatThrownBy(() -> b.recordResult(null)).isInstanceOf(NullPointerException.class).hasMessage("predicate");
    assertThatThrownBy(() -> b.openDuration(null)).isInstanceOf(NullPointerException.class).hasMessage("openDuration");
  }

  @Test
  void eachSettingMayBeMadeOnce() {
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(3))
            .openDuration(Backoff.fixed(Duration.ofSeconds(5)));
    assertThatThrownBy(() -> b.trip(TripStrategy.consecutiveFailures(4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("trip was already set to consecutiveFailures=3");
    assertThatThrownBy(() -> b.openDuration(Backoff.fixed(Duration.ofSeconds(6))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("openDuration was already set to fixed(PT5S)");
  }

  @Test
  void rulesBetweenSettingsAreCheckedWhereBothAreKnown() {
    assertThatThrownBy(() -> TripStrategy.consecutiveFailures(3).minimumCalls(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("minimumCalls needs a failureRate strategy, not consecutiveFailures(3)");
    assertThatThrownBy(() -> TripStrategy.consecutiveFailures(3).slowCallRate(50, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slowCallRate needs a failureRate strategy, not consecutiveFailures(3)");
    assertThatThrownBy(() -> TripStrategy.failureRate(50, SlidingWindow.ofCalls(10)).minimumCalls(11))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("minimumCalls must be <= the window size (10) but was 11");
    assertThat(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(10))).minimumCalls(500).minimumCalls())
        .isEqualTo(500);
  }

  @Test
  void openDurationIsOneBackoff() {
    CircuitBreakerConfig fixed =
        CircuitBreakerConfig.builder().openDuration(Backoff.fixed(Duration.ofSeconds(7))).build();
    assertThat(fixed.openDurationNanos()).isEqualTo(Duration.ofSeconds(7).toNanos());
    assertThat(fixed.openBackoff()).isEmpty();
    assertThat(fixed.openDuration()).isEqualTo(Backoff.fixed(Duration.ofSeconds(7)));
    assertThat(fixed.toString()).contains("open=PT7S");
    Backoff growing = Backoff.exponential(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5));
    CircuitBreakerConfig backingOff = CircuitBreakerConfig.builder().openDuration(growing).build();
    assertThat(backingOff.openBackoff()).contains(growing);
    assertThat(backingOff.toString()).contains("open=exponential(PT30S x2.0 cap PT5M)");
    Backoff jittered = Backoff.fixed(Duration.ofSeconds(7)).withFullJitter();
    assertThat(CircuitBreakerConfig.builder().openDuration(jittered).build().openBackoff()).contains(jittered);
  }

  @Test
  void toBuilderDerivesAVariantAndMaySwitchStrategy() {
    CircuitBreakerConfig base =
        CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(3))
            .openDuration(Backoff.fixed(Duration.ofSeconds(5)))
            .build();
    CircuitBreakerConfig windowed =
        base.toBuilder()
            .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(20)))
            .openDuration(Backoff.exponential(Duration.ofSeconds(7), 2.0, Duration.ofMinutes(1)))
            .build();
    assertThat(windowed.consecutiveFailures()).isZero();
    assertThat(windowed.minimumCalls()).isEqualTo(10);
    assertThat(windowed.openBackoff()).isPresent();
    CircuitBreakerConfig back =
        windowed.toBuilder()
            .trip(TripStrategy.consecutiveFailures(4))
            .openDuration(Backoff.fixed(Duration.ofSeconds(1)))
            .build();
    assertThat(back.slidingWindow()).isEmpty();
    assertThat(back.minimumCalls()).isZero();
    assertThat(back.failureRateThreshold()).isZero();
    assertThat(back.openBackoff()).isEmpty();
    assertThat(back.consecutiveFailures()).isEqualTo(4);
    CircuitBreakerConfig same = base.toBuilder().successThreshold(2).build();
    assertThat(same.consecutiveFailures()).isEqualTo(3);
    assertThat(same.openDurationNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(same.successThreshold()).isEqualTo(2);
    assertThatThrownBy(() -> base.toBuilder().successThreshold(2).successThreshold(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("successThreshold was already set to 2");
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
