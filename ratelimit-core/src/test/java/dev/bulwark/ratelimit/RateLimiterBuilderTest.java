package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Sleeper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterBuilderTest {

  private final RateLimit limit = RateLimit.perSecond(5);
  private final ManualTicker ticker = new ManualTicker();

  @Test
  void limitsAreRequired() {
    assertThatThrownBy(() -> RateLimiter.builder())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    assertThatThrownBy(() -> RateLimiter.builder(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    assertThatThrownBy(() -> RateLimiter.builder((RateLimit[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RateLimiter.builder((List<RateLimit>) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RateLimiter.builder(limit, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RateLimiter.builder(Arrays.asList(limit, null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void nullSettingsAreRefusedNamingTheParameter() {
    RateLimiterBuilder builder = RateLimiter.builder(limit);
    assertThatThrownBy(() -> builder.name(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> builder.algorithm(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("algorithm");
    assertThatThrownBy(() -> builder.ticker(null)).isInstanceOf(NullPointerException.class).hasMessage("ticker");
    assertThatThrownBy(() -> builder.sleeper(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sleeper");
    assertThatThrownBy(() -> builder.listener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }

  @Test
  void aBlankNameIsRefused() {
    assertThatThrownBy(() -> RateLimiter.builder(limit).name(" \t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
  }

  @Test
  void eachSettingIsMadeOnce() {
    RateLimiterBuilder builder =
        RateLimiter.builder(limit)
            .name("a")
            .algorithm(RateLimitAlgorithm.FIXED_WINDOW)
            .ticker(ticker)
            .sleeper(ticker.sleeper());
    assertThatThrownBy(() -> builder.name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> builder.algorithm(RateLimitAlgorithm.TOKEN_BUCKET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("algorithm was already set to FIXED_WINDOW");
    assertThatThrownBy(() -> builder.ticker(ticker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ticker was already set to ManualTicker[");
    assertThatThrownBy(() -> builder.sleeper(Sleeper.system()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("sleeper was already set to ");
  }

  @Test
  void defaultsAreATokenBucketNamedRateLimiter() {
    RateLimiter limiter = RateLimiter.builder(limit).ticker(ticker).build();
    assertThat(limiter.name()).isEqualTo("rate-limiter");
    assertThat(limiter.limits()).containsExactly(limit);
    // A token bucket refills one permit per emission interval (a fixed window would wait 1 s).
    assertThat(limiter.tryAcquire(5)).isTrue();
    ticker.advanceNanos(limit.emissionIntervalNanos());
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(RateLimiter.builder(limit).build().tryAcquire(5)).isTrue(); // system clock
  }

  @Test
  void theBuiltLimiterDoesNotSeeLaterChangesToTheList() {
    List<RateLimit> limits = new ArrayList<>(List.of(limit));
    RateLimiter limiter = RateLimiter.builder(limits).ticker(ticker).build();
    limits.add(RateLimit.perMinute(1));
    assertThat(limiter.limits()).containsExactly(limit);
    assertThatThrownBy(() -> limiter.limits().add(limit)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settingsMayComeInAnyOrder() {
    RateLimiter limiter =
        RateLimiter.builder(limit)
            .sleeper(ticker.sleeper())
            .listener(event -> {})
            .ticker(ticker)
            .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_LOG)
            .name("z")
            .build();
    assertThat(limiter.name()).isEqualTo("z");
    assertThat(limiter.tryAcquire(5)).isTrue();
    ticker.advanceNanos(limit.emissionIntervalNanos());
    assertThat(limiter.tryAcquire()).isFalse(); // a log waits for its first entry to expire
  }
}
